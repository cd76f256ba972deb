"""Profile pictures: re-encoded, stripped of EXIF, fixed sizes, 5 MB at most, refused with a sentence."""

import io

from PIL import Image

from mentorship.extensions import db
from mentorship.models import User
from mentorship.services.accounts import pictures
from mentorship.storage import file_storage
from tests.factories import make_community, make_user

from .conftest import image_bytes

SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(1)</script></svg>'


def upload(client, data: bytes, name: str = "me.png"):
    return client.post(
        "/settings/picture", data={"picture": (io.BytesIO(data), name)}, content_type="multipart/form-data"
    )


def stored(user: User, size: int) -> Image.Image:
    return Image.open(io.BytesIO(file_storage().get(pictures.picture_key(user.id, user.picture_version, size))))


def test_an_upload_is_re_encoded_square_at_fixed_sizes_without_its_exif(app, login_as):
    user = make_user("Ada Lovelace")
    exif = Image.Exif()
    exif[0x010E] = "<script>alert(1)</script>"  # ImageDescription
    exif[0x8825] = {2: (48.0, 51.0, 0.0)}  # GPSInfo: where the photo was taken
    photo = image_bytes("JPEG", size=(800, 600), exif=exif.tobytes())
    assert b"<script>" in photo

    response = upload(login_as(user), photo, "photo.jpg")

    assert response.status_code == 303
    db.session.refresh(user)
    assert user.picture_version == 1
    for size in pictures.SIZES:
        image = stored(user, size)
        assert image.format == "JPEG" and image.size == (size, size)
        assert not image.getexif() and "exif" not in image.info
        raw = file_storage().get(pictures.picture_key(user.id, 1, size))
        assert b"<script>" not in raw and b"Exif" not in raw


def test_a_new_picture_replaces_the_old_files(app, login_as, png):
    user = make_user()
    client = login_as(user)
    upload(client, png)
    upload(client, image_bytes(colour=(0, 0, 200)))
    db.session.refresh(user)
    assert user.picture_version == 2
    assert file_storage().get(pictures.picture_key(user.id, 1, 64)) is None
    assert stored(user, 64).getpixel((32, 32))[2] > 150


def test_refusals_say_why_keep_the_old_picture_and_store_nothing(app, login_as, png):
    user = make_user()
    client = login_as(user)
    upload(client, png)
    too_big = image_bytes("BMP", size=(1500, 1400))  # 6.3 MB
    assert len(too_big) > 6_000_000
    cases = [
        (too_big, "big.bmp", "larger than 5 MB"),
        (b"%PDF-1.4 not a picture", "cv.pdf", "a picture we can use"),
        (SVG, "logo.svg", "a picture we can use"),
        (b"GIF89a<script>alert(1)</script>", "trick.gif", "a picture we can use"),
        (image_bytes(size=(40, 40)), "tiny.png", "too small"),
        (image_bytes("TIFF"), "scan.tiff", "a picture we can use"),
    ]
    for data, name, sentence in cases:
        response = upload(client, data, name)
        assert response.status_code == 422, name
        page = response.get_data(as_text=True)
        assert sentence in page, name
        assert 'aria-invalid="true"' in page
        db.session.refresh(user)
        assert user.picture_version == 1, name
        assert file_storage().get(pictures.picture_key(user.id, 2, 64)) is None


def test_no_file_chosen_is_a_clear_422(app, login_as):
    response = login_as(make_user()).post("/settings/picture", data={}, content_type="multipart/form-data")
    assert response.status_code == 422
    assert "Choose a picture to upload." in response.get_data(as_text=True)


def test_removing_the_picture_goes_back_to_initials(app, login_as, png):
    user = make_user("Grace Hopper")
    client = login_as(user)
    upload(client, png)
    response = client.post("/settings/picture/remove")
    assert response.status_code == 303
    db.session.refresh(user)
    assert user.picture_version is None
    assert file_storage().get(pictures.picture_key(user.id, 1, 256)) is None
    page = client.get("/settings/picture").get_data(as_text=True)
    assert ">GH</span>" in page


def test_a_picture_is_served_only_to_people_who_share_a_community(app, login_as, png):
    owner, neighbour, stranger = make_user(), make_user(), make_user()
    make_community(members=[owner, neighbour])
    make_community(members=[stranger])
    upload(login_as(owner), png)
    url = f"/people/{owner.id}/picture/1/256.jpg"

    seen = login_as(neighbour).get(url)
    assert seen.status_code == 200 and seen.mimetype == "image/jpeg"
    assert "immutable" in seen.headers["Cache-Control"] and "private" in seen.headers["Cache-Control"]
    assert login_as(owner).get(url).status_code == 200
    assert login_as(stranger).get(url).status_code == 404
    assert app.test_client().get(url).status_code == 302
    assert login_as(neighbour).get(f"/people/{owner.id}/picture/2/256.jpg").status_code == 404  # not that version
    assert login_as(neighbour).get(f"/people/{owner.id}/picture/1/999.jpg").status_code == 404


def test_deleting_the_account_deletes_the_picture(app, login_as, png):
    from mentorship.services.accounts.data import delete_account
    from tests.factories import PASSWORD

    user = make_user()
    upload(login_as(user), png)
    delete_account(user, PASSWORD, erase_written=False)
    assert user.picture_version is None
    assert file_storage().get(pictures.picture_key(user.id, 1, 64)) is None
