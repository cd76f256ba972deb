"""Benchmark: the pages members open every day, on a large community's data in PostgreSQL.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test python bench/scale.py [--scale 1.0] [--runs 30]

At --scale 1: 100,000 members in 50 communities, 1,000,000 board posts (100,000 topics), 5,000,000 private
messages in 50,000 mentorships, 1,000,000 notifications (and 100,000 sign-ups, 400,000 check-ins). It creates
its own database beside DATABASE_URL (and drops it at the end), makes the schema with create_all, seeds it
server-side with multi-row `INSERT ... SELECT generate_series(...)` statements (no row passes through Python),
then ANALYZEs. The same is first done on a small copy (scale / 100), to compare query counts.

"app cpu" is the median CPU time of this process per request (Flask, SQLAlchemy, Jinja: what a web worker
spends, whatever else the machine runs); "db ms" the time of the page's statements in one captured request.

For each page (board index, a topic page, search, the thread page, its poll, notifications, the dashboard,
program health) it times `--runs` requests in-process (Flask test client, logged in as a member who is in the
community, in a mentorship with 1,000 messages, with 1,000 notifications, and admin of a program), counts the
queries, and EXPLAINs every query the page ran (captured with a before_cursor_execute listener), flagging any
sequential scan of a table over 10,000 rows. Last line: RESULT worst_p95_ms=.. seq_scans=.. seed_seconds=..
"""

import argparse
import os
import re
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("INSTANCE_PATH", tempfile.mkdtemp(prefix="bench-scale-"))
os.environ.setdefault("SECRET_KEY", "bench")

from sqlalchemy import create_engine, event, select, text  # noqa: E402

from mentorship import create_app  # noqa: E402
from mentorship.extensions import db  # noqa: E402
from mentorship.models import Message, UserSession  # noqa: E402
from mentorship.models.board import POSTGRES_SEARCH_DDL  # noqa: E402

BIG_TABLE = 10_000
LIMITS_MS = {"search": 100}
DEFAULT_LIMIT_MS = 50
TIMEZONES = "ARRAY['UTC','Europe/London','Europe/Berlin','Asia/Kolkata','America/New_York','America/Los_Angeles']"
WORDS = "ARRAY['python','career','design','sql','writing','feedback','habits','interview','testing','rust']"


def sizes(scale: float) -> dict:
    def n(value: int, least: int) -> int:
        return max(least, int(value * scale))

    return {
        "members": n(100_000, 400),
        "communities": 50,
        "posts": n(1_000_000, 2_000),
        "mentorships": n(50_000, 100),
        "messages": n(5_000_000, 5_000),
        "notifications": n(1_000_000, 2_000),
        # What the bench member sees: a thread of 1,000 messages, 1,000 notifications, a topic with 1,000 replies.
        "own": 1_000,
    }


def seed_statements(s: dict) -> list[tuple[str, str]]:
    """(label, SQL) in order. Member u belongs to community ((u-1) % 50) + 1; member 1 is the bench member."""
    c, m, topics, ms = s["communities"], s["members"], s["posts"] // 10, s["mentorships"]
    per_community = m // c
    author = f"(((g - 1) % {c}) + 1 + {c} * ((g * 7919) % {per_community}))"
    return [
        (
            "users",
            f"""INSERT INTO users (id, email, display_name, password_hash, date_of_birth, adult_confirmed_at,
            email_verified_at, timezone, bio, reminder_prefs, created_at)
            SELECT g, 'member' || g || '@example.com', 'Member ' || g, 'x', DATE '1990-01-01', now(), now(),
            ({TIMEZONES})[1 + g % 6], '', '{{}}'::json, now() - interval '400 days'
            FROM generate_series(1, {m}) g""",
        ),
        (
            "communities",
            f"""INSERT INTO communities (id, slug, name, description, is_private, code_of_conduct,
            report_hide_threshold, slow_mode_enabled, created_at)
            SELECT g, 'c' || g, 'Community ' || g, '', false, 'Be kind.', 3, false, now() - interval '400 days'
            FROM generate_series(1, {c}) g""",
        ),
        (
            "memberships",
            f"""INSERT INTO memberships (community_id, user_id, role, status, coc_accepted_at, joined_at)
            SELECT ((g - 1) % {c}) + 1, g, CASE WHEN g <= {c} THEN 'admin' ELSE 'member' END, 'active', now(),
            now() - interval '300 days' FROM generate_series(1, {m}) g""",
        ),
        (
            "programs",
            f"""INSERT INTO programs (id, community_id, template_key, title, description, format, weeks, status,
            matching_mode, default_capacity, circle_size, checkin_weekday, signup_questions, role_labels,
            match_weights, match_rules, created_by_id, created_at, started_at)
            SELECT g, g, '', 'Program ' || g, '', 'one_to_one', 12, 'running', 'admin', 2, 4, 0, '[]'::json,
            '{{}}'::json, '{{}}'::json, '{{}}'::json, g, now() - interval '60 days', now() - interval '30 days'
            FROM generate_series(1, {c}) g""",
        ),
        (
            "board_topics",
            f"""INSERT INTO board_topics (id, community_id, author_id, kind, title, is_anonymous, urgency,
            reply_count, created_at, last_activity_at)
            SELECT g, ((g - 1) % {c}) + 1, {author}, CASE WHEN g % 5 = 0 THEN 'help' ELSE 'discussion' END,
            'Topic ' || g || ' about ' || ({WORDS})[1 + g % 10], false, 'normal', 9,
            now() - make_interval(secs => ({topics} - g) * 60 + 3600),
            now() - make_interval(secs => ({topics} - g) * 60)
            FROM generate_series(1, {topics}) g""",
        ),
        (
            "board_posts",
            f"""INSERT INTO board_posts (topic_id, community_id, author_id, is_opening, is_anonymous, body,
            body_html, created_at)
            SELECT t, ((t - 1) % {c}) + 1, (((t - 1) % {c}) + 1 + {c} * ((g * 31) % {per_community})),
            (g - 1) % 10 = 0, false,
            'Post ' || g || ': on ' || ({WORDS})[1 + g % 10] || ' and ' || ({WORDS})[1 + (g / 10) % 10] || '.',
            '<p>Post ' || g || '</p>', now() - make_interval(secs => ({s["posts"]} - g) * 6)
            FROM generate_series(1, {s["posts"]}) g, LATERAL (SELECT ((g - 1) / 10) + 1 AS t) topic""",
        ),
        (
            "board_posts (a long topic)",
            f"""INSERT INTO board_posts (topic_id, community_id, author_id, is_opening, is_anonymous, body,
            body_html, created_at)
            SELECT 1, 1, 1 + {c} * (g % {per_community}), false, false, 'Reply ' || g || ' on python.',
            '<p>Reply ' || g || '</p>', now() - make_interval(secs => {s["own"]} - g)
            FROM generate_series(1, {s["own"]}) g""",
        ),
        (
            "mentorships",
            f"""INSERT INTO mentorships (id, community_id, program_id, kind, status, origin, reasons, weeks,
            started_at, end_reason, created_at)
            SELECT g, ((g - 1) % {c}) + 1, ((g - 1) % {c}) + 1, 'pair', 'active', 'program', '[]'::json, 12,
            now() - interval '30 days', '', now() - interval '31 days' FROM generate_series(1, {ms}) g""",
        ),
        (
            "mentorship_members",
            f"""INSERT INTO mentorship_members (mentorship_id, user_id, role, goals, topics, joined_at,
            last_read_message_id)
            SELECT g, ((g - 1) % {c}) + 1 + {c} * (2 * ((g - 1) / {c}) + r), CASE r WHEN 0 THEN 'mentor'
            ELSE 'mentee' END, '', '[]'::json, now() - interval '30 days', 0
            FROM generate_series(1, {ms}) g, generate_series(0, 1) r""",
        ),
        (
            "enrollments",
            """INSERT INTO enrollments (program_id, user_id, role, goals, topics, experience_years, availability,
            timezone, languages, capacity, answers, status, paused, unmatched_rounds, created_at, updated_at)
            SELECT m.program_id, mm.user_id, mm.role, '', '[]'::json, 3, '[]'::json, 'UTC', '[]'::json, 1,
            '{}'::json, 'approved', false, 0, now() - interval '40 days', now() - interval '40 days'
            FROM mentorship_members mm JOIN mentorships m ON m.id = mm.mentorship_id""",
        ),
        (
            "space_checkins",
            """INSERT INTO space_checkins (mentorship_id, user_id, week, rating, note, next_goal, created_at,
            updated_at)
            SELECT mm.mentorship_id, mm.user_id, w, 1 + (mm.user_id + w) % 5, '', '',
            now() - make_interval(days => 30 - 7 * w), now() - make_interval(days => 30 - 7 * w)
            FROM mentorship_members mm, generate_series(1, 4) w""",
        ),
        (
            "space_messages",
            f"""INSERT INTO space_messages (mentorship_id, thread_key, author_id, is_system, body, body_html,
            created_at)
            SELECT mid, 'main', ((mid - 1) % {c}) + 1 + {c} * (2 * ((mid - 1) / {c}) + g % 2), false,
            'Message ' || g, '<p>Message ' || g || '</p>', now() - make_interval(secs => ({s["messages"]} - g) / 2)
            FROM generate_series(1, {s["messages"]}) g, LATERAL (SELECT ((g - 1) % {ms}) + 1 AS mid) pair""",
        ),
        (
            "space_messages (the bench pair's thread)",
            f"""INSERT INTO space_messages (mentorship_id, thread_key, author_id, is_system, body, body_html,
            created_at)
            SELECT 1, 'main', CASE WHEN g % 2 = 0 THEN 1 ELSE {c + 1} END, false, 'Our message ' || g,
            '<p>Our message ' || g || '</p>', now() - make_interval(secs => {s["own"]} - g)
            FROM generate_series(1, {s["own"]}) g""",
        ),
        (
            "notifications",
            f"""INSERT INTO notifications (user_id, kind, text, link, count, created_at, read_at)
            SELECT CASE WHEN g <= {s["own"]} THEN 1 ELSE 1 + g % {m} END, 'board_reply', 'Reply ' || g, '/c/c1',
            1, now() - make_interval(secs => {s["notifications"]} - g),
            CASE WHEN g % 5 = 0 THEN NULL ELSE now() END FROM generate_series(1, {s["notifications"]}) g""",
        ),
    ]


def reset_sequences(connection) -> None:
    for table in ("users", "communities", "programs", "board_topics", "mentorships"):
        connection.exec_driver_sql(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"
        )


def make_database(base: str):
    """(url, drop) for a new database beside `base`."""
    base = re.sub(r"^postgres(ql)?(\+psycopg)?://", "postgresql+psycopg://", base)
    server = base.rsplit("/", 1)[0]
    name = f"bench_scale_{uuid.uuid4().hex[:8]}"
    admin = create_engine(server + "/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))

    def drop():
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return f"{server}/{name}", drop


def seed(scale: float, quiet: bool) -> float:
    """Schema, rows, then the indexes (built once over the rows: faster than updating them row by row)."""
    started = time.perf_counter()
    db.create_all()
    indexes = [index for table in db.metadata.sorted_tables for index in table.indexes]
    with db.engine.begin() as connection:
        for index in indexes:
            index.drop(connection)
        for statement in POSTGRES_SEARCH_DDL:
            if statement.startswith("CREATE INDEX"):
                connection.exec_driver_sql(f"DROP INDEX {statement.split()[5]}")
    for label, statement in seed_statements(sizes(scale)):
        step = time.perf_counter()
        with db.engine.begin() as connection:
            # Foreign keys are checked by triggers, one call per row; the seed's keys are right by construction.
            connection.exec_driver_sql("SET LOCAL session_replication_role = replica")
            connection.exec_driver_sql("SET LOCAL synchronous_commit = off")
            rows = connection.exec_driver_sql(statement.replace("%", "%%")).rowcount
        if not quiet:
            print(f"  {label}: {rows:,} rows in {time.perf_counter() - step:.1f} s", flush=True)
    step = time.perf_counter()
    with db.engine.begin() as connection:
        reset_sequences(connection)
        connection.exec_driver_sql("SET LOCAL maintenance_work_mem = '256MB'")
        for index in indexes:
            index.create(connection)
        for statement in POSTGRES_SEARCH_DDL:
            connection.exec_driver_sql(statement)
    if not quiet:
        print(f"  indexes: {len(indexes) + len(POSTGRES_SEARCH_DDL)} built in {time.perf_counter() - step:.1f} s")
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.exec_driver_sql("VACUUM ANALYZE")
    return time.perf_counter() - started


def pages() -> dict[str, tuple[str, dict, int]]:
    """page -> (path, headers, expected status) for the bench member (user 1)."""
    last_id = db.session.scalar(select(Message.id).where(Message.mentorship_id == 1).order_by(Message.id.desc()))
    return {
        "board index": ("/c/c1/board/", {}, 200),
        "topic page": ("/c/c1/board/t/1", {}, 200),
        "search": ("/c/c1/board/search?q=python+career", {}, 200),
        "thread": ("/m/1", {}, 200),
        "poll": (f"/m/1/t/main/poll?after={last_id}", {"HX-Request": "true"}, 204),
        "notifications": ("/notifications", {}, 200),
        "dashboard": ("/", {}, 200),
        "program health": ("/c/c1/programs/1/health", {}, 200),
    }


def logged_in_client(app):
    row = UserSession(user_id=1)
    db.session.add(row)
    db.session.commit()
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = row.token
        session["_fresh"] = True
    return client


class Captured:
    """The statements (and their parameters) sent to the database while `on` is set."""

    def __init__(self, engine):
        self.on = False
        self.statements: list[tuple[str, object]] = []
        self.times: list[tuple[float, str]] = []
        event.listen(engine, "before_cursor_execute", self._before)
        event.listen(engine, "after_cursor_execute", self._after)

    def _before(self, _conn, _cursor, statement, parameters, _context, _executemany):
        if self.on and not statement.lstrip().upper().startswith(("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT")):
            self.statements.append((statement, parameters))
            self.started = time.perf_counter()

    def _after(self, _conn, _cursor, statement, _parameters, _context, _executemany):
        if self.on and self.statements and self.statements[-1][0] == statement:
            self.times.append(((time.perf_counter() - self.started) * 1000, statement))


def big_tables(connection) -> dict[str, int]:
    rows = connection.exec_driver_sql(
        "SELECT relname, reltuples::bigint FROM pg_class WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace"
    )
    return {name: count for name, count in rows if count > BIG_TABLE}


def seq_scans(plan: dict, big: dict[str, int]) -> list[str]:
    found = []
    if plan.get("Node Type") == "Seq Scan" and plan.get("Relation Name") in big:
        found.append(plan["Relation Name"])
    for child in plan.get("Plans", []):
        found += seq_scans(child, big)
    return found


def explain(statements, big: dict[str, int]) -> list[tuple[str, list[str]]]:
    """(statement, big tables it scans sequentially) for every statement; EXPLAIN plans without running."""
    raw = db.engine.raw_connection()
    found = []
    try:
        cursor = raw.cursor()
        for statement, parameters in statements:
            if not statement.lstrip().upper().startswith(("SELECT", "WITH", "UPDATE", "DELETE", "INSERT")):
                continue
            cursor.execute("EXPLAIN (FORMAT JSON) " + statement, parameters)
            plan = cursor.fetchone()[0][0]["Plan"]
            if scans := seq_scans(plan, big):
                found.append((statement, scans))
        raw.rollback()
    finally:
        raw.close()
    return found


def measure(app, runs: int) -> dict[str, dict]:
    """Per page: p95 and median ms, queries per request, sequential scans of big tables."""
    captured = Captured(db.engine)
    client = logged_in_client(app)
    with db.engine.connect() as connection:
        big = big_tables(connection)
    report = {}
    for name, (path, headers, status) in pages().items():
        for _ in range(3):  # warm caches, compiled SQL and templates
            response = client.get(path, headers=headers)
            assert response.status_code == status, (name, response.status_code, response.get_data(as_text=True)[:500])
        captured.statements, captured.times, captured.on = [], [], True
        client.get(path, headers=headers)
        captured.on = False
        statements = list(captured.statements)
        slowest = sorted(captured.times, reverse=True)[:2]
        times, cpu = [], []
        for _ in range(runs):
            started, cpu_started = time.perf_counter(), time.process_time()
            client.get(path, headers=headers)
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - cpu_started) * 1000)
        times.sort()
        report[name] = {
            "p95": times[min(len(times) - 1, int(len(times) * 0.95))],
            "median": statistics.median(times),
            "cpu": statistics.median(cpu),
            "queries": len(statements),
            "scans": explain(statements, big),
            "slowest": slowest,
            "db": sum(ms for ms, _ in captured.times),
        }
        db.session.remove()
    return report


def run(base: str, scale: float, runs: int, quiet: bool = False, keep: bool = False) -> tuple[dict, float]:
    url, drop = make_database(base)
    if keep:
        print(f"database kept: {url}")
    try:
        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "RATELIMIT_ENABLED": False})
        with app.app_context():
            seed_seconds = seed(scale, quiet)
            report = measure(app, runs)
            db.session.remove()
            db.engine.dispose()
        return report, seed_seconds
    finally:
        if not keep:
            drop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--keep", action="store_true", help="keep the big database (its URL is printed)")
    args = parser.parse_args()
    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith("postgres"):
        sys.exit("bench/scale.py needs DATABASE_URL=postgresql://... (it makes and drops its own database)")
    started = time.perf_counter()
    small, _ = run(base, args.scale / 100, 5, quiet=True)
    s = sizes(args.scale)
    print(
        f"scale {args.scale}: {s['members']:,} members in {s['communities']} communities, {s['posts']:,} board posts, "
        f"{s['messages']:,} messages in {s['mentorships']:,} mentorships, {s['notifications']:,} notifications",
        flush=True,
    )
    big, seed_seconds = run(base, args.scale, args.runs, keep=args.keep)
    print(
        f"\n{'page':<16} {'p95 ms':>8} {'median':>8} {'app cpu':>8} {'db ms':>6} {'limit':>6} {'queries':>8} "
        f"{'small':>6} {'seq scans':>10}"
    )
    for name, row in big.items():
        limit = LIMITS_MS.get(name, DEFAULT_LIMIT_MS)
        print(
            f"{name:<16} {row['p95']:>8.1f} {row['median']:>8.1f} {row['cpu']:>8.1f} {row['db']:>6.1f} {limit:>6} "
            f"{row['queries']:>8} {small[name]['queries']:>6} {len(row['scans']):>10}"
        )
    for name, row in big.items():
        for statement, tables in row["scans"]:
            print(f"\nseq scan of {', '.join(tables)} on {name}:\n  {' '.join(statement.split())[:400]}")
    print("\nslowest statements of each page (ms, in the captured request):")
    for name, row in big.items():
        for ms, statement in row["slowest"]:
            print(f"  {name}: {ms:.1f} ms  {' '.join(statement.split())[:300]}")
    worst = max(row["p95"] for row in big.values())
    scans = sum(len(row["scans"]) for row in big.values())
    same = all(big[name]["queries"] == small[name]["queries"] for name in big)
    over = [name for name, row in big.items() if row["p95"] > LIMITS_MS.get(name, DEFAULT_LIMIT_MS)]
    print(f"\nsame query counts as on small data: {same}; over the limit: {', '.join(over) or 'none'}")
    load = os.getloadavg()[0]
    print(f"whole run {time.perf_counter() - started:.0f} s; load average {load:.1f} on {os.cpu_count()} cores")
    print(f"RESULT worst_p95_ms={worst:.1f} seq_scans={scans} seed_seconds={seed_seconds:.0f}")


if __name__ == "__main__":
    main()
