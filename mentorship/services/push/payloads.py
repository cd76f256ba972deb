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

from mentorship.models import Notification


@dataclass(frozen=True)
class PushText:
    title: str
    one: str
    many: str = ""  # with {count}, for a bundle of several


GENERIC = PushText("Mentorship", "There is something new for you.")
TEXTS = {
    "introduced": PushText("Mentorship", "You have a new mentorship."),
    "new_message": PushText("Message", "New message in your mentorship", "{count} new messages in your mentorship"),
    "checkin_due": PushText("Check-in", "This week's check-in is due."),
    "nudge": PushText("Mentorship", "A gentle nudge from your mentorship."),
    "help_request": PushText("Help request", "Someone asks for help with a skill you offer."),
    "answer_solved": PushText("Board", "An answer was marked as the solution."),
    "board_solution": PushText("Board", "Your answer was marked as the solution."),
    "board_reply": PushText("Board", "New reply on the board", "{count} new replies on the board"),
    "help_invite": PushText("Help request", "News about an invitation to help."),
    "report_outcome": PushText("Report", "A moderator looked at something you reported."),
    "report_new": PushText("Moderation", "New report for the moderators", "{count} new reports for the moderators"),
    "moderation": PushText("Moderation", "A moderator made a decision that concerns you."),
    "join_request": PushText("Join request", "Someone asks to join a community you run."),
    "mentor_request": PushText("Mentor request", "A mentee would like you as their mentor."),
    "request_reminder": PushText("Mentor request", "A mentee is still waiting for your answer."),
    "request_declined": PushText("Mentor request", "News about your mentor request."),
    "request_expired": PushText("Mentor request", "News about your mentor request."),
    "request_closed": PushText("Mentor request", "News about your mentor request."),
    "program_signup": PushText("Program", "Someone signed up to a program you run."),
    "program_signup_decided": PushText("Program", "News about your program sign-up."),
    "mentorship": PushText("Mentorship", "News about one of your mentorships."),
    "mentorship_ended": PushText("Mentorship", "One of your mentorships has ended."),
    "roles_swapped": PushText("Mentorship", "Roles were swapped in one of your mentorships."),
    "admin_alert": PushText("Admin", "Something in a community you run needs a look."),
    "survey": PushText("Survey", "A short survey from your mentorship program."),
    "digest": PushText("Program digest", "Your weekly digest of pairs that may need attention."),
    "session": PushText("Session", "News about a session in your mentorship."),
    "session_reminder": PushText("Session", "A session in your mentorship starts soon."),
    "event": PushText("Event", "News about an event in your community."),
    "event_reminder": PushText("Event", "An event you are going to starts soon."),
}


def open_path(notification_id: int) -> str:
    """The link a tap opens: the notification's own page, which marks it read and goes on to its link."""
    return current_app.url_map.bind("localhost").build(
        "notifications.open_notification", {"notification_id": notification_id}
    )


def build_payload(notification: Notification, sender_name: str | None, show_sender: bool) -> dict:
    """The push's JSON: title, body, url, tag (one per notification: a repeat replaces it), kind and count."""
    text = TEXTS.get(notification.kind, GENERIC)
    count = max(notification.count or 1, 1)
    body = text.many.format(count=count) if count > 1 and text.many else text.one
    if show_sender and sender_name:
        body = f"{body.rstrip('.')} (from {sender_name})"
    return {
        "title": text.title,
        "body": body,
        "url": open_path(notification.id),
        "tag": f"n{notification.id}",
        "kind": notification.kind,
        "count": count,
    }


def encode(payload: dict) -> str:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
