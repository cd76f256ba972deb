"""Every message of the code and templates is translated, not fuzzy, with the same placeholders, in every
shipped language. Messages waiting for a translation are listed in pending.txt (one msgid a line, as Python
string literals); a new message that is neither translated nor listed fails with its text and where it is."""

import ast
from pathlib import Path

import pytest

from mentorship.languages import DEFAULT_LANGUAGE, LANGUAGES
from tests.languages.catalogs import catalog, extracted, placeholders

SHIPPED = [code for code in LANGUAGES if code != DEFAULT_LANGUAGE]
PENDING_FILE = Path(__file__).with_name("pending.txt")


def pending() -> set[str]:
    lines = PENDING_FILE.read_text(encoding="utf-8").splitlines() if PENDING_FILE.exists() else []
    return {ast.literal_eval(line) for line in lines if line.strip() and not line.startswith("#")}


def _untranslated(code: str) -> dict[str, str]:
    """msgid -> why, for each extracted message that this language cannot show yet."""
    po = catalog(code)
    missing = {}
    for msgid in extracted():
        entry = po.get(msgid)
        if entry is None:
            missing[msgid] = "not in the catalog (run `make extract`)"
        elif entry.fuzzy:
            missing[msgid] = "fuzzy"
        elif not (all(entry.string) if isinstance(entry.string, tuple) else entry.string):
            missing[msgid] = "untranslated"
    return missing


@pytest.mark.parametrize("code", SHIPPED)
def test_every_message_is_translated_or_listed_as_pending(code):
    waiting = pending()
    new = {msgid: why for msgid, why in _untranslated(code).items() if msgid not in waiting}
    where = extracted()
    report = "\n".join(f"  {msgid!r} ({why}; {where[msgid][1]})" for msgid, why in sorted(new.items()))
    assert not new, f"{len(new)} message(s) without a {LANGUAGES[code]} translation:\n{report}"


def test_the_pending_list_holds_only_messages_still_waiting():
    waiting = pending()
    still = set().union(*(_untranslated(code) for code in SHIPPED))
    stale = sorted(waiting - still)
    assert not stale, f"translated or gone, remove from {PENDING_FILE.name}: {stale[:20]}"


@pytest.mark.parametrize("code", SHIPPED)
def test_translations_keep_the_placeholders_of_the_source(code):
    wrong = []
    for entry in catalog(code):
        if not entry.id or not entry.string:
            continue
        sources = entry.id if isinstance(entry.id, tuple) else (entry.id,)
        targets = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        expected = placeholders(sources[0]) | placeholders(sources[-1])
        wrong += [(entry.id, text) for text in targets if text and placeholders(text) - expected]
        # a plural form may leave the number out ("one reply"), but never a named placeholder
        named = {p for p in expected if p not in ("num", "%s")}
        wrong += [(entry.id, text) for text in targets if text and named - placeholders(text)]
    assert not wrong, f"placeholders differ in {LANGUAGES[code]}: {wrong[:10]}"


def test_arabic_has_six_plural_forms():
    assert catalog("ar").num_plurals == 6


@pytest.mark.parametrize("code", SHIPPED)
def test_catalogs_compile_without_babel_errors(code):
    """pybabel's own checks (`pybabel compile` reports them and skips nothing silently): a plural form's
    placeholders must be among those of the source it is compared with (msgstr[0] with the singular)."""
    problems = [(message.id, [str(error) for error in errors]) for message, errors in catalog(code).check()]
    assert not problems, f"{LANGUAGES[code]}: {problems[:10]}"
