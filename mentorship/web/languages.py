"""Which language a request is answered in: the member's own choice, else the language a visitor picked
(a cookie), else the community's default on its pages, else the browser's Accept-Language, else English.
Jobs choose the recipient's language themselves (`mentorship.languages.in_language_of`)."""

from flask import Flask, g, request
from flask_babel import get_locale
from flask_login import current_user

from mentorship.extensions import babel
from mentorship.languages import DEFAULT_LANGUAGE, LANGUAGES, direction, supported

COOKIE = "lang"
COOKIE_MAX_AGE = 365 * 86400


def browser_language() -> str:
    """The shipped language the browser asks for first (Accept-Language), else English."""
    return request.accept_languages.best_match(tuple(LANGUAGES)) or DEFAULT_LANGUAGE


def select_locale() -> str:
    chosen = supported(getattr(current_user, "locale", None)) if current_user else None
    if chosen:
        return chosen
    picked = supported(request.cookies.get(COOKIE))
    if picked:
        return picked
    community = supported(g.get("community_locale"))  # set by the community loaders (permissions/communities)
    if community and community != DEFAULT_LANGUAGE:
        return community
    return browser_language()


def select_timezone() -> str:
    return getattr(current_user, "timezone", None) or "UTC" if current_user else "UTC"


def page_language() -> str:
    """The code of the language this page is written in (for <html lang> and the posts' own `lang`)."""
    return str(get_locale() or DEFAULT_LANGUAGE)


def register(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale, timezone_selector=select_timezone)
    app.jinja_env.globals.update(text_direction=direction, LANGUAGES=LANGUAGES, page_language=page_language)
