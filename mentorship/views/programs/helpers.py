"""What the program pages share with the home page and a community's page, and the programs' template globals.

The loaders and rules are in mentorship/permissions/programs.py; the queries in services/programs/listing.py.
"""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from mentorship.models import Community, Program
from mentorship.models.program import WEEKDAYS
from mentorship.services.programs import listing
from mentorship.services.programs.enrollments import DAY_NAMES, PARTS
from mentorship.services.programs.setup import role_labels

STATUS_WORDS = {"draft": _l("Draft"), "open": _l("Open for sign-up"), "running": _l("Running"), "closed": _l("Closed")}
FORMAT_WORDS = {"one_to_one": _l("One-to-one"), "group": _l("Group circles"), "reverse": _l("Reverse mentorship")}
MODE_WORDS = {
    "admin": _l("Paired by admins"),
    "suggested": _l("Suggested pairs"),
    "mentee_choice": _l("Mentees choose"),
}
ENROLLMENT_WORDS = {
    "pending": _l("Waiting for approval"),
    "approved": _l("Approved"),
    "waitlisted": _l("On the waiting list"),
    "declined": _l("Not accepted"),
    "withdrawn": _l("Withdrawn"),
}


def open_programs(community: Community) -> list[Program]:
    """Programs of a community members can sign up to or follow (for its front page)."""
    return listing.open_programs(community)


def program_dashboard() -> dict:
    """The logged-in person's mentorships, sign-ups and waiting requests, for the home page."""
    if not current_user.is_authenticated:
        return {"mentorships": [], "signups": [], "requests_waiting": []}
    return listing.dashboard(current_user.id)


def signup_decided_words(name: str, status: str) -> str:
    """What an admin reads after deciding a sign-up: the same words in place (htmx) and after a redirect."""
    return _("%(name)s is now %(status)s and has been told.", name=name, status=ENROLLMENT_WORDS[status].lower())


def slot_label(slot: str) -> str:
    """A time slot in words: "mon-morning" is "Monday morning"."""
    day, part = slot.split("-", 1)
    return _("%(day)s %(part)s", day=DAY_WORDS.get(day, day), part=str(PART_WORDS.get(part, part)).lower())


DAY_WORDS = dict(zip(DAY_NAMES, WEEKDAYS, strict=True))  # "mon" -> "Monday" in the reader's language
PART_WORDS = {"morning": _l("Morning"), "afternoon": _l("Afternoon"), "evening": _l("Evening")}

# Template globals of the program pages, the dashboard and the community page: constants and pure functions.
TEMPLATE_GLOBALS = {
    "role_labels": role_labels,
    "slot_label": slot_label,
    "signup_decided_words": signup_decided_words,
    "program_status_words": STATUS_WORDS,
    "program_format_words": FORMAT_WORDS,
    "program_mode_words": MODE_WORDS,
    "enrollment_words": ENROLLMENT_WORDS,
    "day_names": DAY_WORDS,
    "day_parts": PARTS,
    "part_words": PART_WORDS,
}
