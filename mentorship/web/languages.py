"""Which language a request is answered in: the member's own choice, else the browser's Accept-Language,
else the site's default. Jobs choose the recipient's language themselves (flask_babel.force_locale)."""

from flask import Flask, has_request_context, request
from flask_login import current_user

from mentorship.extensions import babel
from mentorship.languages import DEFAULT_LANGUAGE, LANGUAGES, direction, supported


def select_locale() -> str:
    if not has_request_context():  # a job or the CLI that did not force_locale(): the site's default
        return DEFAULT_LANGUAGE
    chosen = supported(getattr(current_user, "locale", None)) if current_user else None
    if chosen:
        return chosen
    return request.accept_languages.best_match(tuple(LANGUAGES)) or DEFAULT_LANGUAGE


def select_timezone() -> str:
    return getattr(current_user, "timezone", None) or "UTC" if current_user else "UTC"


def register(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale, timezone_selector=select_timezone)
    app.jinja_env.globals.update(text_direction=direction, LANGUAGES=LANGUAGES)
