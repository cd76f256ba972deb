"""People: a member uploads a picture, another opens her from the members list and finds Block in the menu.

Run at a desktop and a phone size, with and without JavaScript (the menu is a <details>, the upload a plain
form). Elements are found by their labels and roles.
"""

import pytest
from PIL import Image
from playwright.sync_api import expect

from tests.e2e.helpers import log_in, release
from tests.factories import make_community, make_user


@pytest.mark.parametrize(
    ("viewport", "javascript"), [((1280, 800), True), ((390, 844), True), ((390, 844), False)], ids=str
)
def test_a_picture_shows_on_the_profile_reached_from_the_members_list(app, new_page, tmp_path, viewport, javascript):
    ada, bo = make_user("Ada Lovelace"), make_user("Bo Brown")
    world = release(community=make_community(admin=ada, name="Calm Coders", members=[bo]), ada=ada, bo=bo)
    photo = tmp_path / "me.png"
    Image.new("RGB", (400, 300), (30, 120, 200)).save(photo)

    page = new_page(viewport=viewport, javascript=javascript)
    log_in(page, world.ada.email)
    page.goto("/settings/")
    page.get_by_role("link", name="Picture").click()
    page.get_by_label("Profile picture").set_input_files(str(photo))
    page.get_by_role("button", name="Upload picture").click()
    expect(page.get_by_text("Your picture is saved.")).to_be_visible()

    other = new_page(viewport=viewport, javascript=javascript)
    log_in(other, world.bo.email)
    other.goto(f"/c/{world.community.slug}/members")
    other.get_by_role("link", name="Ada Lovelace").click()
    expect(other.get_by_role("heading", level=1)).to_contain_text("Ada Lovelace")
    picture = other.locator(".profile-head img.avatar")
    expect(picture).to_be_visible()
    assert other.evaluate("(img) => img.naturalWidth", picture.element_handle()) == 256
    other.get_by_text("More").click()
    other.get_by_role("link", name="Block Ada Lovelace").click()
    expect(other.get_by_role("heading", name="Block Ada Lovelace?")).to_be_visible()
    other.go_back()
    other.screenshot(path=f"test-results/people-profile-{viewport[0]}x{viewport[1]}-js{int(javascript)}.png")


def test_a_bad_upload_is_refused_in_the_browser(app, new_page, tmp_path):
    ada = release(ada=make_user("Ada Lovelace")).ada
    fake = tmp_path / "logo.svg"
    fake.write_text('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')
    page = new_page(viewport=(390, 844))
    log_in(page, ada.email)
    page.goto("/settings/picture")
    page.get_by_label("Profile picture").set_input_files(str(fake))
    page.get_by_role("button", name="Upload picture").click()
    expect(page.get_by_text("That file isn't a picture we can use.")).to_be_visible()
    expect(page.get_by_label("Profile picture")).to_have_attribute("aria-invalid", "true")
