"""A member's profile picture: an upload checked and re-encoded with Pillow, kept behind mentorship.storage.

What is kept is never the upload itself: the image is decoded, turned upright, stripped of every metadata
(EXIF, comments, colour profiles), cropped square and written again as JPEG at fixed sizes. Anything Pillow
can't read as a photo (an SVG, a script, a PDF, a 6 MB file) is refused with a sentence for the person.
"""

import io
import warnings

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from PIL import Image, ImageOps, UnidentifiedImageError

from mentorship.extensions import db
from mentorship.models import User
from mentorship.signals import person_erased
from mentorship.storage import file_storage

MAX_BYTES = 5 * 1024 * 1024
SIZES = (64, 256)
ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
MAX_PIXELS = 40_000_000  # a decompression bomb is refused before it is decoded
TOO_LARGE = _l("That picture is larger than 5 MB. Choose a smaller one (a phone photo resized is fine).")
NOT_A_PICTURE = _l("That file isn't a picture we can use. Upload a JPEG, PNG, WebP or GIF image.")
TOO_SMALL = _l("That picture is too small. Use one at least 64 pixels wide and high.")


class PictureError(ValueError):
    """An upload refused, with the sentence to show."""


def picture_key(user_id: int, version: int, size: int) -> str:
    return f"pictures/{user_id}-{version}-{size}.jpg"


def read_upload(stream, limit: int = MAX_BYTES) -> bytes:
    """At most `limit` bytes of an upload; one more is a refusal (never reads the whole of a huge file)."""
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise PictureError(TOO_LARGE)
    if not data:
        raise PictureError(_("Choose a picture to upload."))
    return data


def encode_sizes(data: bytes) -> dict[int, bytes]:
    """The upload decoded and written again as square JPEGs, one per size; refuses what isn't a picture."""
    if len(data) > MAX_BYTES:
        raise PictureError(TOO_LARGE)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            if image.format not in ACCEPTED_FORMATS:
                raise PictureError(NOT_A_PICTURE)
            if image.width * image.height > MAX_PIXELS:
                raise PictureError(NOT_A_PICTURE)
            image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError, Warning) as error:
        if isinstance(error, PictureError):
            raise
        raise PictureError(NOT_A_PICTURE) from None
    if min(image.size) < SIZES[0]:
        raise PictureError(TOO_SMALL)
    image = ImageOps.exif_transpose(image).convert("RGB")
    encoded = {}
    for size in SIZES:
        square = ImageOps.fit(image, (size, size), Image.Resampling.LANCZOS)
        out = io.BytesIO()
        # A fresh image carries no metadata: no exif, icc_profile or comment is passed on.
        square.save(out, "JPEG", quality=85, optimize=True)
        encoded[size] = out.getvalue()
    return encoded


def set_picture(user: User, data: bytes) -> None:
    """Replace the person's picture with the re-encoded upload; commits (the old files go after the commit)."""
    encoded = encode_sizes(data)
    storage = file_storage()
    old = user.picture_version
    version = (old or 0) + 1
    for size, jpeg in encoded.items():
        storage.put(picture_key(user.id, version, size), jpeg)
    user.picture_version = version
    db.session.commit()
    if old:
        _delete_files(user.id, old)


def remove_picture(user: User) -> None:
    """Back to initials on a colour; commits, then deletes the files."""
    old = user.picture_version
    user.picture_version = None
    db.session.commit()
    if old:
        _delete_files(user.id, old)


def picture_bytes(user_id: int, version: int, size: int) -> bytes | None:
    """The stored JPEG of one size (None when it isn't there)."""
    if size not in SIZES:
        return None
    return file_storage().get(picture_key(user_id, version, size))


def _delete_files(user_id: int, version: int) -> None:
    storage = file_storage()
    for size in SIZES:
        storage.delete(picture_key(user_id, version, size))


@person_erased.connect
def _erase_picture(user: User, erase_written: bool = False) -> None:
    """A deleted account keeps no picture (inside the deletion's transaction; the files go at once)."""
    if user.picture_version:
        _delete_files(user.id, user.picture_version)
        user.picture_version = None
