"""The private calendar feed: the .ics behind a secret address, and the settings page that makes or revokes it."""

from flask import Response, abort, flash, url_for
from flask_login import current_user, login_required

from mentorship.forms.sessions import AnswerForm
from mentorship.models import utcnow
from mentorship.services.events.feed import feed_events
from mentorship.services.sessions import feed as feeds
from mentorship.web.errors import refuse
from mentorship.web.htmx import redirect_or_hx, render


def calendar(token: str):
    """The feed itself: no log-in, the token is the key; an unknown token is a 404."""
    body = feeds.feed_body(token, utcnow(), more=feed_events)
    if body is None:
        abort(404)
    return Response(body, mimetype="text/calendar", headers={"Cache-Control": "private, no-store"})


@login_required
def settings():
    """Show the member's feed address, with buttons to make a new one or turn it off."""
    feed = feeds.feed_of(current_user)
    url = url_for("sessions.calendar", token=feed.token, _external=True) if feed else None
    return render("sessions/feed_settings.html", None, feed_url=url, form=AnswerForm())


@login_required
def reset():
    """A new secret address; the old one stops at once."""
    if not AnswerForm().validate_on_submit():
        return refuse("The form expired; please try again.", url_for("sessions.settings"))
    feeds.reset_feed(current_user)
    flash("Your calendar has a new private address. The old one no longer works.", "success")
    return redirect_or_hx(url_for("sessions.settings"))


@login_required
def revoke():
    """Turn the feed off."""
    if not AnswerForm().validate_on_submit():
        return refuse("The form expired; please try again.", url_for("sessions.settings"))
    feeds.revoke_feed(current_user)
    flash("Your calendar feed is turned off.", "success")
    return redirect_or_hx(url_for("sessions.settings"))
