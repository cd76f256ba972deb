"""Faults under load: the load bench's mix while PostgreSQL restarts, and later while Redis is down for 10 s.

    .venv/bin/python bench/faults.py [--users 60] [--seconds 90] [--workers N] [--no-restart]

What it does, bounded in size and time (the pieces are bench/load.py's):
- a throwaway PostgreSQL database beside DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/test), dropped
  at the end, and a Redis server of its own (redis-server on a free loopback port, no persistence), so stopping
  it touches nobody else's keys;
- gunicorn (`--workers` sync workers, default 2 x cores + 1) and locust's `Member` users (browse the board, read
  topics, poll their thread every few seconds, post messages, check in) for `--seconds`;
- at 20 % of the run it restarts the PostgreSQL cluster (`pg_ctlcluster --skip-systemctl-redirect <version>
  main restart`: every connection of every process is cut, and new ones are refused until it is up again); at
  55 % it stops Redis, and starts it again 10 s later.

WARNING: the restart cuts every PostgreSQL client on this machine (other people's test runs too). Run it only
when no one else is using PostgreSQL, at most a couple of times.

Counts, from each failed request's moment (bench/locustfile.py writes them to LOAD_FAILURES):
- db_restart_failures: failed requests from the restart's start until PostgreSQL accepts connections again;
- failures_after_recovery: failed requests after that, to the end (the Redis outage included);
- server_errors: requests answered 500 at any time;
- lost_messages / doubled: messages acknowledged (303) but not stored / stored more than once.
Last line: RESULT db_restart_failures=.. failures_after_recovery=.. server_errors=.. lost_messages=.. doubled=..
"""

import argparse
import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import load  # noqa: E402 (the path above first)

RESTART_AT, REDIS_AT, REDIS_DOWN_SECONDS = 0.20, 0.55, 10


def start_redis(port: int, workdir: Path) -> subprocess.Popen:
    """A private Redis server on 127.0.0.1:<port>, nothing saved to disk."""
    process = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        cwd=workdir,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    from redis import Redis

    deadline = time.time() + 10
    while time.time() < deadline:
        try:
            Redis(host="127.0.0.1", port=port, socket_timeout=1).ping()
            return process
        except Exception:
            time.sleep(0.1)
    raise RuntimeError("redis-server did not start")


def restart_postgresql() -> tuple[float, float]:
    """Restart the cluster; (when the restart began, when PostgreSQL accepted connections again)."""
    version = sorted(os.listdir("/etc/postgresql"))[-1]
    began = time.time()
    subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart"], check=True, timeout=120)
    while subprocess.run(["pg_isready", "-q", "-h", "127.0.0.1"], check=False).returncode != 0:
        time.sleep(0.1)
    return began, time.time()


def free_port() -> int:
    listener = load.free_listener()
    port = listener.getsockname()[1]
    listener.close()
    return port


def main() -> None:
    cores = os.cpu_count() or 1
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=60, help="simulated members (default 60)")
    parser.add_argument("--seconds", type=int, default=90, help="length of the run (default 90)")
    parser.add_argument("--workers", type=int, default=2 * cores + 1, help="gunicorn workers (default 2 x cores + 1)")
    parser.add_argument("--no-restart", action="store_true", help="a dry run: Redis stops, PostgreSQL is left alone")
    args = parser.parse_args()
    if not (2 <= args.users <= 500 and 40 <= args.seconds <= 600):
        parser.error("keep it bounded: 2-500 users, 40-600 seconds")

    base_db = os.environ.get("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test")
    workdir = Path(tempfile.mkdtemp(prefix="bench-faults-"))
    load.OUT.mkdir(parents=True, exist_ok=True)
    redis_port = free_port()
    redis_url = f"redis://127.0.0.1:{redis_port}/0"
    redis = start_redis(redis_port, workdir)
    database_url, database = load.make_database(base_db)
    env = {
        **os.environ,
        "INSTANCE_PATH": str(workdir),
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "SECRET_KEY": secrets.token_hex(32),
        "LOAD_PLAN": str(workdir / "plan.json"),
        "LOAD_POSTED": str(workdir / "posted.json"),
        "LOAD_FAILURES": str(workdir / "failures.json"),
        "PYTHONPATH": str(ROOT),
        "TRUSTED_PROXIES": "1",
    }
    env.pop("RATELIMIT_STORAGE_URI", None)
    os.environ.update({k: env[k] for k in ("INSTANCE_PATH", "DATABASE_URL", "REDIS_URL", "SECRET_KEY")})
    server, moments = None, {}
    try:
        from mentorship import create_app

        app = create_app()
        plan = load.seed(app, args.users)
        Path(env["LOAD_PLAN"]).write_text(json.dumps(plan))
        site = load.free_listener()
        server = load.start_gunicorn("app:app", site, args.workers, env)
        port = site.getsockname()[1]
        load.wait_until_up(port, "/healthz")

        def faults():
            nonlocal redis
            time.sleep(args.seconds * RESTART_AT)
            if args.no_restart:
                moments["restart"] = moments["recovered"] = time.time()
            else:
                moments["restart"], moments["recovered"] = restart_postgresql()
            time.sleep(max(0.0, args.seconds * REDIS_AT - (time.time() - moments["start"])))
            moments["redis_down"] = time.time()
            redis.terminate()
            redis.wait(timeout=10)
            time.sleep(REDIS_DOWN_SECONDS)
            redis = start_redis(redis_port, workdir)
            moments["redis_up"] = time.time()

        moments["start"] = time.time()
        thread = threading.Thread(target=faults, name="faults", daemon=True)
        thread.start()
        rows = [
            load.figures(r) for r in load.run_locust("Member", port, args.users, args.seconds, env, load.OUT / "faults")
        ]
        thread.join(timeout=120)
        failures = json.loads(Path(env["LOAD_FAILURES"]).read_text())
        posted = json.loads(Path(env["LOAD_POSTED"]).read_text())
        lost, doubled = stored(app, posted)
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        redis.terminate()
        try:
            load.drop_database(database_url, database)
        finally:
            shutil.rmtree(workdir, ignore_errors=True)

    during = [f for f in failures if moments["restart"] <= f["at"] <= moments["recovered"]]
    after = [f for f in failures if f["at"] > moments["recovered"]]
    before = [f for f in failures if f["at"] < moments["restart"]]
    server_errors = [f for f in failures if f["status"] == 500]
    total = rows[-1]
    print(
        f"gunicorn {args.workers} sync workers + PostgreSQL + Redis on 127.0.0.1, {cores} cores; locust "
        f"{args.users} users for {args.seconds} s; {total['requests']} requests"
    )
    print(
        f"PostgreSQL restart at {moments['restart'] - moments['start']:.1f} s, accepting again after "
        f"{moments['recovered'] - moments['restart']:.1f} s; Redis down from "
        f"{moments.get('redis_down', 0) - moments['start']:.1f} s for {REDIS_DOWN_SECONDS} s"
    )
    for label, group in (("before the restart", before), ("during the restart", during), ("after it", after)):
        kinds: dict[str, int] = {}
        for f in group:
            key = f"{f['name']} {f['status'] or f['error'][:40]}"
            kinds[key] = kinds.get(key, 0) + 1
        print(f"failures {label}: {len(group)} {kinds or ''}")
    print(f"messages posted with success: {len(posted)}, lost: {lost}, stored twice: {doubled}")
    print(
        f"RESULT db_restart_failures={len(during)} failures_after_recovery={len(after)} "
        f"server_errors={len(server_errors)} lost_messages={lost} doubled={doubled}"
    )


def stored(app, posted: list[str]) -> tuple[int, int]:
    """(acknowledged but not stored, extra copies) for the bodies in `posted`."""
    from sqlalchemy import func, select

    from mentorship.extensions import db
    from mentorship.models import Message

    with app.app_context():
        counts = dict(
            db.session.execute(
                select(Message.body, func.count()).where(Message.body.like("bench message %")).group_by(Message.body)
            ).all()
        )
    return sum(1 for body in posted if counts.get(body, 0) == 0), sum(n - 1 for n in counts.values() if n > 1)


if __name__ == "__main__":
    main()
