"""Who may do what: one module per subject, each rule once.

Each subject module holds its `can_*` predicates (with the sentence that refuses, where a person may see
the thing but not do it) and its `get_*_or_404` loaders. Views, services' guards and templates ask the same
rule: `TEMPLATE_PREDICATES` of each module become Jinja globals here. This package sits below the services
(import-linter): it reads models, never services.
"""

from flask import Flask

from mentorship.permissions import board, communities, events, moderation, outcomes, people, programs, space

SUBJECTS = (communities, space, board, programs, moderation, people, outcomes, events)


def register(app: Flask) -> None:
    """Make every subject's predicates Jinja globals, so templates ask the rule the views ask."""
    for subject in SUBJECTS:
        app.jinja_env.globals.update(subject.TEMPLATE_PREDICATES)
