"""Outcome report speed: a temporary SQLite database with 5,000 mentorships in one program, three goals each,
a session each, weekly steps, and 20,000 survey answers (the built-in start and end surveys).

Renders the report through the Flask test client N times and prints the median time and the query count (the
same for any size: tests/outcomes/test_report.py checks it).

    .venv/bin/python bench/outcomes.py [--pairs 5000] [--answers 20000] [--runs 15]

Last line: RESULT report_ms=.. queries=..
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# The config reads INSTANCE_PATH when it is imported, so the bench's own instance is set before the app's imports.
INSTANCE = Path(tempfile.mkdtemp(prefix="bench-outcomes-"))
os.environ["INSTANCE_PATH"] = str(INSTANCE)

from sqlalchemy import event, insert, select  # noqa: E402

from mentorship import create_app  # noqa: E402
from mentorship.extensions import db  # noqa: E402
from mentorship.models import (  # noqa: E402
    CallSession,
    Community,
    Goal,
    Membership,
    Mentorship,
    MentorshipMember,
    Program,
    StepProgress,
    Survey,
    SurveyAnswer,
    SurveyResponse,
    User,
    UserSession,
    utcnow,
)
from mentorship.services.outcomes.surveys import add_built_in_surveys  # noqa: E402

WEEKS = 8


def _people_and_pairs(program: Program, community: Community, pairs: int, start) -> int:
    base = db.session.scalar(select(User.id).order_by(User.id.desc()).limit(1)) + 1
    db.session.execute(
        insert(User),
        [
            {
                "id": base + i,
                "email": f"p{i}@example.com",
                "display_name": f"Person {i}",
                "password_hash": "x",
                "date_of_birth": date(1990, 1, 1),
            }
            for i in range(pairs * 2)
        ],
    )
    db.session.execute(
        insert(Mentorship),
        [
            {
                "id": i + 1,
                "community_id": community.id,
                "program_id": program.id,
                "status": "completed" if i % 3 == 0 else "active",
                "weeks": WEEKS,
                "started_at": start,
                "kind": "pair",
                "reasons": [],
            }
            for i in range(pairs)
        ],
    )
    db.session.execute(
        insert(MentorshipMember),
        [
            {
                "mentorship_id": i // 2 + 1,
                "user_id": base + i,
                "role": "mentor" if i % 2 == 0 else "mentee",
                "goals": "",
                "topics": [],
            }
            for i in range(pairs * 2)
        ],
    )
    return base


def _work(pairs: int, start, now) -> None:
    statuses = ("draft", "confirmed", "done")
    db.session.execute(
        insert(Goal),
        [
            {
                "mentorship_id": m + 1,
                "title": f"Goal {g}",
                "success": "private",
                "status": statuses[(m + g) % 3],
                "position": g,
            }
            for m in range(pairs)
            for g in range(3)
        ],
    )
    db.session.execute(
        insert(CallSession),
        [
            {
                "mentorship_id": m + 1,
                "starts_at": now - timedelta(days=1 + m % 20),
                "minutes": 45,
                "zone": "UTC",
                "place_kind": "jitsi",
                "place": "",
                "agenda": "private",
                "note": "",
                "status": "accepted",
                "uid": f"bench-{m}@mentorship",
                "sequence": 0,
            }
            for m in range(pairs)
        ],
    )
    db.session.execute(
        insert(StepProgress),
        [
            {"mentorship_id": m + 1, "week": w, "note": ""}
            for m in range(pairs)
            for w in range(1, WEEKS + 1)
            if (m + w) % 3
        ],
    )


def _answers(surveys: list[Survey], base: int, pairs: int, answers: int) -> int:
    """Mentees answer the start survey, then the end survey, until `answers` answers are stored."""
    rows, responses, stored, person = [], [], 0, 0
    response_id = 0
    while stored < answers and person < pairs:
        user_id, mentorship_id = base + 2 * person + 1, person + 1
        for survey in surveys:
            if stored >= answers:
                break
            response_id += 1
            responses.append(
                {
                    "id": response_id,
                    "survey_id": survey.id,
                    "user_id": user_id,
                    "mentorship_id": mentorship_id,
                    "occasion": 0,
                    "show_name": person % 7 == 0,
                }
            )
            for question in survey.questions:
                if stored >= answers:
                    break
                shift = 1 if survey.moment == "end" else 0
                number = (
                    None
                    if question.kind == "text"
                    else ((person % 11) if question.kind == "nps" else 1 + (person + shift * 2) % 5)
                )
                rows.append(
                    {
                        "response_id": response_id,
                        "question_id": question.id,
                        "number": number,
                        "text": f"Answer {person}" if question.kind == "text" else "",
                    }
                )
                stored += 1
        person += 1
    db.session.execute(insert(SurveyResponse), responses)
    db.session.execute(insert(SurveyAnswer), rows)
    return stored


def seed(pairs: int, answers: int):
    """Bulk-insert a community, a program with its built-in surveys, `pairs` pairs and their outcomes."""
    now = utcnow()
    start = now - timedelta(days=7 * WEEKS - 1)
    admin = User(email="admin@example.com", display_name="Admin", password_hash="x", date_of_birth=date(1990, 1, 1))
    community = Community(slug="bench", name="Bench")
    db.session.add_all([admin, community])
    db.session.flush()
    program = Program(community_id=community.id, title="Bench program", weeks=WEEKS, status="running")
    db.session.add(program)
    db.session.add(Membership(community_id=community.id, user_id=admin.id, role="admin"))
    session_row = UserSession(user_id=admin.id)
    db.session.add(session_row)
    db.session.flush()
    surveys = add_built_in_surveys(program, "career-advancement")
    db.session.flush()
    base = _people_and_pairs(program, community, pairs, start)
    _work(pairs, start, now)
    stored = _answers(surveys, base, pairs, answers)
    db.session.commit()
    return session_row.token, community.slug, program.id, stored


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pairs", type=int, default=5000)
    parser.add_argument("--answers", type=int, default=20000)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{INSTANCE / 'bench.db'}", "RATELIMIT_STORAGE_URI": "memory://"}
    )
    with app.app_context():
        db.create_all()
        started = time.perf_counter()
        token, slug, program_id, stored = seed(args.pairs, args.answers)
        print(f"seeded {args.pairs} mentorships and {stored} answers in {time.perf_counter() - started:.1f} s")
        client = app.test_client()
        with client.session_transaction() as sess:
            sess["_user_id"] = token
            sess["_fresh"] = True
        url = f"/c/{slug}/programs/{program_id}/outcomes"
        assert client.get(url).status_code == 200  # warm up (session refresh, template compile)
        counter = {"n": 0}

        def count(*_args):
            counter["n"] += 1

        event.listen(db.engine, "before_cursor_execute", count)
        times = []
        for _ in range(args.runs):
            counter["n"] = 0
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
        event.remove(db.engine, "before_cursor_execute", count)
    median = statistics.median(times)
    print(f"report: median {median:.1f} ms, min {min(times):.1f} ms, max {max(times):.1f} ms over {args.runs} runs")
    print(f"RESULT report_ms={median:.1f} queries={counter['n']}")


if __name__ == "__main__":
    main()
