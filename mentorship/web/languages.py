"""Which language a request is answered in: the member's own choice, else the language a visitor picked
(a cookie), else the community's default on its pages, else the browser's Accept-Language, else English.
Jobs choose the recipient's language themselves (`mentorship.languages.in_language_of`)."""

from flask import Flask, g, has_request_context, request
from flask.json.tag import JSONTag
from flask_babel import LazyString, get_locale
from flask_login import current_user

from mentorship.extensions import babel
from mentorship.languages import DEFAULT_LANGUAGE, LANGUAGES, direction, supported

COOKIE = "lang"
COOKIE_MAX_AGE = 365 * 86400


def browser_language() -> str:
    """The shipped language the browser asks for first (Accept-Language), else English."""
    return request.accept_languages.best_match(tuple(LANGUAGES)) or DEFAULT_LANGUAGE


def select_locale() -> str:
    if not has_request_context():  # a job or a fragment rendered outside a request: the caller forces a locale
        return DEFAULT_LANGUAGE
    if g.get("_choosing_locale"):  # loading the member said something translatable: English for that moment
        return DEFAULT_LANGUAGE
    g._choosing_locale = True
    try:
        chosen = supported(getattr(current_user, "locale", None)) if current_user else None
    finally:
        g._choosing_locale = False
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
    if not has_request_context():
        return "UTC"
    return getattr(current_user, "timezone", None) or "UTC" if current_user else "UTC"


def page_language() -> str:
    """The code of the language this page is written in (for <html lang> and the posts' own `lang`)."""
    return str(get_locale() or DEFAULT_LANGUAGE)


class _TagLazyString(JSONTag):
    """A lazily translated sentence flashed into the session is stored as the text it reads now."""

    __slots__ = ()
    key = " lz"

    def check(self, value) -> bool:
        return isinstance(value, LazyString)

    def to_json(self, value):
        return str(value)

    def to_python(self, value):
        return value


def register(app: Flask) -> None:
    serializer = getattr(app.session_interface, "serializer", None)
    if serializer is not None and _TagLazyString.key not in serializer.tags:  # one serializer for every app
        serializer.register(_TagLazyString, index=0)
    babel.init_app(app, locale_selector=select_locale, timezone_selector=select_timezone)
    app.jinja_env.globals.update(text_direction=direction, LANGUAGES=LANGUAGES, page_language=page_language)
