"""App context for jobs, opened per job (never at import).

Outside the tests the app is built from the environment, like the web process:
DATABASE_URL, REDIS_URL, INSTANCE_PATH, SECRET_KEY, MAIL_* (see mentorship/config.py), so
a worker started with the same environment as the web server works on the same data.
"""

from contextlib import contextmanager

from flask import current_app, has_app_context

from mentorship import create_app

_app = None


def preload_app():
    """Build the process-wide app (once). Pushes no context."""
    global _app
    if _app is None:
        _app = create_app()
    return _app


@contextmanager
def app_context():
    """Reuse the active app context (tests, in-process workers), else the process-wide app's."""
    if has_app_context():
        yield current_app
        return
    app = preload_app()
    with app.app_context():
        yield app
