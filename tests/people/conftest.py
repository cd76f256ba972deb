"""Pictures made with Pillow for the upload tests."""

import io

import pytest
from PIL import Image


def image_bytes(fmt: str = "PNG", size=(300, 200), colour=(200, 40, 40), **save) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, fmt, **save)
    return out.getvalue()


@pytest.fixture
def png() -> bytes:
    return image_bytes()


@pytest.fixture(autouse=True)
def own_storage(app, tmp_path):
    """Each test keeps its files apart (user ids start again at 1 in every test)."""
    from mentorship.storage import LocalStorage

    app.config["FILE_STORAGE"] = LocalStorage(tmp_path / "files")
    yield
    app.config.pop("FILE_STORAGE", None)
