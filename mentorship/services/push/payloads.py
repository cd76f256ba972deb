"""What a push says: the kind's title, a generic sentence, a link. Never the notification's own text.

A notification's text can name a partner, quote a topic's title or a moderator's reason; on a lock screen that
is more than the in-app bell shows to someone looking over a shoulder. So a push carries only the sentence of
its kind ("New message in your mentorship"), the count of a bundle ("3 new messages in your mentorship"), the
link (through /notifications/<id>/open, which marks it read), and the sender's display name only for a member
who chose "show the sender's name" and only when the caller named a sender.
"""

import json
from dataclasses import dataclass

from flask import current_app
from flask_babel import lazy_gettext as _l

from mentorship.languages import in_language_of
from mentorship.models import Notification


@dataclass(frozen=True)
class PushText:
    title: str
    one: str
    many: str = ""  # with {count}, for a bundle of several


GENERIC = PushText(_l("Mentorship"), _l("There is something new for you."))
TEXTS = {
    "introduced": PushText(_l("Mentorship"), _l("You have a new mentorship.")),
    "new_message": PushText(
        _l("Message"), _l("New message in your mentorship"), _l("{count} new messages in your mentorship")
    ),
    "checkin_due": PushText(_l("Check-in"), _l("This week's check-in is due.")),
    "nudge": PushText(_l("Mentorship"), _l("A gentle nudge from your mentorship.")),
    "help_request": PushText(_l("Help request"), _l("Someone asks for help with a skill you offer.")),
    "answer_solved": PushText(_l("Board"), _l("An answer was marked as the solution.")),
    "board_solution": PushText(_l("Board"), _l("Your answer was marked as the solution.")),
    "board_reply": PushText(_l("Board"), _l("New reply on the board"), _l("{count} new replies on the board")),
    "help_invite": PushText(_l("Help request"), _l("News about an invitation to help.")),
    "report_outcome": PushText(_l("Report"), _l("A moderator looked at something you reported.")),
    "report_new": PushText(
        _l("Moderation"), _l("New report for the moderators"), _l("{count} new reports for the moderators")
    ),
    "moderation": PushText(_l("Moderation"), _l("A moderator made a decision that concerns you.")),
    "join_request": PushText(_l("Join request"), _l("Someone asks to join a community you run.")),
    "mentor_request": PushText(_l("Mentor request"), _l("A mentee would like you as their mentor.")),
    "request_reminder": PushText(_l("Mentor request"), _l("A mentee is still waiting for your answer.")),
    "request_declined": PushText(_l("Mentor request"), _l("News about your mentor request.")),
    "request_expired": PushText(_l("Mentor request"), _l("News about your mentor request.")),
    "request_closed": PushText(_l("Mentor request"), _l("News about your mentor request.")),
    "program_signup": PushText(_l("Program"), _l("Someone signed up to a program you run.")),
    "program_signup_decided": PushText(_l("Program"), _l("News about your program sign-up.")),
    "mentorship": PushText(_l("Mentorship"), _l("News about one of your mentorships.")),
    "mentorship_ended": PushText(_l("Mentorship"), _l("One of your mentorships has ended.")),
    "roles_swapped": PushText(_l("Mentorship"), _l("Roles were swapped in one of your mentorships.")),
    "admin_alert": PushText(_l("Admin"), _l("Something in a community you run needs a look.")),
    "survey": PushText(_l("Survey"), _l("A short survey from your mentorship program.")),
    "digest": PushText(_l("Program digest"), _l("Your weekly digest of pairs that may need attention.")),
    "session": PushText(_l("Session"), _l("News about a session in your mentorship.")),
    "session_reminder": PushText(_l("Session"), _l("A session in your mentorship starts soon.")),
    "event": PushText(_l("Event"), _l("News about an event in your community.")),
    "event_reminder": PushText(_l("Event"), _l("An event you are going to starts soon.")),
}


def open_path(notification_id: int) -> str:
    """The link a tap opens: the notification's own page, which marks it read and goes on to its link."""
    return current_app.url_map.bind("localhost").build(
        "notifications.open_notification", {"notification_id": notification_id}
    )


def build_payload(notification: Notification, sender_name: str | None, show_sender: bool) -> dict:
    """The push's JSON: title, body, url, tag (one per notification: a repeat replaces it), kind and count.

    Written in the recipient's language when it is sent (the worker has none of its own)."""
    text = TEXTS.get(notification.kind, GENERIC)
    count = max(notification.count or 1, 1)
    with in_language_of(notification.user):
        title = str(text.title)
        body = str(text.many).format(count=count) if count > 1 and text.many else str(text.one)
        if show_sender and sender_name:
            body = str(_l("%(body)s (from %(sender)s)", body=body.rstrip("."), sender=sender_name))
    return {
        "title": title,
        "body": body,
        "url": open_path(notification.id),
        "tag": f"n{notification.id}",
        "kind": notification.kind,
        "count": count,
    }


def encode(payload: dict) -> str:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
