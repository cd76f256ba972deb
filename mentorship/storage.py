"""Where uploaded files live: one small interface, a folder under instance/ by default.

A deployment that keeps files elsewhere (object storage, a shared volume) sets `app.config["FILE_STORAGE"]` to
any object with the three methods of `FileStorage`; web processes stay stateless when it is shared.
"""

import os
import re
import tempfile
from pathlib import Path
from typing import Protocol

from flask import current_app

SAFE_KEY = re.compile(r"^[a-z0-9][a-z0-9/_.-]{0,200}$")


class FileStorage(Protocol):
    """Store, read and delete bytes by key ("pictures/12-3-256.jpg")."""

    def put(self, key: str, data: bytes) -> None: ...

    def get(self, key: str) -> bytes | None: ...

    def delete(self, key: str) -> None: ...


class LocalStorage:
    """Files in a folder; a write lands whole or not at all (a temporary file, then a rename)."""

    def __init__(self, root: str | Path):
        self.root = Path(root)

    def _path(self, key: str) -> Path:
        if not SAFE_KEY.match(key) or ".." in key:
            raise ValueError(f"unsafe storage key {key!r}")
        return self.root / key

    def put(self, key: str, data: bytes) -> None:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".upload-")
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)

    def get(self, key: str) -> bytes | None:
        try:
            return self._path(key).read_bytes()
        except FileNotFoundError:
            return None

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)


def file_storage() -> FileStorage:
    """The app's storage: FILE_STORAGE when a deployment set one, else a folder under the instance path."""
    storage = current_app.config.get("FILE_STORAGE")
    if storage is None:
        storage = LocalStorage(Path(current_app.config["INSTANCE_PATH"]) / "files")
        current_app.config["FILE_STORAGE"] = storage
    return storage
