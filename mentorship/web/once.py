"""A create form sent twice stores once (a double click, a retry on a bad connection, a resent form).

Each create form carries a one-time token (forms/once.py). The first request that brings it inserts it as
the primary key of a `submissions` row, in its own transaction before the service runs; every later copy is
refused by that key (no check-then-insert), waits a moment for the first to finish, and is sent to what the
first one created, with a sentence saying so. A claim that never gets its result (the first request died on a
dropped database connection) is taken over by the copy after that wait, so the resent form is stored. A form
without a token (an old page) works as before.
"""

import time

from flask import flash
from flask_login import current_user
from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError

from mentorship.extensions import db
from mentorship.models import Submission, utcnow
from mentorship.web.htmx import redirect_or_hx, same_site_referrer

ALREADY = "We had already received this (it was sent twice), so it is stored once. Here it is."
WAIT_SECONDS, WAIT_STEP = 5.0, 0.1


def _token(form) -> str | None:
    token = (getattr(form, "submission", None) and form.submission.data) or ""
    return token[:64] or None


def earlier_answer(form):
    """None when this request is the first with the form's token (go ahead); else the answer to a copy."""
    token = _token(form)
    if token is None:
        return None
    try:
        db.session.add(Submission(token=token, user_id=current_user.id))
        db.session.commit()
        return None
    except IntegrityError:
        db.session.rollback()
    location, claimed_at = None, None
    deadline = time.monotonic() + WAIT_SECONDS
    while location is None and time.monotonic() < deadline:
        statement = select(Submission.location, Submission.created_at).where(
            Submission.token == token, Submission.user_id == current_user.id
        )
        row = db.session.execute(statement).first()
        location, claimed_at = row if row is not None else (None, None)
        db.session.rollback()  # let the first request write (SQLite) and read its commit next time
        if location is None:
            time.sleep(WAIT_STEP)
    if location is None and claimed_at is not None and _taken_over(token, claimed_at):
        return None
    flash(ALREADY, "info")
    return redirect_or_hx(location or same_site_referrer("/"))


def _taken_over(token: str, claimed_at) -> bool:
    """The first request claimed the token and never said what it created (it died: a dropped database
    connection, a killed worker): this copy takes the claim over, once (the update is the lock), and stores."""
    statement = (
        update(Submission)
        .where(Submission.token == token, Submission.location.is_(None), Submission.created_at == claimed_at)
        .values(created_at=utcnow())
    )
    taken = db.session.execute(statement).rowcount == 1
    db.session.commit()
    return taken


def created(form, location: str) -> None:
    """Record where the first request's result lives, for the copies."""
    token = _token(form)
    if token is not None:
        row = db.session.get(Submission, token)
        if row is not None:
            row.location = location[:500]
            db.session.commit()


def released(form) -> None:
    """The service refused (nothing stored): the same form may be sent again once corrected."""
    token = _token(form)
    if token is not None:
        db.session.rollback()
        db.session.execute(delete(Submission).where(Submission.token == token))
        db.session.commit()
