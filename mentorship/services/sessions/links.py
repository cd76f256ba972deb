"""The one-click accept link in an invitation mail: signed, expiring, and void once the session changes."""

from flask import current_app
from flask_babel import gettext as _
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from mentorship.extensions import db
from mentorship.models import CallSession, User

ACCEPT_SALT = "session-accept"
ACCEPT_MAX_AGE = 14 * 24 * 3600


class LinkError(ValueError):
    """A one-click link that can't be used, with what happened."""


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=ACCEPT_SALT)


def make_accept_token(user_id: int, session_id: int, sequence: int) -> str:
    """A token for one person accepting one version (sequence) of one session."""
    return _serializer().dumps({"u": user_id, "s": session_id, "q": sequence})


def read_accept_token(token: str) -> tuple[User, CallSession]:
    """The person and session a token names; LinkError if expired, altered or out of date."""
    try:
        data = _serializer().loads(token, max_age=ACCEPT_MAX_AGE)
    except SignatureExpired as error:
        raise LinkError(_("This link has expired. Open the mentorship's Sessions tab to answer.")) from error
    except BadSignature as error:
        raise LinkError(_("This link is not valid (it may have been cut or changed in the mail).")) from error
    if not isinstance(data, dict):
        raise LinkError(_("This link is not valid."))
    user, session = db.session.get(User, data.get("u")), db.session.get(CallSession, data.get("s"))
    if user is None or session is None or user.is_deleted:
        raise LinkError(_("This link is not valid."))
    if session.sequence != data.get("q"):
        raise LinkError(_("This session has changed since the mail was sent. Open its Sessions tab to answer."))
    return user, session
