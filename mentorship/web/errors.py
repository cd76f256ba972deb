"""Error pages: whole pages for browsers, small fragments for htmx."""

import logging

from flask import Flask, flash, g, redirect, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, default_exceptions

from mentorship.extensions import db
from mentorship.web.htmx import is_htmx, render, same_site_referrer

log = logging.getLogger(__name__)

MESSAGES = {
    400: (_l("Something was wrong with that request"), _l("Please go back and try again.")),
    401: (_l("Please log in"), _l("You need to be logged in to do that.")),
    403: (_l("Not allowed"), _l("You don't have permission to do that.")),
    404: (_l("Not found"), _l("We couldn't find that page. It may have been removed, or it may be private.")),
    405: (_l("Not allowed"), _l("That action isn't available here.")),
    409: (_l("That can't be done right now"), _l("Something changed in the meantime. Reload the page and try again.")),
    413: (_l("Too large"), _l("That was more than we can accept in one go.")),
    429: (_l("Slow down a little"), _l("You've done that a lot in a short time. Please wait a moment and try again.")),
    500: (_l("Something went wrong on our side"), _l("We've logged it. Please try again in a moment.")),
}


def error_response(status: int, description: str | None = None, title: str | None = None, reload_url: str = ""):
    """Render the error page (or its fragment) with a human message."""
    default_title, default_text = MESSAGES.get(status, MESSAGES[400])
    return render(
        "errors/error.html",
        "error",
        status=status,
        code=status,
        title=title or default_title,
        text=description or default_text,
        reload_url=reload_url,
        join_offer=g.get("join_offer") if status == 403 else None,
    )


def register(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def _csrf_error(error):
        log.info("CSRF refused on %s %s: %s", request.method, request.path, error.description)
        return error_response(
            400,
            _(
                "This page was open for a long time (or you logged in or out in another tab), so its security "
                "check has expired. Nothing was saved. Reload the page and send it again."
            ),
            title=_("Please reload the page"),
            reload_url=same_site_referrer(request.path if request.method == "GET" else "/"),
        )

    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException):
        if error.code in (301, 302, 303, 307, 308):
            return error
        custom = getattr(error, "custom_text", False) or error.description != type(error).description
        description = error.description if custom else None
        if error.code == 429 and not getattr(error, "custom_text", False):
            description = (
                f"You've done that a lot in a short time ({error.description}). Please wait a moment and try again."
            )
        return error_response(error.code or 500, description)

    @app.errorhandler(Exception)
    def _server_error(error: Exception):
        log.exception("unhandled error on %s %s", request.method, request.path)
        db.session.rollback()  # the page below must not run in a broken transaction
        return error_response(500)


def abort_with(status: int, text: str):
    """abort() with a message meant for the user."""
    error = default_exceptions[status](description=str(text))  # a lazily translated sentence: its text now
    error.custom_text = True
    raise error


def refuse(message: str, back: str):
    """A rule said no to an action the person may see: the one way to answer it.

    htmx gets a 409 with the sentence (shown in #flash); a plain form gets the sentence flashed and a 303 back to
    `back`. Use it with the refusal sentence of a permission rule or a service error.
    """
    message = str(message)
    if is_htmx():
        abort_with(409, message)
    flash(message, "error")
    return redirect(back, 303)
