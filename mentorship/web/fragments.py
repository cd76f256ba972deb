"""Rendered fragments kept in each worker's memory (the board's posts, the thread's messages).

A fragment is a pure function of its cache key, so nothing needs invalidating: what changes the HTML changes the
key, and old entries age out. The CSRF token is the one per-person part: fragments keep a slot for it that
each response fills in (fill_csrf).
"""

from threading import Lock

from cachetools import LRUCache
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup

# In the HTML only where the template puts it: user text is escaped ("<" -> "&lt;") and post bodies
# pass the sanitiser, which drops unknown tags.
CSRF_SLOT = "<csrf-slot>"


class FragmentCache:
    """HTML strings in cachetools' LRUCache within a byte budget, behind a lock (threaded servers share it).

    An entry counts twice its HTML: the key holds the post's body again."""

    def __init__(self, max_bytes: int):
        self._items = LRUCache(maxsize=max_bytes, getsizeof=self._cost)
        self._lock = Lock()

    @staticmethod
    def _cost(value: str) -> int:
        return 2 * len(value) + 256

    @property
    def max_bytes(self) -> int:
        return self._items.maxsize

    @property
    def bytes(self) -> int:
        return self._items.currsize

    def get(self, key):
        with self._lock:
            return self._items.get(key)

    def put(self, key, value: str) -> None:
        with self._lock:
            try:
                self._items[key] = value
            except ValueError:  # over the whole budget: all the others would go to make room, and still no room
                self._items.clear()

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


def fill_csrf(html: str) -> Markup:
    """Cached HTML with this person's CSRF token in its slots."""
    return Markup(html.replace(CSRF_SLOT, generate_csrf()))
