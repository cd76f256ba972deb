"""A mentorship's course: pause, resume, complete (with feedback), end early, extend, swap roles,
and the private "I'm uneasy" note to the admins.

Who may take which step is permissions.space (lifecycle_refusal, feedback_refusal, concern_refusal; see
docs/SPACE.md). Anyone may raise a concern at any time. The reason for ending early is kept for the admins,
never shown to the partner.
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from mentorship.extensions import db
from mentorship.models import Membership, Mentorship, User, utcnow
from mentorship.models.space import LifecycleEvent, MentorshipFeedback, UneasyNote
from mentorship.permissions.space import concern_refusal, feedback_refusal, lifecycle_refusal
from mentorship.services.notify.links import site_path
from mentorship.services.notify.notifications import notify
from mentorship.services.space.thread import SpaceError, post_system_message

MAX_EXTENSION_WEEKS = 12
MAX_TOTAL_WEEKS = 52


ALREADY_GAVE_FEEDBACK = "You already gave your feedback. Thank you!"


@dataclass(frozen=True)
class Transition:
    """What an action does (when it may be taken: permissions.space.ACTION_FROM_STATUSES)."""

    to_status: str | None  # None: the status stays (extend, swap)
    past_tense: str


TRANSITIONS = {
    "pause": Transition("paused", "paused"),
    "resume": Transition("active", "resumed"),
    "complete": Transition("completed", "completed"),
    "end": Transition("ended", "ended early"),
    "extend": Transition(None, "extended"),
    "swap": Transition(None, "swapped roles in"),
}


def _check(mentorship: Mentorship, user: User, action: str) -> None:
    reason = lifecycle_refusal(mentorship, user.id, action)
    if reason:
        raise SpaceError(reason)


def admin_ids(community_id: int) -> list[int]:
    return list(
        db.session.scalars(
            select(Membership.user_id).where(Membership.community_id == community_id, Membership.role == "admin")
        )
    )


def _record(mentorship: Mentorship, actor: User, action: str, from_status: str) -> None:
    db.session.add(
        LifecycleEvent(
            mentorship_id=mentorship.id,
            actor_id=actor.id,
            action=action,
            from_status=from_status,
            to_status=mentorship.status,
        )
    )


def _tell_others(mentorship: Mentorship, actor: User, text: str) -> None:
    """An in-app notification to the other members and a system line in the thread."""
    link = site_path("mentorships.show", mentorship_id=mentorship.id)
    for member in mentorship.members:
        if member.user_id != actor.id:
            notify(member.user_id, "mentorship", text, link, author=actor)
    post_system_message(mentorship, text, commit=False)


def change_status(mentorship: Mentorship, actor: User, action: str, now: datetime | None = None) -> Mentorship:
    """Pause or resume (complete and end have their own functions); commits."""
    if action not in ("pause", "resume"):
        raise ValueError(action)
    _check(mentorship, actor, action)
    now = now or utcnow()
    before = mentorship.status
    if action == "resume" and mentorship.started_at is not None:
        # Weeks count active time: move the start forward by the time spent paused.
        paused_at = db.session.scalar(
            select(func.max(LifecycleEvent.created_at)).where(
                LifecycleEvent.mentorship_id == mentorship.id, LifecycleEvent.action == "pause"
            )
        )
        if paused_at is not None and paused_at < now:
            mentorship.started_at = mentorship.started_at + (now - paused_at)
    mentorship.status = TRANSITIONS[action].to_status
    _record(mentorship, actor, action, before)
    _tell_others(mentorship, actor, f"{actor.display_name} {TRANSITIONS[action].past_tense} the mentorship.")
    db.session.commit()
    return mentorship


def save_feedback(
    mentorship: Mentorship, user: User, helpful: int, would_recommend: bool, comment: str = ""
) -> MentorshipFeedback:
    """A member's feedback once the mentorship is over (one per person); the caller commits."""
    refusal = feedback_refusal(mentorship, user.id)
    if refusal is not None:
        raise SpaceError(refusal)
    if not 1 <= int(helpful) <= 5:
        raise SpaceError("Choose how helpful it was, from 1 to 5.")
    exists = db.session.scalar(
        select(MentorshipFeedback.id).where(
            MentorshipFeedback.mentorship_id == mentorship.id, MentorshipFeedback.user_id == user.id
        )
    )
    if exists:
        raise SpaceError(ALREADY_GAVE_FEEDBACK)
    feedback = MentorshipFeedback(
        mentorship_id=mentorship.id,
        user_id=user.id,
        helpful=int(helpful),
        would_recommend=bool(would_recommend),
        comment=(comment or "").strip(),
    )
    db.session.add(feedback)
    return feedback


def complete(mentorship: Mentorship, actor: User, helpful: int, would_recommend: bool, comment: str = "") -> Mentorship:
    """Mark the mentorship completed and store the actor's feedback; commits."""
    _check(mentorship, actor, "complete")
    before = mentorship.status
    mentorship.status = "completed"
    mentorship.ended_at = utcnow()
    save_feedback(mentorship, actor, helpful, would_recommend, comment)
    _record(mentorship, actor, "complete", before)
    _tell_others(
        mentorship,
        actor,
        f"{actor.display_name} marked the mentorship completed. Well done! You can leave your own feedback on it.",
    )
    db.session.commit()
    return mentorship


def end_early(mentorship: Mentorship, actor: User, reason: str) -> Mentorship:
    """End before the planned weeks; the reason is kept for the admins only; commits."""
    _check(mentorship, actor, "end")
    reason = (reason or "").strip()
    if len(reason) < 3:
        raise SpaceError("Please tell the admins briefly why it is ending.")
    before = mentorship.status
    mentorship.status = "ended"
    mentorship.ended_at = utcnow()
    mentorship.end_reason = reason
    _record(mentorship, actor, "end", before)
    _tell_others(mentorship, actor, f"{actor.display_name} ended the mentorship early.")
    for admin_id in admin_ids(mentorship.community_id):
        notify(
            admin_id,
            "admin_alert",
            f"Mentorship #{mentorship.id} ended early. The reason is on the program health page.",
            _notes_link(mentorship),
        )
    db.session.commit()
    return mentorship


def _notes_link(mentorship: Mentorship) -> str:
    """Where the admins read what members wrote for them: the program health page's notes."""
    slug = mentorship.community.slug
    if mentorship.program_id is None:  # begun from a help request: the community's health page
        return site_path("health.community", slug=slug) + "#notes"
    return site_path("health.program", slug=slug, program_id=mentorship.program_id) + "#notes"


def extend(mentorship: Mentorship, actor: User, weeks: int) -> Mentorship:
    """Add 1 to 12 weeks to the plan; commits."""
    _check(mentorship, actor, "extend")
    if not 1 <= int(weeks) <= MAX_EXTENSION_WEEKS:
        raise SpaceError(f"Extend by 1 to {MAX_EXTENSION_WEEKS} weeks.")
    if mentorship.weeks + int(weeks) > MAX_TOTAL_WEEKS:
        raise SpaceError(f"A mentorship can run for at most {MAX_TOTAL_WEEKS} weeks.")
    mentorship.weeks += int(weeks)
    _record(mentorship, actor, "extend", mentorship.status)
    plural = "s" if int(weeks) != 1 else ""
    _tell_others(
        mentorship,
        actor,
        f"{actor.display_name} extended the mentorship by {weeks} week{plural} (now {mentorship.weeks}).",
    )
    db.session.commit()
    return mentorship


def swap_roles(mentorship: Mentorship, actor: User) -> Mentorship:
    """Reverse mentoring: the mentee becomes the mentor and the other way round (pairs only); commits."""
    _check(mentorship, actor, "swap")
    for member in mentorship.members:
        member.role = "mentee" if member.role == "mentor" else "mentor"
    _record(mentorship, actor, "swap", mentorship.status)
    mentor = mentorship.mentors[0].user.display_name if mentorship.mentors else "?"
    _tell_others(mentorship, actor, f"{actor.display_name} swapped roles: {mentor} now mentors.")
    db.session.commit()
    return mentorship


def raise_concern(mentorship: Mentorship, author: User, text: str) -> UneasyNote:
    """Store a private concern for the admins (with its author) and alert them without its text; commits."""
    refusal = concern_refusal(mentorship, author.id)
    if refusal is not None:
        raise SpaceError(refusal)
    text = (text or "").strip()
    if len(text) < 10:
        raise SpaceError("Please write a few words (at least 10 characters) so the admins can help.")
    note = UneasyNote(mentorship_id=mentorship.id, author_id=author.id, text=text)
    db.session.add(note)
    for admin_id in admin_ids(mentorship.community_id):
        notify(
            admin_id,
            "admin_alert",
            f"A member of mentorship #{mentorship.id} raised a concern. It is on the health page.",
            _notes_link(mentorship),
        )
    db.session.commit()
    return note


def feedback_summary(community_id: int, program_id: int | None = None) -> dict:
    """Feedback as the admins see it: counts, averages and unattributed comments (never per mentorship)."""
    query = (
        select(MentorshipFeedback)
        .join(Mentorship, Mentorship.id == MentorshipFeedback.mentorship_id)
        .where(Mentorship.community_id == community_id)
    )
    if program_id is not None:
        query = query.where(Mentorship.program_id == program_id)
    rows = list(db.session.scalars(query))
    count = len(rows)
    return {
        "count": count,
        "helpful_average": round(sum(r.helpful for r in rows) / count, 1) if count else None,
        "recommend_share": round(sum(1 for r in rows if r.would_recommend) / count, 2) if count else None,
        # Sorted by text, not by time or person, so a comment can't be matched to a mentorship.
        "comments": sorted(r.comment for r in rows if r.comment),
    }


def lifecycle_events(mentorship_id: int) -> list[LifecycleEvent]:
    """The mentorship's history (who paused, resumed, ...), newest first."""
    return list(
        db.session.scalars(
            select(LifecycleEvent)
            .where(LifecycleEvent.mentorship_id == mentorship_id)
            .options(joinedload(LifecycleEvent.actor))
            .order_by(LifecycleEvent.id.desc())
        )
    )


def my_feedback(mentorship_id: int, user_id: int) -> MentorshipFeedback | None:
    return db.session.scalar(
        select(MentorshipFeedback).where(
            MentorshipFeedback.mentorship_id == mentorship_id, MentorshipFeedback.user_id == user_id
        )
    )


def give_feedback(mentorship: Mentorship, user: User, helpful: int, would_recommend: bool, comment: str) -> None:
    """Feedback from a member after the end (the other side of "complete"); commits."""
    save_feedback(mentorship, user, helpful, would_recommend, comment)
    db.session.commit()
