"""The one-time submission token every create form carries (web/once.py claims it)."""

import secrets

from wtforms import HiddenField


def new_submission_token() -> str:
    return secrets.token_urlsafe(24)


class SubmittedOnceMixin:
    """A create form: a fresh token each time the form is shown, sent back with it."""

    submission = HiddenField(default=new_submission_token)
