"""Which e-mail a person keeps on (User.reminder_prefs), and one-click unsubscribe links."""

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer

from mentorship.extensions import db
from mentorship.models import User
from mentorship.models.user import DEFAULT_REMINDER_PREFS

# The preference keys of User.reminder_prefs, with the words the settings page shows.
EMAIL_PREF_LABELS = {
    "email_checkin": "Weekly check-in reminders and gentle nudges",
    "email_messages": "New messages in my mentorships",
    "email_mentorship": "Introductions, mentor requests and changes to my mentorships",
    "email_help": "Help requests for my skills, and replies and solutions on the board",
    "email_reports": "What happened to content I reported, and moderators' decisions about me",
    "email_admin": "Admin alerts, join requests, sign-ups and the weekly program digest",
}
assert set(EMAIL_PREF_LABELS) == set(DEFAULT_REMINDER_PREFS)

# Notification kind -> the preference key that turns its e-mail on. Kinds not listed
# here (account mail: verification, password reset) are always sent and carry no
# unsubscribe link; a notification kind missing here gets no e-mail at all.
EMAIL_PREF_FOR_KIND = {
    "checkin_due": "email_checkin",
    "nudge": "email_checkin",
    "survey": "email_checkin",
    "new_message": "email_messages",
    "introduced": "email_mentorship",
    "mentor_request": "email_mentorship",
    "request_reminder": "email_mentorship",
    "request_declined": "email_mentorship",
    "request_expired": "email_mentorship",
    "request_closed": "email_mentorship",
    "program_signup_decided": "email_mentorship",
    "help_invite": "email_mentorship",
    "mentorship": "email_mentorship",
    "session_reminder": "email_mentorship",
    "event_reminder": "email_mentorship",
    "mentorship_ended": "email_mentorship",
    "roles_swapped": "email_mentorship",
    "help_request": "email_help",
    "answer_solved": "email_help",
    "board_solution": "email_help",
    "board_reply": "email_help",
    "report_outcome": "email_reports",
    "moderation": "email_reports",
    "report_new": "email_admin",
    "join_request": "email_admin",
    "program_signup": "email_admin",
    "admin_alert": "email_admin",
    "digest": "email_admin",
}

UNSUBSCRIBE_SALT = "unsubscribe"


class UnsubscribeError(ValueError):
    """An unsubscribe link that is not valid."""


def pref_for_kind(kind: str) -> str | None:
    return EMAIL_PREF_FOR_KIND.get(kind)


def _serializer() -> URLSafeSerializer:
    """Kept per app and secret (a batch of reminders signs a token per mail)."""
    key = current_app.config["SECRET_KEY"]
    cached = current_app.extensions.get("mentorship_unsubscribe_serializer")
    if cached is None or cached[0] != key:
        cached = current_app.extensions["mentorship_unsubscribe_serializer"] = (
            key,
            URLSafeSerializer(key, salt=UNSUBSCRIBE_SALT),
        )
    return cached[1]


def make_unsubscribe_token(user_id: int, pref: str) -> str:
    """A signed, non-expiring token for one (person, preference): old mails keep working."""
    return _serializer().dumps({"u": user_id, "p": pref})


def read_unsubscribe_token(token: str) -> tuple[User, str]:
    """The person and preference key a token names; raises UnsubscribeError."""
    try:
        data = _serializer().loads(token)
    except BadSignature as error:
        raise UnsubscribeError("This unsubscribe link is not valid.") from error
    if not isinstance(data, dict) or data.get("p") not in EMAIL_PREF_LABELS:
        raise UnsubscribeError("This unsubscribe link is not valid.")
    user = db.session.get(User, data.get("u"))
    if user is None or user.is_deleted:
        raise UnsubscribeError("This unsubscribe link is not valid.")
    return user, data["p"]


def set_email_pref(user: User, pref: str, on: bool) -> None:
    """Turn one kind of e-mail on or off for a person; commits."""
    if pref not in EMAIL_PREF_LABELS:
        raise UnsubscribeError("Unknown kind of e-mail.")
    prefs = {**DEFAULT_REMINDER_PREFS, **(user.reminder_prefs or {})}
    prefs[pref] = on
    user.reminder_prefs = prefs  # a new dict, so SQLAlchemy sees the change to the JSON column
    db.session.commit()
