"""The languages the site ships, and which of them read right to left (docs/LANGUAGES.md)."""

from contextlib import AbstractContextManager

from flask_babel import force_locale

DEFAULT_LANGUAGE = "en"

# Code -> the language's own name (what a person looks for in a language menu).
LANGUAGES = {
    "en": "English",
    "es": "Español",
    "de": "Deutsch",
    "ar": "العربية",
}

RIGHT_TO_LEFT = frozenset({"ar"})


def supported(code: str | None) -> str | None:
    """The shipped language `code` names ("es-MX" -> "es"), or None."""
    if not code:
        return None
    base = code.replace("_", "-").split("-")[0].lower()
    return base if base in LANGUAGES else None


def direction(code: str | None) -> str:
    """ "rtl" or "ltr", for <html dir>."""
    return "rtl" if supported(code) in RIGHT_TO_LEFT else "ltr"


def language_of(user) -> str:
    """The language a person reads: their choice, else English (a job has no browser to ask)."""
    return supported(getattr(user, "locale", None)) or DEFAULT_LANGUAGE


def in_language_of(user) -> AbstractContextManager:
    """Render a mail, notification or push in the recipient's language, not the sender's or the worker's."""
    return force_locale(language_of(user))
