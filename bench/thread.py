"""Speed of the mentorship thread: the thread page and the empty poll, next to a bare Flask route.

    /work/main/.venv/bin/python bench/thread.py [--requests 2000] [--concurrency 8]

What it does, all on 127.0.0.1 and stopping by itself:
- prepares a temporary SQLite database: a pair with 1,000 messages, and a signed session cookie
  for the mentor made directly (no log-in form);
- serves the app with gunicorn, and a bare Flask app (one route returning a short string) with the
  very same settings: 2 sync workers, each on a socket bound to a free port (sync workers answer
  one request per connection, so every request opens a new connection; the clients reconnect);
- drives each endpoint with a bounded number of requests from Python threads (http.client),
  split into small chunks taken in turn (bare, poll, thread, bare, ...) so that the load of a
  shared machine falls on all three alike; requests/s = requests / time spent on that endpoint;
- and, in the app itself, a trivial page for the same logged-in mentor (`/_bench/bare`: a small template,
  @login_required), what every request of the app pays: thread_ratio is the thread page (50 messages shown,
  1,000 in the thread) against it;
- prints requests/s and p50/p95 latency for each, and as the last line
  RESULT thread_rps=.. poll_rps=.. bare_rps=.. inapp_rps=.. poll_ratio=.. thread_ratio=.. thread_p95_ms=..
"""

import argparse
import http.client
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SMALL_TEMPLATE = (
    "<!doctype html><html><head><title>{{ title }}</title></head><body><p>Hello, {{ name }}.</p></body></html>"
)
GUNICORN_SETTINGS = ["--workers", "2", "--worker-class", "sync", "--log-level", "warning", "--backlog", "512"]


def make_wsgi():
    """The gunicorn entry point: the real app, plus a trivial page for a logged-in member (the in-app bare route)."""
    from flask import render_template
    from flask_login import current_user, login_required
    from jinja2 import ChoiceLoader, DictLoader

    from mentorship import create_app

    app = create_app()
    app.jinja_loader  # noqa: B018  (make Flask build its loader before it is wrapped)
    app.jinja_env.loader = ChoiceLoader([app.jinja_env.loader, DictLoader({"bench_small.html": SMALL_TEMPLATE})])

    @app.get("/_bench/bare")
    @login_required
    def bare():
        return render_template("bench_small.html", title="Bare", name=current_user.display_name)

    return app


def prepare(workdir: Path, secret_key: str) -> dict:
    """Build the database (a pair with 1,000 messages) and a session cookie for the mentor."""
    sys.path.insert(0, str(ROOT))
    os.environ["SECRET_KEY"] = secret_key
    from flask_login.utils import _create_identifier

    from mentorship import create_app
    from mentorship.extensions import db
    from mentorship.models import Community, Membership, Mentorship, MentorshipMember, User, UserSession, utcnow
    from mentorship.models.space import Message
    from mentorship.text import render_markdown

    app = create_app(
        {
            "INSTANCE_PATH": str(workdir),
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{workdir / 'bench.db'}",
            "RATELIMIT_STORAGE_URI": "memory://",
        }
    )
    with app.app_context():
        db.create_all()
        people = [
            User(
                email=f"{name.lower()}@bench.example",
                display_name=name,
                password_hash="x",
                date_of_birth=date(1990, 1, 1),
            )
            for name in ("Lin", "Sam")
        ]
        community = Community(slug="bench", name="Bench")
        db.session.add_all([*people, community])
        db.session.flush()
        db.session.add_all(Membership(community_id=community.id, user_id=p.id) for p in people)
        mentorship = Mentorship(
            community_id=community.id, status="active", kind="pair", started_at=utcnow() - timedelta(days=10)
        )
        mentorship.members = [
            MentorshipMember(user_id=people[0].id, role="mentor"),
            MentorshipMember(user_id=people[1].id, role="mentee"),
        ]
        db.session.add(mentorship)
        db.session.flush()
        start = utcnow() - timedelta(days=9)
        for i in range(1000):
            body = f"Message {i}: let's talk about *week {i % 8 + 1}* and [the guide](https://example.com/{i})."
            db.session.add(
                Message(
                    mentorship_id=mentorship.id,
                    author_id=people[i % 2].id,
                    body=body,
                    body_html=str(render_markdown(body)),
                    created_at=start + timedelta(minutes=i),
                )
            )
        session_row = UserSession(user_id=people[0].id)
        db.session.add(session_row)
        db.session.commit()
        last_id = db.session.query(db.func.max(Message.id)).scalar()
        # As the log-in form leaves it (Flask-Login's identifier of this client, which sends no User-Agent) and a
        # CSRF secret already in place: the session is not rewritten on each response.
        with app.test_request_context(environ_base={"REMOTE_ADDR": "127.0.0.1"}):
            identifier = _create_identifier()
        cookie = app.session_interface.get_signing_serializer(app).dumps(
            {"_user_id": session_row.token, "_fresh": False, "_id": identifier, "csrf_token": secrets.token_hex(20)}
        )
        return {"mentorship_id": mentorship.id, "last_id": last_id, "cookie": cookie, "db": workdir / "bench.db"}


def serve(app_spec: str, env: dict) -> tuple[subprocess.Popen, int]:
    """Start gunicorn on an already-bound loopback socket with a free port."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    sock.listen(512)
    port = sock.getsockname()[1]
    command = [sys.executable, "-m", "gunicorn", *GUNICORN_SETTINGS, "--bind", f"fd://{sock.fileno()}", app_spec]
    process = subprocess.Popen(command, cwd=ROOT, env=env, pass_fds=[sock.fileno()])
    sock.close()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            conn.getresponse().read()
            return process, port
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError(f"gunicorn for {app_spec} did not start")


def load(port: int, path: str, headers: dict, expected: int, total: int, concurrency: int) -> dict:
    """Send `total` GETs from `concurrency` threads; return the wall time and each latency (s)."""
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    remaining = [total]

    def worker():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while True:
            with lock:
                if remaining[0] == 0:
                    break
                remaining[0] -= 1
            started = time.perf_counter()
            try:
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException) as error:
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                status = repr(error)
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)
                if status != expected:
                    errors.append(str(status))
        conn.close()

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - began
    return {"seconds": wall, "latencies": latencies, "errors": errors}


def summary(total: dict) -> dict:
    latencies = sorted(total["latencies"])
    return {
        "rps": len(latencies) / total["seconds"],
        "p50": statistics.median(latencies) * 1000,
        "p95": latencies[int(len(latencies) * 0.95) - 1] * 1000,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=2000, help="requests per endpoint")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--chunks", type=int, default=10, help="interleaved rounds the requests are split into")
    args = parser.parse_args()

    processes: list[subprocess.Popen] = []
    with tempfile.TemporaryDirectory(prefix="bench-thread-") as tmp:
        workdir = Path(tmp)
        secret_key = secrets.token_hex(32)
        data = prepare(workdir, secret_key)
        env = {
            **os.environ,
            "SECRET_KEY": secret_key,
            "INSTANCE_PATH": str(workdir),
            "DATABASE_URL": f"sqlite:///{data['db']}",
            "RATELIMIT_STORAGE_URI": "memory://",
            "PYTHONPATH": str(ROOT),
        }
        try:
            app_proc, app_port = serve("bench.thread:make_wsgi()", env)
            processes.append(app_proc)
            bare_proc, bare_port = serve("bench.bare_app:app", env)
            processes.append(bare_proc)
            cookie = {"Cookie": f"session={data['cookie']}"}
            m, last = data["mentorship_id"], data["last_id"]
            future = int((time.time() + 3600) * 1000)
            endpoints = {
                "bare": (bare_port, "/", {}, 200),
                "poll": (
                    app_port,
                    f"/m/{m}/t/main/poll?after={last}&since={future}",
                    {**cookie, "HX-Request": "true"},
                    204,
                ),
                "thread": (app_port, f"/m/{m}", cookie, 200),
                "inapp": (app_port, "/_bench/bare", cookie, 200),
            }
            for port, path, headers, expected in endpoints.values():  # warm up: imports, caches, pool
                load(port, path, headers, expected, 100, args.concurrency)
            # Small interleaved chunks, so that the shared machine's ups and downs hit every endpoint alike.
            totals = {name: {"seconds": 0.0, "latencies": []} for name in endpoints}
            chunk = max(1, args.requests // args.chunks)
            for _round in range(args.chunks):
                for name, (port, path, headers, expected) in endpoints.items():
                    result = load(port, path, headers, expected, chunk, args.concurrency)
                    if result["errors"]:
                        raise SystemExit(
                            f"{name}: {len(result['errors'])} unexpected answers, e.g. {result['errors'][:3]}"
                        )
                    totals[name]["seconds"] += result["seconds"]
                    totals[name]["latencies"] += result["latencies"]
        finally:
            for process in processes:
                process.terminate()
            for process in processes:
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()

    results = {name: summary(total) for name, total in totals.items()}
    print(
        f"gunicorn {' '.join(GUNICORN_SETTINGS)}; {args.requests} requests per endpoint in {args.chunks} "
        f"interleaved chunks, concurrency {args.concurrency}; thread of 1,000 messages"
    )
    print(f"{'endpoint':<8} {'req/s':>9} {'p50 ms':>8} {'p95 ms':>8}")
    for name in ("bare", "poll", "inapp", "thread"):
        r = results[name]
        print(f"{name:<8} {r['rps']:>9.0f} {r['p50']:>8.2f} {r['p95']:>8.2f}")
    ratio = results["poll"]["rps"] / results["bare"]["rps"]
    thread_ratio = results["thread"]["rps"] / results["inapp"]["rps"]
    print(
        f"RESULT thread_rps={results['thread']['rps']:.0f} poll_rps={results['poll']['rps']:.0f} "
        f"bare_rps={results['bare']['rps']:.0f} inapp_rps={results['inapp']['rps']:.0f} poll_ratio={ratio:.2f} "
        f"thread_ratio={thread_ratio:.2f} thread_p95_ms={results['thread']['p95']:.1f}"
    )


if __name__ == "__main__":
    main()
