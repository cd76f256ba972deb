"""Program health dashboard speed: a temporary SQLite database with 5,000 mentorships and 20 weeks of check-ins.

Renders the dashboard through the Flask test client N times and prints the median time and the query count.

    .venv/bin/python bench/dashboard.py [--pairs 5000] [--weeks 20] [--runs 15]

Last line: RESULT dashboard_ms=.. queries=..
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
INSTANCE = Path(tempfile.mkdtemp(prefix="bench-dashboard-"))
os.environ["INSTANCE_PATH"] = str(INSTANCE)

from sqlalchemy import event, insert  # noqa: E402

from mentorship import create_app  # noqa: E402
from mentorship.extensions import db  # noqa: E402
from mentorship.models import (  # noqa: E402
    CheckIn,
    Community,
    Enrollment,
    Membership,
    Mentorship,
    MentorshipMember,
    Message,
    Program,
    StepProgress,
    UneasyNote,
    User,
    UserSession,
    utcnow,
)


def seed(pairs: int, weeks: int):
    """Bulk-insert a community, a program and `pairs` pairs with `weeks` weeks of check-ins; returns ids."""
    now = utcnow()
    start = now - timedelta(days=7 * weeks - 1)
    admin = User(email="admin@example.com", display_name="Admin", password_hash="x", date_of_birth=date(1990, 1, 1))
    community = Community(slug="bench", name="Bench")
    db.session.add_all([admin, community])
    db.session.flush()
    program = Program(community_id=community.id, title="Bench program", weeks=weeks, status="running")
    db.session.add(program)
    db.session.add(Membership(community_id=community.id, user_id=admin.id, role="admin"))
    session_row = UserSession(user_id=admin.id)
    db.session.add(session_row)
    db.session.flush()
    base = admin.id + 1
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
        insert(Enrollment),
        [
            {
                "program_id": program.id,
                "user_id": base + i,
                "role": "mentor" if i % 2 == 0 else "mentee",
                "status": "approved",
                "created_at": start + timedelta(hours=i % 300),
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
                "status": "active",
                "weeks": weeks,
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
    checkins = []
    for i in range(pairs * 2):
        for week in range(1, weeks + 1):
            if (i + week) % 4:  # about three in four weeks
                checkins.append(
                    {
                        "mentorship_id": i // 2 + 1,
                        "user_id": base + i,
                        "week": week,
                        "rating": 1 + (i * week) % 5,
                        "note": "private",
                        "created_at": start + timedelta(days=7 * (week - 1) + 1),
                    }
                )
    db.session.execute(insert(CheckIn), checkins)
    db.session.execute(
        insert(StepProgress),
        [
            {"mentorship_id": m + 1, "week": w, "note": ""}
            for m in range(pairs)
            for w in range(1, weeks + 1)
            if (m + w) % 3
        ],
    )
    db.session.execute(
        insert(Message),
        [
            {
                "mentorship_id": m + 1,
                "author_id": base + 2 * m,
                "body": "hello",
                "body_html": "hello",
                "created_at": now - timedelta(days=m % 30),
            }
            for m in range(pairs)
        ],
    )
    db.session.execute(
        insert(UneasyNote),
        [{"mentorship_id": m + 1, "author_id": base + 2 * m + 1, "text": "uneasy"} for m in range(0, pairs, 50)],
    )
    db.session.commit()
    return session_row.token, community.slug, program.id


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pairs", type=int, default=5000)
    parser.add_argument("--weeks", type=int, default=20)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{INSTANCE / 'bench.db'}", "RATELIMIT_STORAGE_URI": "memory://"}
    )
    with app.app_context():
        db.create_all()
        started = time.perf_counter()
        token, slug, program_id = seed(args.pairs, args.weeks)
        print(f"seeded {args.pairs} mentorships, {args.weeks} weeks in {time.perf_counter() - started:.1f} s")
        client = app.test_client()
        with client.session_transaction() as sess:
            sess["_user_id"] = token
            sess["_fresh"] = True
        url = f"/c/{slug}/programs/{program_id}/health"
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
    print(f"dashboard: median {median:.1f} ms, min {min(times):.1f} ms, max {max(times):.1f} ms over {args.runs} runs")
    print(f"RESULT dashboard_ms={median:.1f} queries={counter['n']}")


if __name__ == "__main__":
    main()
