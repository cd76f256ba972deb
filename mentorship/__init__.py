"""The mentorship site: app factory."""

import logging
from pathlib import Path

from flask import Flask, request

from .config import INSTANCE, Config


def create_app(config: dict | None = None) -> Flask:
    """Build the app: config from the environment, then `config` overrides (tests)."""
    instance = Path((config or {}).get("INSTANCE_PATH", INSTANCE))
    app = Flask(__name__, instance_path=str(instance), instance_relative_config=False)
    app.config.from_object(Config(instance))
    if config:
        app.config.update(config)
    from .config import limits_storage_uri

    # Rate limits live in the app's Redis unless a separate storage was named.
    app.config.setdefault("RATELIMIT_STORAGE_URI", limits_storage_uri(app.config["REDIS_URL"]))
    Path(app.config["INSTANCE_PATH"]).mkdir(parents=True, exist_ok=True)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)

    _init_extensions(app)
    _register_blueprints(app)

    from . import errors, htmx_utils, permissions, request_input, security_headers, templating

    request_input.register(app)
    errors.register(app)
    htmx_utils.register(app)
    permissions.register(app)
    templating.register(app)
    security_headers.register(app)

    from .cli import register_cli

    register_cli(app)
    _trust_proxies(app)
    return app


def _trust_proxies(app: Flask) -> None:
    """Behind load balancers, take the client's address (rate limits are per address) and scheme from the
    X-Forwarded-* headers the last TRUSTED_PROXIES hops add. Off by default: a client could forge them."""
    hops = int(app.config.get("TRUSTED_PROXIES") or 0)
    if hops > 0:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)


def _init_extensions(app: Flask) -> None:
    from . import models  # noqa: F401  (one metadata for create_all and Alembic)
    from .auth_session import init_login
    from .database import configure_sqlite, set_read_only_request
    from .extensions import csrf, db, htmx, limiter, migrate

    db.init_app(app)
    migrate.init_app(app, db, directory=str(Path(__file__).resolve().parent.parent / "migrations"))
    csrf.init_app(app)
    htmx.init_app(app)
    limiter.init_app(app)
    init_login(app)

    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            configure_sqlite(db.engine)

    @app.before_request
    def _mark_read_only():
        set_read_only_request(request.method in ("GET", "HEAD", "OPTIONS"))


def _register_blueprints(app: Flask) -> None:
    """Register the `bp` of every module in mentorship/views/ (one blueprint per area)."""
    import importlib
    import pkgutil

    from . import views

    for info in sorted(pkgutil.iter_modules(views.__path__), key=lambda i: i.name):
        module = importlib.import_module(f"{views.__name__}.{info.name}")
        if hasattr(module, "bp"):
            app.register_blueprint(module.bp)
