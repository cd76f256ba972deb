"""Who may do what in a mentorship's private space: its own members only, never admins or moderators.

Each rule is a predicate or a `*_refusal` that gives the sentence refusing it (None when the person may), asked
by the views, the services' guards (services/space/) and the templates alike. `get_mentorship_or_404` is the
space's one loader: the mentorship with what every page of it shows, and the person's member row.
"""

import re
from datetime import datetime

from flask import abort
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import Select, bindparam, select
from sqlalchemy.orm import joinedload

from mentorship.extensions import db
from mentorship.models import Mentorship, MentorshipMember
from mentorship.models.space import MAIN_THREAD, Message, side_thread_key

SIDE_KEY_RE = re.compile(r"^side-(\d{1,12})$")
POSTABLE_STATUSES = ("active", "paused")
OVER_STATUSES = ("completed", "ended")
# The lifecycle's actions and the statuses each may start from (services/space/lifecycle.py carries them out).
ACTION_FROM_STATUSES = {
    "pause": ("active",),
    "resume": ("paused",),
    "complete": ("active", "paused"),
    "end": ("active", "paused"),
    "extend": ("active", "paused"),
    "swap": ("active", "paused"),
}
MENTOR_ONLY_IN_CIRCLES = ("pause", "resume", "complete", "end", "extend")


def mentorship_with_members(mentorship_id: int) -> Select:
    """The mentorship with its members, their users and its program: one query for every page of the space."""
    return (
        select(Mentorship)
        .where(Mentorship.id == mentorship_id)
        .options(joinedload(Mentorship.members).joinedload(MentorshipMember.user), joinedload(Mentorship.program))
    )


def can_view_mentorship(user, mentorship: Mentorship) -> bool:
    """Only the mentorship's own members, never admins or moderators."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return mentorship.member_for(user.id) is not None


MENTORSHIP_WITH_MEMBERS = mentorship_with_members(bindparam("mentorship_id"))  # built once for every page


def get_mentorship_or_404(mentorship_id: int) -> tuple[Mentorship, MentorshipMember]:
    """The mentorship and my member row in it; to everyone else (admins and moderators included) a 404."""
    mentorship = db.session.scalar(MENTORSHIP_WITH_MEMBERS, {"mentorship_id": mentorship_id})
    if mentorship is None or not can_view_mentorship(current_user, mentorship):
        abort(404)
    return mentorship, mentorship.member_for(current_user.id)


# Threads ---------------------------------------------------------------------------------------------------


def visible_thread_keys(mentorship: Mentorship, user_id: int) -> list[str]:
    """The threads a member sees: main, and for circles the side threads they take part in."""
    member = mentorship.member_for(user_id)
    if member is None:
        return []
    if mentorship.kind != "circle":
        return [MAIN_THREAD]
    if member.role == "mentor":
        return [MAIN_THREAD] + [side_thread_key(m.user_id) for m in mentorship.mentees]
    return [MAIN_THREAD, side_thread_key(user_id)]


def is_thread_key(thread_key: str) -> bool:
    """The shape of a thread's key: "main" or "side-<mentee id>"."""
    return thread_key == MAIN_THREAD or SIDE_KEY_RE.match(thread_key) is not None


def thread_participants(mentorship: Mentorship, thread_key: str) -> list[MentorshipMember]:
    """Who takes part in a thread: everyone in main; the mentor(s) and one mentee in a side thread."""
    if thread_key == MAIN_THREAD:
        return list(mentorship.members)
    match = SIDE_KEY_RE.match(thread_key)
    mentee_id = int(match.group(1)) if match else -1
    return [m for m in mentorship.members if m.role == "mentor" or m.user_id == mentee_id]


def get_message_or_404(mentorship: Mentorship, message_id: int) -> Message:
    """A message of this mentorship in a thread I see (the mentorship from get_mentorship_or_404); else a 404."""
    message = db.session.scalar(select(Message).where(Message.id == message_id, Message.mentorship_id == mentorship.id))
    if message is None or message.thread_key not in visible_thread_keys(mentorship, current_user.id):
        abort(404)
    return message


BLOCKER_REFUSAL = _l(
    "You blocked someone in this thread, so no messages can be sent here, by you or by them. "
    "To write again, unblock them in Settings → Blocked people."
)
BLOCKED_SIDE_REFUSAL = _l("Messages are closed in this mentorship for now. The community's admins will be in touch.")


def write_refusal(mentorship: Mentorship, user_id: int, thread_key: str, standing, suspension: str) -> str | None:
    """Why this person can't write in this thread now, or None when they can.

    `standing` is the viewer's blocks and suspension (services.space.thread.viewer_standing); `suspension` the
    communities' sentence for a running suspension (its date in the person's zone), used when it applies.
    """
    if thread_key not in visible_thread_keys(mentorship, user_id):
        return _("You are not part of that thread.")
    if standing.suspended:
        return suspension
    if mentorship.status not in POSTABLE_STATUSES:
        return _(
            "This mentorship is %(status)s; its thread is kept to read but closed to new messages.",
            status=mentorship.status,
        )
    # A block is told to the blocker alone: the blocked side reads the words of any closed thread (docs/DECISIONS.md).
    if standing.i_blocked:
        return str(BLOCKER_REFUSAL)
    if standing.blocked_me:
        return str(BLOCKED_SIDE_REFUSAL)
    return None


def edit_refusal(message: Message, user_id: int, now: datetime | None = None) -> str | None:
    """Why this person can't edit this message, or None: their own, for 15 minutes after sending."""
    if message.can_edit(user_id, now):
        return None
    if message.author_id != user_id or message.is_system:
        return _("You can only edit your own messages.")
    if message.is_deleted:
        return _("That message was deleted.")
    return _("Messages can be edited for 15 minutes after sending; this one can no longer be changed.")


def delete_refusal(message: Message, user_id: int) -> str | None:
    """Why this person can't delete this message, or None: their own messages only."""
    return None if message.can_delete(user_id) else _("You can only delete your own messages.")


# The weeks: steps and check-ins ----------------------------------------------------------------------------


def can_change_weeks(user, mentorship: Mentorship) -> bool:
    """Members mark weeks done (or not) while the mentorship is active."""
    return can_view_mentorship(user, mentorship) and mentorship.status == "active"


def step_refusal(mentorship: Mentorship, user_id: int, week: int, current_week: int) -> str | None:
    """Why this person can't mark this week done, or None: a started week of the plan, while active."""
    if mentorship.member_for(user_id) is None:
        return _("Only the members of this mentorship can mark its weeks done.")
    if mentorship.status != "active":
        return _("Weeks can be marked done while the mentorship is active; it is %(status)s.", status=mentorship.status)
    if not 1 <= week <= mentorship.weeks:
        return _("That week is not part of this mentorship.")
    if week > current_week:
        return _("That week hasn't started yet.")
    return None


def undo_step_refusal(mentorship: Mentorship, user_id: int) -> str | None:
    """Why this person can't take back "done" for a week, or None."""
    if mentorship.member_for(user_id) is None:
        return _("Only the members of this mentorship can change its weeks.")
    if mentorship.status != "active":
        return _("Weeks can be changed while the mentorship is active; it is %(status)s.", status=mentorship.status)
    return None


def checkin_refusal(mentorship: Mentorship, user_id: int, week: int) -> str | None:
    """Why this person can't check in for `week` (the current one), or None: once a week of the plan, while active."""
    if mentorship.member_for(user_id) is None:
        return _("Only the members of this mentorship can check in.")
    if mentorship.status != "active":
        return _("Check-ins are open while the mentorship is active; it is %(status)s.", status=mentorship.status)
    if week < 1:
        return _("Check-ins open once the mentorship has started.")
    if week > mentorship.weeks:
        return _("The planned weeks are over: extend the mentorship to keep checking in, or complete it.")
    return None


def checkin_authors_seen(mentorship: Mentorship, viewer_id: int) -> list[int]:
    """Whose check-ins a member sees: in a pair both; in a circle the mentor sees all, a mentee the mentor and self."""
    viewer = mentorship.member_for(viewer_id)
    if viewer is None:
        return []
    if mentorship.kind != "circle" or viewer.role == "mentor":
        return [m.user_id for m in mentorship.members]
    return [m.user_id for m in mentorship.members if m.role == "mentor" or m.user_id == viewer_id]


def can_check_in(user, mentorship: Mentorship, week: int) -> bool:
    return can_view_mentorship(user, mentorship) and checkin_refusal(mentorship, user.id, week) is None


# The lifecycle ----------------------------------------------------------------------------------------------


def lifecycle_refusal(mentorship: Mentorship, user_id: int, action: str) -> str | None:
    """Why this person can't take this lifecycle action now (a sentence), or None when they can.

    In a pair either member may take every action; in a circle only the mentor may pause, resume, complete,
    end or extend it, and roles can't be swapped.
    """
    member = mentorship.member_for(user_id)
    if member is None:
        return _("Only the members of this mentorship can change it.")
    if mentorship.status not in ACTION_FROM_STATUSES[action]:
        return _("That isn't possible while the mentorship is %(status)s.", status=mentorship.status)
    if mentorship.kind == "circle":
        if action == "swap":
            return _("Roles can only be swapped in a pair; a circle keeps its mentor.")
        if action in MENTOR_ONLY_IN_CIRCLES and member.role != "mentor":
            return _("In a circle, the mentor takes this step. Talk to them, or raise a concern with the admins.")
    return None


def allowed_actions(mentorship: Mentorship, user_id: int) -> dict[str, bool]:
    """Each lifecycle action: may this person take it now?"""
    return {action: lifecycle_refusal(mentorship, user_id, action) is None for action in ACTION_FROM_STATUSES}


def feedback_refusal(mentorship: Mentorship, user_id: int) -> str | None:
    """Why this person can't give feedback now, or None: members, once the mentorship is over."""
    if mentorship.member_for(user_id) is None:
        return _("Only the members of this mentorship can give feedback on it.")
    if mentorship.status not in OVER_STATUSES:
        return _("Feedback opens once the mentorship is over.")
    return None


def concern_refusal(mentorship: Mentorship, user_id: int) -> str | None:
    """Why this person can't raise a concern, or None: any member, at any time."""
    if mentorship.member_for(user_id) is None:
        return _("Only the members of this mentorship can raise a concern about it.")
    return None


TEMPLATE_PREDICATES = {
    "can_view_mentorship": can_view_mentorship,
    "can_change_weeks": can_change_weeks,
    "can_check_in": can_check_in,
}
