"""Board speed: gunicorn (2 sync workers) on loopback, a temporary SQLite database made here.

Measures requests/s and p50/p95 latency of the board index (200 topics), a topic page with 500 replies
(page 1) and a bare route that renders a small template, in the same server and the same run.

    .venv/bin/python bench/board.py [--requests 2000] [--concurrency 4] [--rounds 20]

(2,000 requests per endpoint in 20 interleaved rounds: about 15 s; with 400 the ratio moved by +-0.03
between runs on the shared 2-core machine.)

Last line: RESULT index_rps=.. topic_rps=.. bare_rps=.. topic_ratio=.. index_ratio=.. topic_p95_ms=..
(index 20 topics a page, as the board shows them; both ratios against the in-app bare route, which pays the
session and every hook like any page.)
"""

import argparse
import http.client
import os
import shutil
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
LANGUAGE: dict = {}  # --language: the pages in that language (translations on)
sys.path.insert(0, str(ROOT))

SECRET = "bench-secret-key"
BARE_TEMPLATE = (
    "<!doctype html><html><head><title>{{ title }}</title></head><body><p>Hello, {{ name }}.</p></body></html>"
)


def make_wsgi():
    """The gunicorn entry point: the real app, plus a bare route rendering a small template."""
    # The app is imported inside the functions: mentorship reads INSTANCE_PATH from the environment when first
    # imported, and main() sets it (a temporary directory) before anything imports mentorship.
    from flask import render_template
    from jinja2 import ChoiceLoader, DictLoader

    from mentorship import create_app

    app = create_app({"RATELIMIT_STORAGE_URI": "memory://"})
    app.jinja_loader  # noqa: B018  (make Flask build its loader before we wrap it)
    app.jinja_env.loader = ChoiceLoader([app.jinja_env.loader, DictLoader({"bench_bare.html": BARE_TEMPLATE})])

    @app.get("/_bench/bare")
    def bare():
        return render_template("bench_bare.html", title="Bare", name="bench")

    return app


def seed(instance: Path) -> tuple[str, str]:
    """A community with 200 topics by 100 people and one topic with 500 replies; returns (cookie, slug)."""
    # Imported here, after main() set the environment (see make_wsgi).
    from flask_login.utils import _create_identifier

    from mentorship import create_app
    from mentorship.extensions import db
    from mentorship.models import Community, Membership, Post, Reaction, Topic, TopicTag, User, UserSession, utcnow
    from mentorship.services.accounts.passwords import hash_password
    from mentorship.text import render_markdown

    app = create_app({"RATELIMIT_STORAGE_URI": "memory://"})
    with app.app_context():
        db.create_all()
        password = hash_password("bench-password-123")
        people = [
            User(
                email=f"p{i}@example.com",
                display_name=f"Person {i}",
                password_hash=password,
                date_of_birth=date(1990, 1, 1),
            )
            for i in range(100)
        ]
        community = Community(slug="bench", name="Bench community")
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
                author_id=people[i % 100].id,
                kind="help" if i % 3 else "discussion",
                title=f"Topic number {i} about something useful",
                created_at=start + timedelta(hours=i),
                last_activity_at=start + timedelta(hours=i),
                reply_count=2,
                is_anonymous=i % 9 == 1,
                tags=[TopicTag(tag="python"), TopicTag(tag=f"tag{i % 5}")],
            )
            for i in range(200)
        ]
        db.session.add_all(topics)
        db.session.flush()
        db.session.add_all(
            Post(
                topic_id=t.id,
                community_id=community.id,
                author_id=t.author_id,
                is_opening=True,
                body=body,
                body_html=html,
                created_at=t.created_at,
            )
            for t in topics
        )
        big = topics[-1]
        replies = [
            Post(
                topic_id=big.id,
                community_id=community.id,
                author_id=people[i % 100].id,
                body=body,
                body_html=html,
                created_at=start + timedelta(minutes=i),
            )
            for i in range(500)
        ]
        db.session.add_all(replies)
        big.reply_count = 500
        db.session.flush()
        db.session.add_all(
            Reaction(post_id=r.id, user_id=people[(i + k) % 100].id, kind=kind)
            for i, r in enumerate(replies[:60])
            for k, kind in enumerate(("thanks", "helpful"))
        )
        viewer_session = UserSession(user_id=people[0].id)
        db.session.add(viewer_session)
        db.session.commit()
        token, topic_id = viewer_session.token, big.id
        # As the log-in form leaves it: Flask-Login's identifier of this client (it sends no User-Agent).
        with app.test_request_context(environ_base={"REMOTE_ADDR": "127.0.0.1"}):
            identifier = _create_identifier()
        data = {"_user_id": token, "_fresh": True, "_id": identifier}
        cookie = app.session_interface.get_signing_serializer(app).dumps(data)
    return (
        f"session={cookie}",
        f"/c/bench/board/t/{topic_id}?page=1",
    )  # page 1: a topic without a page goes to where I stopped reading


def fetch(port: int, path: str, cookie: str) -> float:
    """One GET on a fresh connection (sync workers close each one); returns seconds."""
    started = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", path, headers={"Cookie": cookie, **LANGUAGE})
    response = conn.getresponse()
    response.read()
    conn.close()
    if response.status != 200:
        raise RuntimeError(f"GET {path}: {response.status}")
    return time.perf_counter() - started


def run_batch(port: int, path: str, cookie: str, requests: int, concurrency: int) -> tuple[list[float], float]:
    """`requests` GETs spread over `concurrency` threads: (latencies, elapsed seconds)."""
    latencies: list[float] = []
    lock = threading.Lock()
    per_thread = max(1, requests // concurrency)

    def worker():
        mine = [fetch(port, path, cookie) for _ in range(per_thread)]
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, time.perf_counter() - started


def measure_all(port: int, endpoints: dict, cookie: str, requests: int, concurrency: int, rounds: int) -> dict:
    """Interleave the endpoints in rounds, so a busy moment on the machine weighs on all of them alike."""
    for path in endpoints.values():
        for _ in range(10):
            fetch(port, path, cookie)
    latencies = {name: [] for name in endpoints}
    elapsed = dict.fromkeys(endpoints, 0.0)
    for _ in range(rounds):
        for name, path in endpoints.items():
            batch, seconds = run_batch(port, path, cookie, requests // rounds, concurrency)
            latencies[name].extend(batch)
            elapsed[name] += seconds
    results = {}
    for name in endpoints:
        cuts = statistics.quantiles(latencies[name], n=100)
        results[name] = {
            "rps": len(latencies[name]) / elapsed[name],
            "p50_ms": cuts[49] * 1000,
            "p95_ms": cuts[94] * 1000,
        }
    return results


def wait_until_up(port: int, deadline: float) -> None:
    while time.time() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not start")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000, help="requests per endpoint (default 2000)")
    parser.add_argument("--concurrency", type=int, default=4, help="client threads (default 4)")
    parser.add_argument("--rounds", type=int, default=20, help="interleaved rounds over the endpoints (default 20)")
    parser.add_argument("--language", default="", help="Accept-Language of every request, e.g. es (default: none)")
    args = parser.parse_args()
    if args.language:
        LANGUAGE["Accept-Language"] = args.language

    workdir = Path(tempfile.mkdtemp(prefix="bench-board-"))
    env = {
        **os.environ,
        "INSTANCE_PATH": str(workdir),
        "DATABASE_URL": f"sqlite:///{workdir / 'bench.db'}",
        "SECRET_KEY": SECRET,
        "RATELIMIT_STORAGE_URI": "memory://",
        "REDIS_URL": f"unix://{workdir / 'no-redis.sock'}",
    }
    os.environ.update(env)
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))  # a free port, handed to gunicorn as an open socket
    listener.listen(128)
    port = listener.getsockname()[1]
    server = None
    try:
        cookie, topic_path = seed(workdir)
        gunicorn = Path(sys.executable).with_name("gunicorn")
        options = ["--workers", "2", "--worker-class", "sync", "--log-level", "warning"]
        command = [str(gunicorn), *options, "--bind", f"fd://{listener.fileno()}", "bench.board:make_wsgi()"]
        server = subprocess.Popen(command, cwd=ROOT, env=env, pass_fds=[listener.fileno()])
        wait_until_up(port, time.time() + 60)
        endpoints = {"index": "/c/bench/board/", "topic": topic_path, "bare": "/_bench/bare"}
        results = measure_all(port, endpoints, cookie, args.requests, args.concurrency, args.rounds)
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        listener.close()
        shutil.rmtree(workdir, ignore_errors=True)

    print(
        f"gunicorn 2 sync workers, 127.0.0.1; {args.requests} requests per endpoint in {args.rounds} interleaved "
        f"rounds, {args.concurrency} client threads"
    )
    for name, r in results.items():
        print(f"{name:6} {r['rps']:8.1f} req/s   p50 {r['p50_ms']:7.1f} ms   p95 {r['p95_ms']:7.1f} ms")
    topic_ratio = results["topic"]["rps"] / results["bare"]["rps"]
    index_ratio = results["index"]["rps"] / results["bare"]["rps"]
    print(
        f"RESULT index_rps={results['index']['rps']:.1f} topic_rps={results['topic']['rps']:.1f} "
        f"bare_rps={results['bare']['rps']:.1f} topic_ratio={topic_ratio:.2f} index_ratio={index_ratio:.2f} "
        f"topic_p95_ms={results['topic']['p95_ms']:.1f}"
    )


if __name__ == "__main__":
    main()
