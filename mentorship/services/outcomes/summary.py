""" "What we achieved": the summary written when a mentorship completes (its goals and how far they got, the
weeks, the sessions held, the mentee's own words if they want), kept by its members, shareable by any of them
through a link they create and revoke. A link names nobody and shows the shared goals only; a mentee's words
appear on it only when that mentee ticked "show my words on shared links"."""

import secrets
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import func, select

from mentorship.extensions import db
from mentorship.models import Mentorship, StepProgress, User, utcnow
from mentorship.models.outcomes import Achievement, AchievementWords, Goal
from mentorship.models.sessions import CallSession
from mentorship.services.outcomes import OutcomeError
from mentorship.services.outcomes.goals import visible_goals
from mentorship.services.outcomes.progress import current_levels, progress_rows
from mentorship.services.space.thread import week_of

WORDS_MAX = 2000


def sessions_held(mentorship_id: int, now: datetime | None = None) -> int:
    """Accepted sessions that have begun by now."""
    return db.session.scalar(
        select(func.count())
        .select_from(CallSession)
        .where(
            CallSession.mentorship_id == mentorship_id,
            CallSession.status == "accepted",
            CallSession.starts_at <= (now or utcnow()),
        )
    )


def _all_goals(mentorship: Mentorship) -> list[Goal]:
    mentor = mentorship.mentors[0].user_id if mentorship.mentors else None
    return visible_goals(mentorship, mentor) if mentor is not None else []


def write_summary(mentorship: Mentorship, now: datetime | None = None) -> Achievement:
    """Write the summary of a completed mentorship once (a second call returns the stored one); commits."""
    stored = summary_of(mentorship.id)
    if stored is not None:
        return stored
    if mentorship.status != "completed":
        raise OutcomeError(_("The summary is written when the mentorship is completed."))
    now = now or utcnow()
    goals = _all_goals(mentorship)
    levels = current_levels(goals, progress_rows(goals))
    snapshot = [
        {
            "title": g.title,
            "success": g.success,
            "target_date": g.target_date.isoformat() if g.target_date else None,
            "owner_id": g.owner_id,
            "level": levels[g.id],
            "done": g.status == "done",
            "milestones": [{"title": m.title, "done": m.done_at is not None} for m in g.milestones],
        }
        for g in goals
    ]
    ran = min(week_of(mentorship, mentorship.ended_at or now), mentorship.weeks)
    steps = db.session.scalar(
        select(func.count()).select_from(StepProgress).where(StepProgress.mentorship_id == mentorship.id)
    )
    achievement = Achievement(
        mentorship_id=mentorship.id,
        written_at=now,
        weeks=max(ran, 0),
        weeks_completed=steps,
        sessions_held=sessions_held(mentorship.id, now),
        goals=snapshot,
    )
    db.session.add(achievement)
    db.session.commit()
    return achievement


def summary_of(mentorship_id: int) -> Achievement | None:
    return db.session.scalar(select(Achievement).where(Achievement.mentorship_id == mentorship_id))


def goals_for(achievement: Achievement, mentorship: Mentorship, viewer_id: int | None) -> list[dict]:
    """The summary's goals a viewer sees: shared ones, and in a circle one's own (the mentor: all).
    None is the reader of a shared link: shared goals only."""
    member = mentorship.member_for(viewer_id) if viewer_id is not None else None
    return [
        g
        for g in achievement.goals
        if g["owner_id"] is None or (member is not None and (member.role == "mentor" or g["owner_id"] == viewer_id))
    ]


def save_words(achievement: Achievement, mentorship: Mentorship, user: User, text: str, on_link: bool) -> None:
    """A mentee's own words in the summary (empty removes them); commits."""
    member = mentorship.member_for(user.id)
    if member is None or member.role != "mentee":
        raise OutcomeError(_("Only a mentee of this mentorship can add their own words."))
    text = (text or "").strip()
    if len(text) > WORDS_MAX:
        raise OutcomeError(_("Keep your words under %(n)d characters.", n=WORDS_MAX))
    row = db.session.get(AchievementWords, (achievement.id, user.id))
    if not text:
        if row is not None:
            db.session.delete(row)
    else:
        if row is None:
            row = AchievementWords(achievement_id=achievement.id, user_id=user.id)
            db.session.add(row)
        row.text, row.on_link = text, bool(on_link)
    db.session.commit()


def share(achievement: Achievement, user: User) -> str:
    """Create the summary's link (a new one replaces an old one); commits. Returns the token."""
    achievement.share_token = secrets.token_urlsafe(24)
    achievement.shared_by_id, achievement.shared_at = user.id, utcnow()
    db.session.commit()
    return achievement.share_token


def revoke(achievement: Achievement) -> None:
    """The link stops working at once; commits."""
    achievement.share_token = None
    achievement.shared_by_id = achievement.shared_at = None
    db.session.commit()


def public_words(achievement: Achievement) -> list[str]:
    """The mentees' words the shared link may show."""
    return [w.text for w in achievement.words if w.on_link and w.text]
