"""App context for jobs, opened per job (never at import)."""

from contextlib import contextmanager

from flask import current_app, has_app_context

_app = None


@contextmanager
def app_context():
    """Reuse the active app context (tests), else one from a process-wide app."""
    global _app
    if has_app_context():
        yield current_app
        return
    if _app is None:
        from mentorship import create_app

        _app = create_app()
    with _app.app_context():
        yield _app
