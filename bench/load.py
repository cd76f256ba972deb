"""Load test: the site on gunicorn + PostgreSQL + Redis under a mixed workload from locust, on loopback only.

    .venv/bin/python bench/load.py [--users 200] [--seconds 180] [--workers N] [--bare-seconds S]

What it does, bounded in size and time:
- makes a throwaway PostgreSQL database `mentorship_load_<random>` beside DATABASE_URL (default
  postgresql://postgres@127.0.0.1:5432/test) and drops it at the end; uses Redis db 15 of REDIS_URL (default
  redis://127.0.0.1:6379/15, a db no test uses) and flushes only that db, before and after;
- seeds a community directly (members, board topics with replies, one mentorship pair per two simulated
  users) and gives each simulated user a signed session cookie and CSRF token, as a logged-in browser has;
- starts gunicorn (`--workers`, default 2 x cores + 1, sync workers) on 127.0.0.1 and a free port, and a bare
  Flask app the same way;
- runs locust headless: `--users` members (default 200) for `--seconds` (default 180): browse the board, read a
  topic, poll their mentorship thread (the page polls every 3 s), post a message, check in; each user sends
  its own X-Forwarded-For address (gunicorn runs with TRUSTED_PROXIES=1), so per-address rate limits count
  per person as behind a load balancer; then the bare route alone for
  `--bare-seconds` with the same number of users asking without pause (the stack's ceiling on this machine);
- counts the messages stored against the ones answered with success (lost = acknowledged but not stored;
  duplicates = stored more than once), and the CPU time the web workers and the database's backends used.

Prints requests/s and p50/p95/p99 per endpoint and the error count. Last line:
RESULT rps=.. p95_ms=.. errors=.. lost_messages=.. bare_rps=..
"""

import argparse
import csv
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BIN = Path(sys.executable).parent
OUT = ROOT / "bench" / "out"


def bare_wsgi():
    """The reference app for gunicorn: one bare Flask route, nothing else."""
    from flask import Flask

    app = Flask("bare")

    @app.get("/bare")
    def bare():
        return "<!doctype html><title>Bare</title><p>Hello.</p>"

    return app


# --- PostgreSQL and Redis -----------------------------------------------------------------------------------


def make_database(base: str) -> tuple[str, str]:
    """A new database beside `base`: (its SQLAlchemy URL, its name)."""
    from sqlalchemy import create_engine, text

    base = re.sub(r"^postgres(ql)?(\+psycopg)?://", "postgresql+psycopg://", base)
    name = f"mentorship_load_{uuid.uuid4().hex[:10]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return base.rsplit("/", 1)[0] + "/" + name, name


def drop_database(url: str, name: str) -> None:
    from sqlalchemy import create_engine, text

    admin = create_engine(url.rsplit("/", 1)[0] + "/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def flush_redis(url: str) -> None:
    from redis import Redis

    Redis.from_url(url, socket_timeout=2).flushdb()


# --- the world ----------------------------------------------------------------------------------------------


def seed(app, users: int) -> dict:
    """One community: `users` simulated members in pairs (plus quiet members), 300 board topics with replies.
    Returns the plan for the locust users."""
    from itsdangerous import URLSafeTimedSerializer

    from mentorship.extensions import db
    from mentorship.models import (
        Community,
        Membership,
        Mentorship,
        MentorshipMember,
        Post,
        Topic,
        TopicTag,
        User,
        UserSession,
        utcnow,
    )
    from mentorship.services.accounts.passwords import hash_password
    from mentorship.text import render_markdown

    with app.app_context():
        db.create_all()
        password = hash_password("bench-password-123")
        people = [
            User(
                email=f"m{i}@example.com",
                display_name=f"Member {i}",
                password_hash=password,
                date_of_birth=date(1990, 1, 1),
                email_verified_at=utcnow(),
            )
            for i in range(max(users, 2) + 300)
        ]
        community = Community(slug="load", name="Load community")
        db.session.add_all([*people, community])
        db.session.flush()
        db.session.add_all(
            Membership(community_id=community.id, user_id=p.id, coc_accepted_at=utcnow()) for p in people
        )
        body = "A reply with *some* Markdown, a [link](https://example.com) and `code`.\n\n- one\n- two"
        html = str(render_markdown(body))
        start = utcnow() - timedelta(days=30)
        topics = [
            Topic(
                community_id=community.id,
                author_id=people[-(i % 300) - 1].id,
                kind="help" if i % 3 else "discussion",
                title=f"Topic number {i} about something useful",
                created_at=start + timedelta(hours=i),
                last_activity_at=start + timedelta(hours=i),
                reply_count=10,
                tags=[TopicTag(tag="python"), TopicTag(tag=f"tag{i % 5}")],
            )
            for i in range(300)
        ]
        db.session.add_all(topics)
        db.session.flush()
        db.session.add_all(
            Post(
                topic_id=t.id,
                community_id=community.id,
                author_id=people[-(n % 300) - 1].id,
                is_opening=n == 0,
                body=body,
                body_html=html,
                created_at=t.created_at + timedelta(minutes=n),
            )
            for t in topics
            for n in range(11)
        )
        db.session.commit()

        sessions = [UserSession(user_id=p.id) for p in people[:users]]
        db.session.add_all(sessions)
        db.session.commit()
        pairs = {}
        for i in range(0, users - 1, 2):
            pairs[i] = Mentorship(
                community_id=community.id,
                kind="pair",
                status="active",
                origin="help_request",
                started_at=utcnow(),
                members=[
                    MentorshipMember(user_id=people[i].id, role="mentor"),
                    MentorshipMember(user_id=people[i + 1].id, role="mentee"),
                ],
            )
        db.session.add_all(pairs.values())
        db.session.commit()
        mentorships = {i + k: m.id for i, m in pairs.items() for k in (0, 1)}

        sign = app.session_interface.get_signing_serializer(app)
        csrf = URLSafeTimedSerializer(app.config["SECRET_KEY"], salt="wtf-csrf-token")
        plan_people = []
        for i, row in enumerate(sessions):
            raw = secrets.token_hex(20)
            person = {
                "number": i,
                "cookie": sign.dumps({"_user_id": row.token, "_fresh": True, "csrf_token": raw}),
                "csrf": csrf.dumps(raw),
            }
            person.update(space_urls(app, community, mentorships.get(i)))
            plan_people.append(person)
        return {
            "host": "127.0.0.1",
            "board": f"/c/{community.slug}/board",
            "topics": [t.id for t in topics],
            "people": plan_people,
            **SPACE,
        }


# What a locust user posts in their own mentorship space.
SPACE = {"message_field": "body", "checkin_form": {"rating": "4", "note": "Going well", "next_goal": "Practise more"}}


def space_urls(app, community, mentorship_id) -> dict:
    """The URLs of one person's own mentorship space: poll and post in the main thread, this week's check-in."""
    if mentorship_id is None:  # an odd number of users: the last one has no partner and only reads the board
        return {}
    base = f"/m/{mentorship_id}"
    return {
        "poll": base + "/t/main/poll?after={after}",
        "post": base + "/t/main/messages",
        "checkin": base + "/checkin",
    }


def stored_messages(app, posted: list[str]) -> tuple[int, int]:
    """(acknowledged but not stored, stored more than once) for the bodies in `posted`."""
    from sqlalchemy import func, select

    from mentorship.extensions import db
    from mentorship.models import Message

    with app.app_context():
        column = Message.body
        counts = dict(
            db.session.execute(
                select(column, func.count()).where(column.like("bench message %")).group_by(column)
            ).all()
        )
    lost = sum(1 for body in posted if counts.get(body, 0) == 0)
    duplicates = sum(n - 1 for n in counts.values() if n > 1)
    return lost, duplicates


# --- processes and CPU time ---------------------------------------------------------------------------------


def free_listener() -> socket.socket:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1024)
    return listener


def start_gunicorn(app_spec: str, listener: socket.socket, workers: int, env: dict) -> subprocess.Popen:
    return subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "--workers",
            str(workers),
            "--worker-class",
            "sync",
            "--backlog",
            "1024",
            "--bind",
            f"fd://{listener.fileno()}",
            "--log-level",
            "warning",
            "--timeout",
            "60",
            app_spec,
        ],
        cwd=ROOT,
        env=env,
        pass_fds=[listener.fileno()],
    )


def wait_until_up(port: int, path: str, seconds: float = 60) -> None:
    import http.client

    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", path)
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"the server on port {port} did not start")


TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime + stime
        except (FileNotFoundError, IndexError, ValueError):
            pass
    return total / TICKS


def children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except FileNotFoundError:
        return []


def database_backends(name: str) -> list[int]:
    """PostgreSQL backend processes serving this database (their title names it)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if name in (entry / "cmdline").read_bytes().decode(errors="replace"):
                    found.append(int(entry.name))
            except OSError:
                pass
    return found


# --- locust -------------------------------------------------------------------------------------------------


def run_locust(user_class: str, port: int, users: int, seconds: int, env: dict, prefix: Path) -> list[dict]:
    """Run locust headless and bounded; return its per-endpoint rows (the last one is the aggregate)."""
    spawn_rate = max(1, users // 10)
    command = [
        str(BIN / "locust"),
        "-f",
        str(ROOT / "bench" / "locustfile.py"),
        "--headless",
        "--only-summary",
        "--users",
        str(users),
        "--spawn-rate",
        str(spawn_rate),
        "--run-time",
        f"{seconds}s",
        "--stop-timeout",
        "10",
        "--host",
        f"http://127.0.0.1:{port}",
        "--csv",
        str(prefix),
        "--exit-code-on-error",
        "0",
        "--loglevel",
        "WARNING",
        user_class,
    ]
    with open(f"{prefix}.log", "w") as log:  # locust's own summary, kept in bench/out/
        subprocess.run(command, cwd=ROOT, env=env, check=True, timeout=seconds + 120, stdout=log, stderr=log)
    with open(f"{prefix}_stats.csv") as stats:
        return list(csv.DictReader(stats))


def figures(row: dict) -> dict:
    def number(key):
        value = row.get(key) or "0"
        return float(value) if value not in ("N/A", "") else 0.0

    return {
        "name": row["Name"],
        "requests": int(number("Request Count")),
        "errors": int(number("Failure Count")),
        "rps": number("Requests/s"),
        "p50": number("50%"),
        "p95": number("95%"),
        "p99": number("99%"),
    }


def main() -> None:
    cores = os.cpu_count() or 1
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=200, help="simulated members (default 200)")
    parser.add_argument("--seconds", type=int, default=180, help="length of the mixed workload (default 180)")
    parser.add_argument("--workers", type=int, default=2 * cores + 1, help="gunicorn workers (default 2 x cores + 1)")
    parser.add_argument("--bare-seconds", type=int, default=None, help="bare route phase (default seconds / 3, <= 60)")
    args = parser.parse_args()
    if not (1 <= args.users <= 2000 and 5 <= args.seconds <= 1800):
        parser.error("keep it bounded: 1-2000 users, 5-1800 seconds")
    bare_seconds = args.bare_seconds or max(5, min(60, args.seconds // 3))

    base_db = os.environ.get("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test")
    redis_url = os.environ.get("LOAD_REDIS_URL") or os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/15"
    redis_url = re.sub(r"/\d*$", "", redis_url) + "/15"  # db 15 only: no test uses it
    workdir = Path(tempfile.mkdtemp(prefix="bench-load-"))
    OUT.mkdir(parents=True, exist_ok=True)
    database_url, database = make_database(base_db)
    env = {
        **os.environ,
        "INSTANCE_PATH": str(workdir),
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "SECRET_KEY": secrets.token_hex(32),
        "LOAD_PLAN": str(workdir / "plan.json"),
        "LOAD_POSTED": str(workdir / "posted.json"),
        "PYTHONPATH": str(ROOT),
        "TRUSTED_PROXIES": "1",  # the locust users say who they are in X-Forwarded-For, as a load balancer would
    }
    env.pop("RATELIMIT_STORAGE_URI", None)
    os.environ.update({k: env[k] for k in ("INSTANCE_PATH", "DATABASE_URL", "REDIS_URL", "SECRET_KEY")})
    servers = []
    try:
        flush_redis(redis_url)
        from mentorship import create_app

        app = create_app()
        plan = seed(app, args.users)
        Path(env["LOAD_PLAN"]).write_text(json.dumps(plan))
        site, bare = free_listener(), free_listener()
        servers.append(start_gunicorn("app:app", site, args.workers, env))
        servers.append(start_gunicorn("bench.load:bare_wsgi()", bare, args.workers, env))
        site_port, bare_port = site.getsockname()[1], bare.getsockname()[1]
        wait_until_up(site_port, "/healthz")
        wait_until_up(bare_port, "/bare")

        def cpu_now() -> tuple[float, float]:
            return cpu_seconds(children(servers[0].pid)), cpu_seconds(database_backends(database))

        (web_before, db_before), started = cpu_now(), time.time()
        rows = [figures(r) for r in run_locust("Member", site_port, args.users, args.seconds, env, OUT / "load")]
        (web_after, db_after), elapsed = cpu_now(), time.time() - started
        cpu_web, cpu_db = web_after - web_before, db_after - db_before
        posted = json.loads(Path(env["LOAD_POSTED"]).read_text())
        lost, duplicates = stored_messages(app, posted)
        bare_rows = [figures(r) for r in run_locust("Bare", bare_port, args.users, bare_seconds, env, OUT / "bare")]
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=30)
        try:
            flush_redis(redis_url)
        finally:
            drop_database(database_url, database)
            shutil.rmtree(workdir, ignore_errors=True)

    total = rows[-1]
    bare_total = bare_rows[-1]
    print(
        f"gunicorn {args.workers} sync workers + PostgreSQL + Redis on 127.0.0.1, {cores} cores; locust "
        f"{args.users} users for {args.seconds} s (1-3 s between actions), then the bare route {bare_seconds} s"
    )
    print(f"{'endpoint':16} {'requests':>9} {'errors':>7} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}")
    for r in [*rows[:-1], total, bare_total]:
        label = "all (mixed)" if r is total else ("bare route" if r is bare_total else r["name"])
        print(
            f"{label:16} {r['requests']:9d} {r['errors']:7d} {r['rps']:8.1f} {r['p50']:8.0f} {r['p95']:8.0f} "
            f"{r['p99']:8.0f}"
        )
    per_request = 1000 / max(1, total["requests"])
    print(f"messages posted with success: {len(posted)}, lost: {lost}, stored twice: {duplicates}")
    print(
        f"CPU over {elapsed:.0f} s: web workers {cpu_web:.1f} s ({cpu_web * per_request:.1f} ms per request), "
        f"PostgreSQL backends {cpu_db:.1f} s ({cpu_db * per_request:.1f} ms per request)"
    )
    print(
        f"RESULT rps={total['rps']:.1f} p95_ms={total['p95']:.0f} errors={total['errors']} "
        f"lost_messages={lost + duplicates} bare_rps={bare_total['rps']:.1f}"
    )


if __name__ == "__main__":
    main()
