"""The bell, the notifications page, marking read, and one-click unsubscribe from mails."""

import re

from flask import Blueprint, abort, current_app, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required
from sqlalchemy import select

from mentorship.database import write_transaction
from mentorship.extensions import csrf, db
from mentorship.models import EmailOutbox
from mentorship.services.notify import notifications as service
from mentorship.services.notify.prefs import EMAIL_PREF_LABELS, UnsubscribeError, read_unsubscribe_token, set_email_pref
from mentorship.web import navigation
from mentorship.web.htmx import is_htmx, redirect_or_hx, render
from mentorship.web.inputs import query_id

bp = Blueprint("notifications", __name__)

CHANGED = {"HX-Trigger": "notifications-changed"}
DEV_MAIL_LISTED = 100
LINK = re.compile(r"https?://[^\s<>\"']+")


def notification_label(kind: str) -> str:
    return service.KINDS[kind].label if kind in service.KINDS else "Notice"


def _own_or_404(notification_id: int):
    notification = service.get_own(current_user.id, notification_id)
    if notification is None:
        abort(404)
    return notification


@bp.get("/notifications")
@login_required
def index():
    """My notifications, newest first, with "load older" (keyset on id)."""
    before = query_id("before")
    unread_only = request.args.get("show") == "unread"
    items, has_more = service.list_for_user(current_user.id, before, unread_only)
    block = "items" if before else "list"
    return render(
        "notifications/index.html", block, items=items, has_more=has_more, unread_only=unread_only, before=before
    )


@bp.get("/notifications/bell")
def bell():
    """The bell with its unread count, polled by htmx; 286 tells htmx to stop polling after logout."""
    if not current_user.is_authenticated:
        return "", 286
    current = request.headers.get("HX-Current-URL", "").split("?")[0].rstrip("/").endswith("/notifications")
    return render("notifications/_bell.html", current=current)


@bp.get("/notifications/<int:notification_id>/open")
@login_required
def open_notification(notification_id: int):
    """Follow a notification to its target, marking it read on the way."""
    notification = _own_or_404(notification_id)
    target = service.safe_link(notification.link) or url_for("notifications.index")
    if notification.read_at is None:
        with write_transaction(db.session):
            service.mark_read(notification)
    return redirect(target, 303)


@bp.post("/notifications/<int:notification_id>/read")
@login_required
def mark_read(notification_id: int):
    """Mark one notification read."""
    notification = _own_or_404(notification_id)
    service.mark_read(notification)
    if is_htmx():
        service.with_blocked_authors(current_user.id, [notification])
        return render("notifications/_item.html", n=notification, headers=CHANGED)
    return redirect_or_hx(url_for("notifications.index"))


@bp.post("/notifications/read-all")
@login_required
def mark_all_read():
    """Mark all my notifications read."""
    count = service.mark_all_read(current_user.id)
    if is_htmx():
        items, has_more = service.list_for_user(current_user.id)
        navigation.forget()
        return render(
            "notifications/index.html", "list", items=items, has_more=has_more, unread_only=False, headers=CHANGED
        )
    flash(
        ngettext("Marked %(num)d notification as read.", "Marked %(num)d notifications as read.", count)
        if count
        else _("Nothing unread.")
    )
    return redirect_or_hx(url_for("notifications.index"))


@bp.route("/unsubscribe/<token>", methods=["GET", "POST"])
@csrf.exempt  # RFC 8058 one-click: mail programs POST here without a form token; the signed token is the secret
def unsubscribe(token: str):
    """Turn one kind of e-mail off (or back on) from the link in a mail, without logging in."""
    try:
        user, pref = read_unsubscribe_token(token)
    except UnsubscribeError as error:
        return render("notifications/unsubscribe.html", "unsubscribe", error=str(error), status=400)
    done = None
    if request.method == "POST":
        turn_on = request.form.get("action") == "resubscribe"
        set_email_pref(user, pref, turn_on)
        done = "on" if turn_on else "off"
    return render(
        "notifications/unsubscribe.html",
        "unsubscribe",
        user=user,
        label=EMAIL_PREF_LABELS[pref],
        is_on=user.wants_email(pref),
        done=done,
        token=token,
    )


BLUEPRINTS = (bp,)
TEMPLATE_GLOBALS = {"notification_label": notification_label}


def _dev_mail_or_404() -> None:
    """The outbox viewer exists only in development, with no SMTP server configured, and only from this machine:
    a site left in development on a public address must not show everyone's confirmation links."""
    config = current_app.config
    local = request.remote_addr in ("127.0.0.1", "::1")
    if config.get("ENV_NAME") != "development" or config.get("MAIL_SERVER") or not local:
        abort(404)


@bp.get("/dev/mail")
def dev_mail():
    """Development only: the outbox, newest first (confirmation links without reading the logs)."""
    _dev_mail_or_404()
    mails = db.session.scalars(select(EmailOutbox).order_by(EmailOutbox.id.desc()).limit(DEV_MAIL_LISTED)).all()
    return render("notifications/dev_mail.html", mails=mails)


@bp.get("/dev/mail/<int:mail_id>")
def dev_mail_one(mail_id: int):
    """Development only: one mail's text (links clickable) and HTML."""
    _dev_mail_or_404()
    mail = db.session.get(EmailOutbox, mail_id)
    if mail is None:
        abort(404)
    return render("notifications/dev_mail_one.html", mail=mail, text_parts=link_parts(mail.text_body))


def link_parts(text: str) -> list[tuple[str, bool]]:
    """The text cut into (piece, is_link) so the template links the URLs and escapes everything."""
    parts, last = [], 0
    for match in LINK.finditer(text):
        parts.append((text[last : match.start()], False))
        parts.append((match.group(0), True))
        last = match.end()
    parts.append((text[last:], False))
    return parts
