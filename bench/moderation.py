"""Cost of moderation on a big community: the posting-pace check every post makes, and the review queue.

    /work/main/.venv/bin/python bench/moderation.py [--posts 200000] [--reports 5000] [--runs 200]

In process, on a temporary SQLite database:
- one community with 2,000 members, `--posts` board posts spread over 500 topics and two weeks, the
  newest topic made busy (15 replies in the last 5 minutes, so slow mode is on there);
- `--reports` open reports about distinct posts by distinct reporters;
- times `posting_pace.check_pace` for a new member replying in the busy topic (both rules run),
  and `queue.queue_page` (page 1 and the last page) plus the queue's open count.
Prints median and p95 in milliseconds; the last line is
RESULT pace_p50_ms=.. pace_p95_ms=.. queue_p50_ms=.. queue_last_p50_ms=.. count_p50_ms=..
"""

import argparse
import contextlib
import os
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def timed(fn, runs: int) -> list[float]:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[-1]


def person(i: int, now) -> dict:
    return {
        "email": f"p{i}@bench.example",
        "display_name": f"Person {i}",
        "password_hash": "x",
        "date_of_birth": date(1990, 1, 1),
        "timezone": "UTC",
        "bio": "",
        "reminder_prefs": {},
        "created_at": now,
    }


def member(community_id: int, i: int, user_id: int, now) -> dict:
    """The first person moderates; everyone joined a month ago (the moderator two)."""
    return {
        "community_id": community_id,
        "user_id": user_id,
        "role": "moderator" if i == 0 else "member",
        "status": "active",
        "joined_at": now - timedelta(days=30 if i else 60),
    }


def topic(community_id: int, i: int, author_id: int, now) -> dict:
    return {
        "community_id": community_id,
        "author_id": author_id,
        "kind": "discussion",
        "title": f"Topic {i}",
        "is_anonymous": False,
        "urgency": "normal",
        "reply_count": 0,
        "created_at": now - timedelta(days=14),
        "last_activity_at": now,
    }


def post(community_id: int, i: int, topic_id: int, author_id: int, created_at) -> dict:
    return {
        "topic_id": topic_id,
        "community_id": community_id,
        "author_id": author_id,
        "is_opening": False,
        "is_anonymous": False,
        "body": f"post {i}",
        "body_html": f"<p>post {i}</p>",
        "created_at": created_at,
    }


def report(community_id: int, i: int, post_id: int, reporter_id: int, author_id: int, created_at) -> dict:
    return {
        "community_id": community_id,
        "reporter_id": reporter_id,
        "target_type": "post",
        "target_id": post_id,
        "reason": "spam",
        "details": "",
        "snapshot_title": "Topic",
        "snapshot_text": f"post {i}",
        "snapshot_author_id": author_id,
        "status": "open",
        "outcome": "",
        "created_at": created_at,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--posts", type=int, default=200_000)
    parser.add_argument("--reports", type=int, default=5_000)
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("SECRET_KEY", "bench")
    workdir = Path(tempfile.mkdtemp(prefix="bench-moderation-"))
    # Imported here, once the repository is on sys.path and SECRET_KEY is set (this runs as a script).
    from mentorship import create_app
    from mentorship.extensions import db
    from mentorship.models import Community, Membership, Post, Report, Topic, User, utcnow
    from mentorship.services.board import pace as posting_pace
    from mentorship.services.moderation import queue as moderation

    url = f"sqlite:///{workdir / 'bench.db'}"
    app = create_app(
        {"INSTANCE_PATH": str(workdir), "SQLALCHEMY_DATABASE_URI": url, "RATELIMIT_STORAGE_URI": "memory://"}
    )
    with app.app_context():
        db.create_all()
        now = utcnow()
        people = 2000
        db.session.execute(User.__table__.insert(), [person(i, now) for i in range(people)])
        community = Community(slug="bench", name="Bench")
        db.session.add(community)
        db.session.flush()
        cid = community.id
        user_ids = [row[0] for row in db.session.execute(db.select(User.id).order_by(User.id))]
        db.session.execute(Membership.__table__.insert(), [member(cid, i, uid, now) for i, uid in enumerate(user_ids)])
        db.session.execute(Topic.__table__.insert(), [topic(cid, i, user_ids[i % people], now) for i in range(500)])
        topic_ids = [row[0] for row in db.session.execute(db.select(Topic.id).order_by(Topic.id))]
        busy = topic_ids[-1]
        batch = []
        for i in range(args.posts):
            recent = i >= args.posts - 15
            at = now - (timedelta(minutes=2) if recent else timedelta(seconds=(args.posts - i) * 5))
            topic_id = busy if recent else topic_ids[i % 500]
            batch.append(post(cid, i, topic_id, user_ids[(i * 7) % people], at))
            if len(batch) == 5000:
                db.session.execute(Post.__table__.insert(), batch)
                batch = []
        if batch:
            db.session.execute(Post.__table__.insert(), batch)
        post_ids = [row[0] for row in db.session.execute(db.select(Post.id).order_by(Post.id).limit(args.reports))]
        reports = [
            report(
                cid,
                i,
                pid,
                user_ids[(i + 1) % people],
                user_ids[(i * 7) % people],
                now - timedelta(seconds=args.reports - i),
            )
            for i, pid in enumerate(post_ids)
        ]
        db.session.execute(Report.__table__.insert(), reports)
        db.session.commit()
        newcomer = db.session.scalar(db.select(Membership).where(Membership.user_id == user_ids[5]))
        newcomer.joined_at = now - timedelta(hours=2)
        db.session.commit()
        moderator_id = user_ids[0]
        last_page = -(-args.reports // moderation.QUEUE_PER_PAGE)

        def pace():
            with contextlib.suppress(posting_pace.PostingTooFast):
                posting_pace.check_pace(community, newcomer, busy)

        few = max(20, args.runs // 10)
        pace_ms = timed(pace, args.runs)
        queue_ms = timed(lambda: moderation.queue_page(cid, moderator_id, 1), few)
        last_ms = timed(lambda: moderation.queue_page(cid, moderator_id, last_page), few)
        count_ms = timed(lambda: moderation.open_count(cid, moderator_id), few)
    print(f"{args.posts:,} posts, {args.reports:,} open reports, SQLite")
    timings = {"pace check": pace_ms, "queue page 1": queue_ms, "queue last page": last_ms, "open count": count_ms}
    for name, samples in timings.items():
        print(f"{name:16} p50 {statistics.median(samples):7.2f} ms   p95 {p95(samples):7.2f} ms")
    print(
        f"RESULT pace_p50_ms={statistics.median(pace_ms):.2f} pace_p95_ms={p95(pace_ms):.2f} "
        f"queue_p50_ms={statistics.median(queue_ms):.2f} queue_last_p50_ms={statistics.median(last_ms):.2f} "
        f"count_p50_ms={statistics.median(count_ms):.2f}"
    )


if __name__ == "__main__":
    main()
