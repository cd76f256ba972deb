"""Arabic, right to left: the accessibility gate's pages for a member who reads Arabic pass axe-core at phone and
desktop size, the layout mirrors (dir="rtl"), and screenshots of both sizes are kept under test-results/.

Visitors switch language at the foot of any page without JavaScript (a plain form), and land on the same page."""

from pathlib import Path

from playwright.sync_api import expect

from tests.e2e.helpers import axe_violations, describe, log_in
from tests.e2e.test_accessibility import axe_page, world  # noqa: F401 - the gate's own fixtures

SHOTS = Path(__file__).resolve().parents[2] / "test-results"


def _read_in_arabic(*people) -> None:
    from mentorship.extensions import db
    from mentorship.models import User

    for person in people:
        db.session.get(User, person.id).locale = "ar"
    db.session.commit()
    db.session.rollback()  # release SQLite for the server thread


def test_arabic_pages_mirror_and_pass_the_accessibility_gate_at_phone_and_desktop_size(world, axe_page):  # noqa: F811
    _read_in_arabic(world.member, world.mentor)
    c, p, m = world.community.slug, world.program.id, f"/m/{world.mentorship.id}"
    pages = {
        "home": "/",
        "board": f"/c/{c}/board/",
        "topic": f"/c/{c}/board/t/{world.topic.id}",
        "program": f"/c/{c}/programs/{p}",
        "signup": f"/c/{c}/programs/{p}/signup?role=mentee",
        "space": m,
        "checkin": f"{m}/checkin",
        "settings": "/settings/",
        "notifications": "/notifications",
    }
    SHOTS.mkdir(exist_ok=True)
    found = {}
    for size, viewport in (("phone", (390, 844)), ("desktop", (1280, 800))):
        page = axe_page(viewport=viewport)
        log_in(page, world.mentor.email)
        for name, path in pages.items():
            response = page.goto(path)
            assert response.status < 400, f"{path} answered {response.status}"
            expect(page.locator("html")).to_have_attribute("dir", "rtl")
            expect(page.locator("html")).to_have_attribute("lang", "ar")
            violations = axe_violations(page)
            if violations:
                found[f"{name} ({size})"] = violations
            page.screenshot(path=str(SHOTS / f"arabic-{name}-{size}.png"), full_page=True)
    assert not found, "axe found serious or critical violations in Arabic:\n" + describe(found)


def test_a_visitor_switches_to_arabic_at_the_foot_of_the_page_and_stays_on_it(world, axe_page):  # noqa: F811
    page = axe_page(viewport=(390, 844))
    page.goto("/about")
    page.get_by_label("Language").select_option("ar")
    page.get_by_role("button", name="Change").click()
    page.wait_for_url("**/about")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.get_by_role("heading", level=1)).to_have_text("حول الموقع والخصوصية")
    # The same switch back, now labelled in Arabic.
    page.get_by_label("اللغة").select_option("en")
    page.get_by_role("button", name="تغيير").click()
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    assert not axe_violations(page), describe(axe_violations(page))
