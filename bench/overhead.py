"""What every request pays: the project's trivial route for a logged-in member next to a bare Flask app.

    /work/main/.venv/bin/python bench/overhead.py [--seconds 3] [--rounds 5] [--connections 8]

Both render the same small template and are served the same way on 127.0.0.1: gunicorn, 2 sync workers
each, on a socket bound to a free port. The load comes from wrk (not Python: the client must not share the
interpreter's costs with the servers; `apt-get install -y wrk` is run when it is missing). The rounds are
interleaved (bare, app, bare, app, ...) so that a busy moment on the shared machine weighs on both alike.

- bare: a Flask app with one route rendering the template (no extensions, no session);
- app: the real app (create_app, every extension and hook) with `/_bench/member`, a @login_required route
  rendering the same template with the member's name, asked with a session cookie as the log-in form
  leaves it (a current server-side session row, Flask-Login's identifier for this client): the request
  pays the session, the person, the rate limiter, the CSRF check, every hook, and nothing else.

Last line: RESULT logged_in_ratio=.. bare_rps=.. app_rps=..
"""

import argparse
import http.client
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TEMPLATE = "<!doctype html><html><head><title>{{ title }}</title></head><body><p>Hello, {{ name }}.</p></body></html>"
USER_AGENT = "bench-overhead"
GUNICORN = ["--workers", "2", "--worker-class", "sync", "--log-level", "warning", "--backlog", "1024"]


def make_bare():
    """The gunicorn entry point of the bare app: Flask and the template, nothing else."""
    from flask import Flask, render_template
    from jinja2 import DictLoader

    app = Flask("bare")
    app.jinja_env.loader = DictLoader({"bench_small.html": TEMPLATE})

    @app.get("/")
    def hello():
        return render_template("bench_small.html", title="Bare", name="bench")

    @app.get("/healthz")
    def healthz():
        return "ok"

    return app


def make_app():
    """The gunicorn entry point of the real app, with a trivial page for a logged-in member."""
    # Imported here: mentorship reads INSTANCE_PATH from the environment when first imported (main() sets it).
    from flask import render_template
    from flask_login import current_user, login_required
    from jinja2 import ChoiceLoader, DictLoader

    from mentorship import create_app

    app = create_app()
    app.jinja_loader  # noqa: B018  (make Flask build its loader before it is wrapped)
    app.jinja_env.loader = ChoiceLoader([app.jinja_env.loader, DictLoader({"bench_small.html": TEMPLATE})])

    @app.get("/_bench/member")
    @login_required
    def member():
        return render_template("bench_small.html", title="Member", name=current_user.display_name)

    return app


def seed(workdir: Path) -> str:
    """A community of 20 members and a current session row for one of them; returns its cookie header."""
    from flask_login.utils import _create_identifier

    from mentorship import create_app
    from mentorship.extensions import db
    from mentorship.models import Community, Membership, User, UserSession, utcnow

    app = create_app()
    with app.app_context():
        db.create_all()
        people = [
            User(
                email=f"p{i}@bench.example",
                display_name=f"Person {i}",
                password_hash="x",
                date_of_birth=date(1990, 1, 1),
            )
            for i in range(20)
        ]
        community = Community(slug="bench", name="Bench")
        db.session.add_all([*people, community])
        db.session.flush()
        db.session.add_all(
            Membership(community_id=community.id, user_id=p.id, coc_accepted_at=utcnow()) for p in people
        )
        row = UserSession(user_id=people[0].id, user_agent=USER_AGENT)
        db.session.add(row)
        db.session.commit()
        headers = {"User-Agent": USER_AGENT}
        with app.test_request_context(headers=headers, environ_base={"REMOTE_ADDR": "127.0.0.1"}):
            identifier = _create_identifier()
        # What login_user() leaves in the cookie (web/login.py start_session), and a CSRF secret as any page makes.
        data = {"_user_id": row.token, "_fresh": True, "_id": identifier, "csrf_token": secrets.token_hex(20)}
        cookie = app.session_interface.get_signing_serializer(app).dumps(data)
    return f"{app.config['SESSION_COOKIE_NAME']}={cookie}"


def serve(spec: str, env: dict) -> tuple[subprocess.Popen, int]:
    """gunicorn on an already-bound loopback socket with a free port; waits until it answers."""
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(1024)
    port = listener.getsockname()[1]
    command = [sys.executable, "-m", "gunicorn", *GUNICORN, "--bind", f"fd://{listener.fileno()}", spec]
    process = subprocess.Popen(command, cwd=ROOT, env=env, pass_fds=[listener.fileno()])
    listener.close()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return process, port
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError(f"gunicorn for {spec} did not start")


def check(port: int, path: str, headers: dict, expected: str) -> None:
    """One request by hand: a 200 with the expected text and no new cookie (the session is not rewritten)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", path, headers=headers)
    response = conn.getresponse()
    body = response.read().decode()
    if response.status != 200 or expected not in body or response.getheader("Set-Cookie"):
        raise SystemExit(f"GET {path}: {response.status} {response.getheader('Set-Cookie')!r} {body[:200]!r}")


def wrk(port: int, path: str, headers: dict, seconds: int, connections: int) -> float:
    """requests/s from one wrk run; refuses any answer other than 2xx/3xx or any socket error."""
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency"]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    output = subprocess.run([*command, f"http://127.0.0.1:{port}{path}"], capture_output=True, text=True, check=True)
    text = output.stdout
    if "Non-2xx" in text or re.search(r"Socket errors:.*(read|write|timeout) [1-9]", text):
        raise SystemExit(f"wrk {path}: errors\n{text}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))


def ensure_wrk() -> None:
    if shutil.which("wrk") is None:
        subprocess.run(["apt-get", "install", "-y", "wrk"], check=True, capture_output=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=3, help="seconds per wrk run")
    parser.add_argument("--rounds", type=int, default=5, help="interleaved rounds (bare, app)")
    parser.add_argument("--connections", type=int, default=8)
    args = parser.parse_args()
    ensure_wrk()

    workdir = Path(tempfile.mkdtemp(prefix="bench-overhead-"))
    env = {
        **os.environ,
        "INSTANCE_PATH": str(workdir),
        "DATABASE_URL": f"sqlite:///{workdir / 'bench.db'}",
        "SECRET_KEY": secrets.token_hex(32),
        "RATELIMIT_STORAGE_URI": "memory://",
        "REDIS_URL": f"unix://{workdir / 'no-redis.sock'}",
        "PYTHONPATH": str(ROOT),
    }
    os.environ.update(env)
    processes = []
    try:
        cookie = seed(workdir)
        bare, bare_port = serve("bench.overhead:make_bare()", env)
        processes.append(bare)
        app, app_port = serve("bench.overhead:make_app()", env)
        processes.append(app)
        member = {"Cookie": cookie, "User-Agent": USER_AGENT}
        endpoints = {
            "bare": (bare_port, "/", {"User-Agent": USER_AGENT}, "Hello, bench."),
            "app": (app_port, "/_bench/member", member, "Hello, Person 0."),
        }
        for port, path, headers, expected in endpoints.values():
            check(port, path, headers, expected)
            wrk(port, path, headers, 1, args.connections)  # warm up
        rates = {name: [] for name in endpoints}
        for _round in range(args.rounds):
            for name, (port, path, headers, _expected) in endpoints.items():
                rates[name].append(wrk(port, path, headers, args.seconds, args.connections))
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
        shutil.rmtree(workdir, ignore_errors=True)

    # Each round's requests/s, averaged: both endpoints ran for the same time in every round.
    bare_rps = sum(rates["bare"]) / len(rates["bare"])
    app_rps = sum(rates["app"]) / len(rates["app"])
    print(
        f"gunicorn {' '.join(GUNICORN)}; wrk -t2 -c{args.connections}, {args.rounds} interleaved rounds of "
        f"{args.seconds:g} s per endpoint"
    )
    for name in endpoints:
        print(f"{name:5} " + " ".join(f"{rate:7.0f}" for rate in rates[name]) + "  req/s per round")
    print(f"RESULT logged_in_ratio={app_rps / bare_rps:.2f} bare_rps={bare_rps:.0f} app_rps={app_rps:.0f}")


if __name__ == "__main__":
    main()
