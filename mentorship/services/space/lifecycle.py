"""A mentorship's course: pause, resume, complete (with feedback), end early, extend, swap roles,
and the private "I'm uneasy" note to the admins.

Rules (see docs/SPACE.md): in a pair either member may take every action; in a circle only the
mentor may pause, resume, complete, end or extend it, and roles can't be swapped. Anyone may raise
a concern at any time. The reason for ending early is kept for the admins, never shown to the partner.
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from mentorship.extensions import db
from mentorship.models import Membership, Mentorship, User, utcnow
from mentorship.models.space import LifecycleEvent, MentorshipFeedback, UneasyNote
from mentorship.services.notify.notifications import notify
from mentorship.services.space.thread import SpaceError, post_system_message

MAX_EXTENSION_WEEKS = 12
MAX_TOTAL_WEEKS = 52


@dataclass(frozen=True)
class Transition:
    from_statuses: tuple[str, ...]
    to_status: str | None  # None: the status stays (extend, swap)
    past_tense: str


TRANSITIONS = {
    "pause": Transition(("active",), "paused", "paused"),
    "resume": Transition(("paused",), "active", "resumed"),
    "complete": Transition(("active", "paused"), "completed", "completed"),
    "end": Transition(("active", "paused"), "ended", "ended early"),
    "extend": Transition(("active", "paused"), None, "extended"),
    "swap": Transition(("active", "paused"), None, "swapped roles in"),
}
MENTOR_ONLY_IN_CIRCLES = ("pause", "resume", "complete", "end", "extend")


def refusal(mentorship: Mentorship, user_id: int, action: str) -> str | None:
    """Why this person can't take this action now (a sentence), or None when they can."""
    member = mentorship.member_for(user_id)
    rule = TRANSITIONS[action]
    if member is None:
        return "Only the members of this mentorship can change it."
    if mentorship.status not in rule.from_statuses:
        return f"That isn't possible while the mentorship is {mentorship.status}."
    if mentorship.kind == "circle":
        if action == "swap":
            return "Roles can only be swapped in a pair; a circle keeps its mentor."
        if action in MENTOR_ONLY_IN_CIRCLES and member.role != "mentor":
            return "In a circle, the mentor takes this step. Talk to them, or raise a concern with the admins."
    return None


def allowed_actions(mentorship: Mentorship, user_id: int) -> dict[str, bool]:
    return {action: refusal(mentorship, user_id, action) is None for action in TRANSITIONS}


def _check(mentorship: Mentorship, user: User, action: str) -> None:
    reason = refusal(mentorship, user.id, action)
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
    link = f"/m/{mentorship.id}"
    for member in mentorship.members:
        if member.user_id != actor.id:
            notify(member.user_id, "mentorship", text, link)
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
    if mentorship.member_for(user.id) is None:
        raise SpaceError("Only the members of this mentorship can give feedback on it.")
    if mentorship.status not in ("completed", "ended"):
        raise SpaceError("Feedback opens once the mentorship is completed or ended.")
    if not 1 <= int(helpful) <= 5:
        raise SpaceError("Choose how helpful it was, from 1 to 5.")
    exists = db.session.scalar(
        select(MentorshipFeedback.id).where(
            MentorshipFeedback.mentorship_id == mentorship.id, MentorshipFeedback.user_id == user.id
        )
    )
    if exists:
        raise SpaceError("You already gave your feedback. Thank you!")
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
            f"/c/{mentorship.community.slug}",
        )
    db.session.commit()
    return mentorship


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
    if mentorship.member_for(author.id) is None:
        raise SpaceError("Only the members of this mentorship can raise a concern about it.")
    text = (text or "").strip()
    if len(text) < 10:
        raise SpaceError("Please write a few words (at least 10 characters) so the admins can help.")
    note = UneasyNote(mentorship_id=mentorship.id, author_id=author.id, text=text)
    db.session.add(note)
    for admin_id in admin_ids(mentorship.community_id):
        notify(
            admin_id,
            "admin_alert",
            f"A member of mentorship #{mentorship.id} raised a concern.",
            f"/c/{mentorship.community.slug}",
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
    from sqlalchemy.orm import joinedload

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
