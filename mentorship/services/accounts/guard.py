"""A limit per account on failed log-ins, whichever addresses they come from (password spraying).

The per-address limit (10 a minute) does not stop 30 attempts from 30 addresses. So failures are also counted per
account in Redis: after FAILURES_BEFORE_LOCK failures within WINDOW_SECONDS the account's log-in pauses for
LOCK_SECONDS. The owner is told by mail once per pause, and a password reset (the link proves the address)
lifts it at once, so an attacker can slow the owner down but never lock them out. With Redis down nothing is
counted: log-in keeps working, as the per-address limit does.
"""

import hashlib
import logging

from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from redis.exceptions import RedisError

from mentorship.extensions import db
from mentorship.models import User
from mentorship.queue import get_redis
from mentorship.services.notify import mail as mail_service

log = logging.getLogger(__name__)

FAILURES_BEFORE_LOCK = 10
WINDOW_SECONDS = 15 * 60
LOCK_SECONDS = 15 * 60


def _keys(email: str) -> tuple[str, str]:
    digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()[:32]
    return f"login-failures:{digest}", f"login-paused:{digest}"


def paused_seconds(email: str) -> int:
    """How long this account's log-in stays paused (0: not paused, or Redis is down)."""
    try:
        ttl = get_redis().ttl(_keys(email)[1])
    except RedisError:
        return 0
    return max(int(ttl or 0), 0)


def pause_message(seconds: int) -> str:
    minutes = max(1, -(-seconds // 60))
    return ngettext(
        "This account had many failed log-ins, so logging in to it is paused for %(num)d minute. "
        "If it is yours, reset your password to get in now.",
        "This account had many failed log-ins, so logging in to it is paused for %(num)d minutes. "
        "If it is yours, reset your password to get in now.",
        minutes,
    )


def record_failure(email: str, user: User | None) -> bool:
    """Count a failed log-in at this address; True when it paused the account (its owner is mailed once)."""
    failures_key, paused_key = _keys(email)
    try:
        redis = get_redis()
        with redis.pipeline() as pipe:
            pipe.set(failures_key, 0, ex=WINDOW_SECONDS, nx=True)  # the window starts at the first failure
            pipe.incr(failures_key)
            _, failures = pipe.execute()
        if failures < FAILURES_BEFORE_LOCK or not redis.set(paused_key, "1", ex=LOCK_SECONDS, nx=True):
            return False
        redis.delete(failures_key)
    except RedisError:
        log.warning("could not count a failed log-in (Redis down)")
        return False
    if user is not None and not user.is_deleted:
        subject = _l("Someone is trying to log in to your account")
        mail_service.queue_mail(user, "login_paused", subject, "login_paused", minutes=LOCK_SECONDS // 60)
        db.session.commit()
    return True


def clear(email: str) -> None:
    """Forget the failures and lift a pause (a successful log-in or password reset)."""
    try:
        get_redis().delete(*_keys(email))
    except RedisError:
        log.warning("could not clear the log-in counter (Redis down)")
