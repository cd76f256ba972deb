"""A person's outcome data in their export, and what their deletion erases.

The export holds the goals (with milestones and progress) of the person's mentorships that they may see, each
completed mentorship's summary, and their own survey answers. Deleting the account erases their survey answers
and their words in summaries; the goals stay with the mentorship (its content, like its messages), and with
"also erase what I wrote" their progress marks go too."""

from sqlalchemy import delete, select
from sqlalchemy.orm import selectinload

from mentorship.extensions import db
from mentorship.models import Mentorship, MentorshipMember, User
from mentorship.models.outcomes import (
    Achievement,
    AchievementWords,
    Goal,
    GoalProgress,
    Survey,
    SurveyResponse,
)
from mentorship.permissions.outcomes import can_see_goal
from mentorship.permissions.space import mentorship_with_members
from mentorship.services.outcomes.summary import goals_for
from mentorship.signals import person_erased, person_exported


def _mentorships(user: User) -> list[Mentorship]:
    ids = db.session.scalars(select(MentorshipMember.mentorship_id).where(MentorshipMember.user_id == user.id)).all()
    return [db.session.scalar(mentorship_with_members(i)) for i in ids]


def export_outcomes(user: User) -> dict:
    """Goals, summaries and survey answers of this person."""
    mentorships = _mentorships(user)
    goals = db.session.scalars(
        select(Goal)
        .where(Goal.mentorship_id.in_([m.id for m in mentorships]))
        .options(selectinload(Goal.milestones))
        .order_by(Goal.mentorship_id, Goal.id)
    ).all()
    by_id = {m.id: m for m in mentorships}
    progress = db.session.scalars(select(GoalProgress).where(GoalProgress.user_id == user.id)).all()
    summaries = db.session.scalars(
        select(Achievement).where(Achievement.mentorship_id.in_(list(by_id))).options(selectinload(Achievement.words))
    ).all()
    responses = db.session.scalars(
        select(SurveyResponse).where(SurveyResponse.user_id == user.id).options(selectinload(SurveyResponse.answers))
    ).all()
    questions = {
        q.id: q
        for s in db.session.scalars(
            select(Survey)
            .where(Survey.id.in_({r.survey_id for r in responses}))
            .options(selectinload(Survey.questions))
        )
        for q in s.questions
    }
    return {
        "goals": [
            {
                "mentorship_id": g.mentorship_id,
                "title": g.title,
                "success": g.success,
                "target_date": g.target_date,
                "status": g.status,
                "milestones": [{"title": m.title, "done_at": m.done_at} for m in g.milestones],
            }
            for g in goals
            if can_see_goal(by_id[g.mentorship_id], user.id, g)
        ],
        "my_progress": [{"goal_id": p.goal_id, "week": p.week, "level": p.level} for p in progress],
        "summaries": [
            {
                "mentorship_id": a.mentorship_id,
                "written_at": a.written_at,
                "weeks": a.weeks,
                "weeks_completed": a.weeks_completed,
                "sessions_held": a.sessions_held,
                "goals": goals_for(a, by_id[a.mentorship_id], user.id),
                "my_words": next((w.text for w in a.words if w.user_id == user.id), ""),
            }
            for a in summaries
        ],
        "survey_answers": [
            {
                "survey_id": r.survey_id,
                "occasion": r.occasion,
                "show_name": r.show_name,
                "answers": [
                    {
                        "question": questions[a.question_id].text if a.question_id in questions else "",
                        "number": a.number,
                        "text": a.text,
                    }
                    for a in r.answers
                ],
            }
            for r in responses
        ],
    }


@person_exported.connect
def _export(user: User):
    return "outcomes", export_outcomes(user)


def _erase(user: User, erase_written: bool) -> None:
    db.session.execute(delete(SurveyResponse).where(SurveyResponse.user_id == user.id))
    db.session.execute(delete(AchievementWords).where(AchievementWords.user_id == user.id))
    if erase_written:
        db.session.execute(delete(GoalProgress).where(GoalProgress.user_id == user.id))


person_erased.connect(_erase)
