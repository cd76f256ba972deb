"""A Babel extractor for the built-in program templates (mentorship/data/templates/*.json), named in babel.cfg.

Their titles, descriptions, sign-up questions, role words and weekly steps are messages like any other: a program
created from a template copies them in the creating admin's language (services/programs/setup.py), and from then
on they are that program's own text, which its admins edit in any language."""

import json

TEXT_FIELDS = ("title", "summary", "description")
STEP_FIELDS = ("title", "guidance", "activity")


def template_texts(data: dict) -> list[str]:
    """Every translatable text of one template, in file order."""
    texts = [data[field] for field in TEXT_FIELDS if data.get(field)]
    texts += list(data.get("signup_questions", []))
    for words in data.get("roles", {}).values():
        texts += [words[key] for key in ("label", "help") if words.get(key)]
    for step in data.get("steps", []):
        texts += [step[field] for field in STEP_FIELDS if step.get(field)]
    return [text.strip() for text in texts if isinstance(text, str) and text.strip()]


def extract_program_templates(fileobj, keywords, comment_tags, options):
    """Babel's extractor protocol: (line number, function name, message, comments) per text."""
    data = json.loads(fileobj.read().decode("utf-8"))
    for text in template_texts(data):
        yield 1, "gettext", text, ["A built-in program template (mentorship/data/templates)."]
