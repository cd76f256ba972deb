"""A person's words in their mentorship spaces: in their data export, and erased when they ask for it.

The export holds what the person wrote or gave (GDPR articles 15 and 20): their messages (as they read now,
with when they were edited), check-ins (rating, note, next goal), step notes, "I'm uneasy" notes, completion
feedback, the reasons they gave for ending early and the agendas of the sessions they proposed. The other side
of a thread is listed in its place as "their message", never its text: those words are the other person's.
docs/DATA_EXPORT.md describes the format.
"""

from sqlalchemy import select, update

from mentorship.extensions import db
from mentorship.models import (
    CallSession,
    CheckIn,
    LifecycleEvent,
    Mentorship,
    MentorshipFeedback,
    MentorshipMember,
    Message,
    StepProgress,
    UneasyNote,
    User,
    utcnow,
)
from mentorship.signals import person_erased, person_exported
from mentorship.text import render_markdown

ERASED = "[erased by the author]"
THEIR_MESSAGE = "their message"


def _iso(moment):
    return moment.isoformat() if moment else None


def _threads(user: User) -> list[dict]:
    """Each mentorship's thread in order: the person's own messages in full, the others' as placeholders."""
    mine = select(MentorshipMember.mentorship_id).where(MentorshipMember.user_id == user.id)
    rows = db.session.scalars(
        select(Message)
        .where(Message.mentorship_id.in_(mine), Message.deleted_at.is_(None))
        .order_by(Message.mentorship_id, Message.id)
    )
    threads: dict[tuple[int, str], list[dict]] = {}
    for message in rows:
        if message.is_system:
            entry = {"from": "site", "text": message.body}
        elif message.author_id == user.id:
            entry = {"from": "me", "text": message.body, "edited_at": _iso(message.edited_at)}
        else:
            entry = {"from": "them", "text": THEIR_MESSAGE}
        entry["at"] = _iso(message.created_at)
        threads.setdefault((message.mentorship_id, message.thread_key), []).append(entry)
    return [{"mentorship_id": m, "thread": key, "messages": items} for (m, key), items in threads.items()]


def export_space_data(user: User) -> dict:
    """Everything a person wrote or gave in their mentorship spaces, for their data export."""
    checkins = db.session.scalars(select(CheckIn).where(CheckIn.user_id == user.id).order_by(CheckIn.id))
    steps = db.session.scalars(select(StepProgress).where(StepProgress.done_by_id == user.id).order_by(StepProgress.id))
    concerns = db.session.scalars(select(UneasyNote).where(UneasyNote.author_id == user.id).order_by(UneasyNote.id))
    feedback = db.session.scalars(select(MentorshipFeedback).where(MentorshipFeedback.user_id == user.id))
    ended = db.session.execute(
        select(Mentorship.id, Mentorship.end_reason, LifecycleEvent.created_at)
        .join(LifecycleEvent, LifecycleEvent.mentorship_id == Mentorship.id)
        .where(LifecycleEvent.actor_id == user.id, LifecycleEvent.action == "end")
    )
    return {
        "threads": _threads(user),
        "check_ins": [
            {
                "mentorship_id": c.mentorship_id,
                "week": c.week,
                "rating": c.rating,
                "note": c.note,
                "next_goal": c.next_goal,
                "at": _iso(c.updated_at),
            }
            for c in checkins
        ],
        "step_notes": [
            {"mentorship_id": s.mentorship_id, "week": s.week, "note": s.note, "done_at": _iso(s.done_at)}
            for s in steps
        ],
        "uneasy_notes": [
            {"mentorship_id": n.mentorship_id, "text": n.text, "at": _iso(n.created_at)} for n in concerns
        ],
        "feedback": [
            {
                "mentorship_id": f.mentorship_id,
                "helpful": f.helpful,
                "would_recommend": f.would_recommend,
                "comment": f.comment,
                "at": _iso(f.created_at),
            }
            for f in feedback
        ],
        "end_reasons": [{"mentorship_id": m, "reason": reason, "at": _iso(at)} for m, reason, at in ended],
        "sessions_proposed": [
            {"mentorship_id": c.mentorship_id, "starts_at": _iso(c.starts_at), "agenda": c.agenda, "status": c.status}
            for c in db.session.scalars(select(CallSession).where(CallSession.proposer_id == user.id))
        ],
    }


def _erase_space_words(user: User, erase_written: bool) -> None:
    """ "Also erase what I wrote": their messages become a marker, their notes and comments go (in the
    deletion's transaction). Without it, their words stay under "Deleted member" for the partner."""
    if not erase_written:
        return
    erased_html = str(render_markdown(ERASED))
    db.session.execute(
        update(Message)
        .where(Message.author_id == user.id, Message.is_system.is_(False))
        .values(body=ERASED, body_html=erased_html, changed_at=utcnow())  # open threads update on the poll
    )
    db.session.execute(update(CheckIn).where(CheckIn.user_id == user.id).values(note="", next_goal=""))
    db.session.execute(update(StepProgress).where(StepProgress.done_by_id == user.id).values(note=""))
    db.session.execute(update(UneasyNote).where(UneasyNote.author_id == user.id).values(text=ERASED))
    db.session.execute(update(MentorshipFeedback).where(MentorshipFeedback.user_id == user.id).values(comment=""))
    ended_by_them = select(LifecycleEvent.mentorship_id).where(
        LifecycleEvent.actor_id == user.id, LifecycleEvent.action == "end"
    )
    db.session.execute(update(Mentorship).where(Mentorship.id.in_(ended_by_them)).values(end_reason=ERASED))


@person_exported.connect
def _export_section(user: User) -> tuple[str, dict]:
    return "mentorship_spaces", export_space_data(user)


person_erased.connect(_erase_space_words)
