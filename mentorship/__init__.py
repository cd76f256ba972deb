"""The mentorship site: app factory."""

import logging
from pathlib import Path

from flask import Flask, request
from werkzeug.middleware.proxy_fix import ProxyFix

from mentorship import (
    models,  # noqa: F401  (one metadata for create_all and Alembic)
    permissions,
)
from mentorship.cli import register_cli
from mentorship.config import INSTANCE, Config, limits_storage_uri
from mentorship.database import configure_sqlite, set_read_only_request
from mentorship.extensions import csrf, db, htmx, limiter, migrate
from mentorship.views import app as app_views
from mentorship.views import (
    auth,
    board,
    communities,
    events,
    main,
    moderation,
    notifications,
    people,
    programs,
    settings,
    space,
)
from mentorship.web import errors, faults, headers, inputs, languages, navigation, poll, templating
from mentorship.web import htmx as htmx_answers
from mentorship.web.login import init_login

# Every area of views, in the order their blueprints register; each names its BLUEPRINTS and TEMPLATE_GLOBALS.
VIEW_AREAS = (
    main,
    auth,
    settings,
    notifications,
    communities,
    board,
    space,
    programs,
    moderation,
    people,
    events,
    app_views,
)


def create_app(config: dict | None = None) -> Flask:
    """Build the app: config from the environment, then `config` overrides (tests)."""
    instance = Path((config or {}).get("INSTANCE_PATH", INSTANCE))
    app = Flask(__name__, instance_path=str(instance), instance_relative_config=False)
    app.config.from_object(Config(instance))
    if config:
        app.config.update(config)
    if not app.config.get("BASE_URL"):
        raise RuntimeError(
            "BASE_URL is not set: set it to the address members open (https://mentoring.example.org), "
            "the same for the web servers and the workers; every link in a mail is built from it."
        )
    # Rate limits live in the app's Redis unless a separate storage was named.
    app.config.setdefault("RATELIMIT_STORAGE_URI", limits_storage_uri(app.config["REDIS_URL"]))
    Path(app.config["INSTANCE_PATH"]).mkdir(parents=True, exist_ok=True)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)

    _init_extensions(app)
    inputs.register(app)  # before the blueprints: their rules take the bounded `int` converter
    for area in VIEW_AREAS:
        for blueprint in area.BLUEPRINTS:
            app.register_blueprint(blueprint)
        app.jinja_env.globals.update(area.TEMPLATE_GLOBALS)
    errors.register(app)
    htmx_answers.register(app)
    permissions.register(app)
    templating.register(app)
    navigation.register(app)
    headers.register(app)
    register_cli(app)
    _rate_limits_where_declared(app)
    _wrap_wsgi(app)
    return app


def _rate_limits_where_declared(app: Flask) -> None:
    """Every rate limit of this app is a decorator on its view (views/auth.py), checked when that view runs.
    The limiter's app-wide before_request hook exists for default, application and blueprint limits; with none
    it would look them up and find nothing on every request, so it stays out unless such limits are set."""
    manager = limiter.limit_manager
    if manager.default_limits or manager.application_limits or manager._blueprint_limits:
        return
    hooks = app.before_request_funcs.get(None, [])
    if limiter._check_request_limit in hooks:
        hooks.remove(limiter._check_request_limit)


def _wrap_wsgi(app: Flask) -> None:
    """A second run for a request that met an unavailable database, the thread poll's fast path in front of
    it, then the proxies' headers."""
    faults.register(app)
    poll.install(app)
    _trust_proxies(app)


def _trust_proxies(app: Flask) -> None:
    """Behind load balancers, take the client's address (rate limits are per address) and scheme from the
    X-Forwarded-* headers the last TRUSTED_PROXIES hops add. Off by default: a client could forge them."""
    hops = int(app.config.get("TRUSTED_PROXIES") or 0)
    if hops > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)


def _init_extensions(app: Flask) -> None:
    db.init_app(app)
    migrate.init_app(app, db, directory=str(Path(__file__).resolve().parent.parent / "migrations"))
    csrf.init_app(app)
    htmx.init_app(app)
    limiter.init_app(app)
    init_login(app)
    languages.register(app)

    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            configure_sqlite(db.engine)

    @app.before_request
    def _mark_read_only():
        set_read_only_request(request.method in ("GET", "HEAD", "OPTIONS"))
