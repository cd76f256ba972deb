"""The site's messages, extracted from the code and templates as `make extract` does, and the shipped catalogs."""

import re
from functools import lru_cache
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.frontend import CommandLineInterface, parse_mapping_cfg
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
CATALOGS = ROOT / "mentorship" / "translations"
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "lazy_gettext": None, "lazy_ngettext": (1, 2)}
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|%[sd]")


@lru_cache(maxsize=1)
def extracted() -> dict[str, tuple]:
    """msgid -> the message (a str, or (singular, plural)), with where it was found first."""
    with open(ROOT / "babel.cfg") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    found: dict[str, tuple] = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map, options_map, keywords=KEYWORDS
    ):
        key = message[0] if isinstance(message, tuple) else message
        if key:
            found.setdefault(key, (message, f"{filename}:{lineno}"))
    return found


def catalog(code: str):
    with open(CATALOGS / code / "LC_MESSAGES" / "messages.po", "rb") as po:
        return read_po(po, locale=code)


def placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text)) | ({"%s"} if "%s" in text else set())


def compile_catalogs() -> None:
    """Build the .mo files from the .po sources (`make translations`), as the test run needs them."""
    CommandLineInterface().run(["pybabel", "-q", "compile", "-d", str(CATALOGS)])
