"""In-app notifications (and, for the kinds a person keeps on, an outbox mail)."""

from sqlalchemy import select

from ..extensions import db
from ..models import Notification, User, utcnow

# Notification kind -> the preference key (User.reminder_prefs) that turns its e-mail on.
EMAIL_PREF_FOR_KIND = {
    "checkin_due": "email_checkin",
    "new_message": "email_messages",
    "help_request": "email_help",
    "admin_alert": "email_admin",
}


def notify(user_id: int, kind: str, text: str, link: str = "", bundle_key: str | None = None) -> Notification:
    """Add a notification in the caller's transaction (the caller commits).

    With a bundle_key, an unread notification with the same key is bumped instead of
    adding another ("3 new messages in your mentorship with Sam").
    """
    if bundle_key:
        existing = db.session.scalar(
            select(Notification).where(
                Notification.user_id == user_id,
                Notification.bundle_key == bundle_key,
                Notification.read_at.is_(None),
            )
        )
        if existing is not None:
            existing.count += 1
            existing.text = text
            existing.created_at = utcnow()
            return existing
    notification = Notification(user_id=user_id, kind=kind, text=text, link=link, bundle_key=bundle_key)
    db.session.add(notification)
    return notification


def notify_many(user_ids, kind: str, text: str, link: str = "") -> int:
    """The same notification to several people; returns how many."""
    count = 0
    for user_id in user_ids:
        notify(user_id, kind, text, link)
        count += 1
    return count


def unread_count(user: User) -> int:
    from sqlalchemy import func

    return db.session.scalar(
        select(func.count()).where(Notification.user_id == user.id, Notification.read_at.is_(None))
    )
