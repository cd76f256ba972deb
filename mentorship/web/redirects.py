"""Where a form may send a person back to: a path on this site, never anywhere else.

Browsers read a Location the WHATWG way: they drop tab, CR and LF anywhere, strip leading and trailing
control characters and spaces, treat a backslash like a slash, and take `//host` (or `/\\host`) as another site.
So a `next`, a Referer or any return URL is followed only when, read that way, it is a plain path of this
site; anything else falls back to a safe page. One rule, used by every view that takes a return URL.
"""

import re
from urllib.parse import unquote, urlsplit

# A path of this site: "/" then printable ASCII, not a second slash or backslash right after the first.
_LOCAL_PATH = re.compile(r"/(?![/\\])[\x21-\x7e]*")
_BROWSER_DROPS = re.compile(r"[\t\n\r]")
_C0_AND_SPACE = "".join(chr(code) for code in range(0x21))


def is_local_path(target: str | None) -> bool:
    """Whether a browser would read `target` as a path of this site (and nothing stranger)."""
    if not target or target != target.strip(_C0_AND_SPACE):
        return False
    if _BROWSER_DROPS.search(target) or "\\" in target:
        return False
    if not _LOCAL_PATH.fullmatch(target):
        return False
    decoded = unquote(target)
    # "/%2F%2Fevil" or "/%5Cevil" would become another site if anything along the way decoded it once.
    if decoded.startswith(("//", "/\\")) or "\\" in decoded or _BROWSER_DROPS.search(decoded):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc


def safe_local_path(target: str | None, fallback: str) -> str:
    """`target` when it is a path of this site, else `fallback` (which the caller builds with url_for)."""
    return target if is_local_path(target) else fallback


def local_part_of(url: str | None, host: str) -> str | None:
    """The path and query of an absolute URL on `host` (e.g. a Referer), when they are a safe local path."""
    if not url:
        return None
    parts = urlsplit(url)
    if parts.netloc != host or parts.scheme not in ("http", "https"):
        return None
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    return path if is_local_path(path) else None
