"""Locust users for bench/load.py (not run on its own): members of a community who browse the board, read
topics, poll their mentorship thread, post messages and check in; and a bare user for the reference route.

bench/load.py seeds the people and writes the plan (LOAD_PLAN, a JSON file): per person a signed session
cookie and a CSRF token (as a browser that has already logged in holds them) and the URLs of their own
mentorship. Every message body is unique; the bodies answered with a success are written to LOAD_POSTED at
the end, so bench/load.py can count them against the database.
"""

import itertools
import json
import os
import random
import re
import time
import uuid
from http.cookiejar import Cookie

from locust import FastHttpUser, between, constant, events, task

PLAN = json.loads(open(os.environ["LOAD_PLAN"]).read())  # noqa: SIM115 (read once at import)
PEOPLE = itertools.cycle(PLAN["people"])
POSTED: list[str] = []
NEXT_AFTER = re.compile(r"[?&]after=(\d+)")


def session_cookie(value: str) -> Cookie:
    return Cookie(
        0, "session", value, None, False, PLAN["host"], False, False, "/", True, False, None, True, None, None, {}
    )


class Member(FastHttpUser):
    """A member in a pair; waits 1-3 s between actions, like a person clicking around."""

    wait_time = between(1, 3)

    def on_start(self):
        self.me = next(PEOPLE)
        self.client.cookiejar.set_cookie(session_cookie(self.me["cookie"]))
        # Each person has an address of their own, as behind a load balancer (gunicorn runs with
        # TRUSTED_PROXIES=1): per-address rate limits then count per person, not for all 200 at once.
        # 198.18.0.0/15 is the range set aside for benchmarks; it is only a header value here.
        number = self.me["number"]
        self.address = {"X-Forwarded-For": f"198.18.{number // 250}.{number % 250 + 1}"}
        self.headers = {"X-CSRFToken": self.me["csrf"], **self.address}
        self.last_message = self.me.get("last_message", 0)
        self.board = PLAN["board"]

    def expect(self, method: str, url: str, name: str, ok: tuple[int, ...], headers=None, **kwargs):
        headers = headers or self.address
        with self.client.request(
            method, url, name=name, catch_response=True, allow_redirects=False, headers=headers, **kwargs
        ) as r:
            if r.status_code in ok:
                r.success()
            else:
                r.failure(f"{r.status_code}")
            return r

    @task(2)
    def browse_board(self):
        suffix = random.choice(["", "", "?filter=help", "?page=2"])
        self.expect("GET", self.board + "/" + suffix, "browse board", (200,))

    @task(2)
    def read_topic(self):
        self.expect("GET", f"{self.board}/t/{random.choice(PLAN['topics'])}", "read topic", (200,))

    @task(10)
    def poll_thread(self):
        if not self.me.get("poll"):
            return
        response = self.expect("GET", self.me["poll"].format(after=self.last_message), "poll thread", (200, 204))
        newest = NEXT_AFTER.search(response.text or "") if response.status_code == 200 else None
        if newest:  # the next poller asks for what comes after the newest message shown
            self.last_message = int(newest.group(1))

    @task(1)
    def post_message(self):
        body = f"bench message {uuid.uuid4().hex}"
        if not self.me.get("post"):
            return
        response = self.expect(
            "POST", self.me["post"], "post message", (303,), data={PLAN["message_field"]: body}, headers=self.headers
        )
        if response.status_code == 303:
            POSTED.append(body)

    @task(1)
    def check_in(self):
        if not self.me.get("checkin"):
            return
        data = dict(PLAN["checkin_form"])
        self.expect("POST", self.me["checkin"], "check in", (200, 303), data=data, headers=self.headers)


class Bare(FastHttpUser):
    """The reference: a bare Flask route on its own gunicorn, asked as fast as it answers."""

    wait_time = constant(0)

    @task
    def bare(self):
        with self.client.get("/bare", name="bare route", catch_response=True) as response:
            if response.status_code != 200:
                response.failure(str(response.status_code))


@events.quitting.add_listener
def _write_posted(environment, **kwargs):
    path = os.environ.get("LOAD_POSTED")
    if path:
        with open(path, "w") as out:
            json.dump(POSTED, out)


FAILURES: list[dict] = []


@events.request.add_listener
def _note_failure(request_type, name, response_time, response_length, exception=None, response=None, **kwargs):
    """Each failed request with its moment and status (bench/faults.py places them around the faults)."""
    if exception is not None and os.environ.get("LOAD_FAILURES"):
        status = getattr(response, "status_code", 0) or 0
        FAILURES.append({"at": time.time(), "name": name, "status": status, "error": str(exception)[:200]})


@events.quitting.add_listener
def _write_failures(environment, **kwargs):
    path = os.environ.get("LOAD_FAILURES")
    if path:
        with open(path, "w") as out:
            json.dump(FAILURES, out)
