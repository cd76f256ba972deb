"""In-app notifications (and, for the kinds a person keeps on, an outbox mail and a push per device).

Other areas call `notify()` in their own transaction and commit; the mail and the pushes, if any, are
enqueued after that commit (best effort: with Redis down the outbox and push sweeps send them later).
"""

from collections.abc import Iterable
from dataclasses import dataclass

from flask import current_app
from jinja2 import TemplateNotFound
from sqlalchemy import bindparam, func, insert, select, update

from mentorship.extensions import db
from mentorship.models import Block, EmailOutbox, Notification, User, utcnow
from mentorship.services.notify.mail import absolute, queue_mail
from mentorship.services.notify.prefs import EMAIL_PREF_FOR_KIND, pref_for_kind
from mentorship.services.push import outbox as push_outbox
from mentorship.services.push.choices import group_of

__all__ = ["EMAIL_PREF_FOR_KIND", "KINDS", "notify", "notify_many"]


@dataclass(frozen=True)
class Kind:
    label: str  # shown on the notifications page
    mail_lead: str  # the first line of the mail, before the notification's own text


KINDS = {
    "introduced": Kind("Mentorship", "You have been introduced in a new mentorship."),
    "new_message": Kind("Message", "There is something new in your mentorship's private space."),
    "checkin_due": Kind("Check-in", "It's time for this week's check-in."),
    "nudge": Kind("Mentorship", "A gentle nudge from your mentorship."),
    "help_request": Kind("Help request", "Someone asks for help with a skill you offer."),
    "answer_solved": Kind("Board", "An answer was marked as the one that solved it."),
    "board_solution": Kind("Board", "An answer was marked as the one that solved it."),
    "board_reply": Kind("Board", "There is a new reply on the board."),
    "help_invite": Kind("Help request", "News about an invitation to help."),
    "report_outcome": Kind("Report", "A moderator looked at something you reported."),
    "report_new": Kind("Moderation", "There are new reports for the moderators to review."),
    "moderation": Kind("Moderation", "A moderator of your community made a decision that concerns you."),
    "join_request": Kind("Join request", "Someone asks to join a community you run."),
    "mentor_request": Kind("Mentor request", "A mentee would like you as their mentor."),
    "request_reminder": Kind("Mentor request", "A mentee is still waiting for your answer."),
    "request_declined": Kind("Mentor request", "News about your mentor request."),
    "request_expired": Kind("Mentor request", "News about your mentor request."),
    "request_closed": Kind("Mentor request", "News about your mentor request."),
    "program_signup": Kind("Program", "Someone signed up to a program you run."),
    "program_signup_decided": Kind("Program", "News about your program sign-up."),
    "mentorship": Kind("Mentorship", "News about one of your mentorships."),
    "mentorship_ended": Kind("Mentorship", "One of your mentorships has ended."),
    "roles_swapped": Kind("Mentorship", "Roles were swapped in one of your mentorships."),
    "admin_alert": Kind("Admin", "Something in a community you run needs a look."),
    "session_reminder": Kind("Session", "A session of one of your mentorships starts soon."),
    "session": Kind("Session", "News about a session of one of your mentorships."),
    "survey": Kind("Survey", "A short survey from your mentorship program."),
    "event": Kind("Event", "News about an event you answered or were invited to."),
    "event_reminder": Kind("Event", "An event you are going to starts soon."),
    "digest": Kind("Program digest", "Your weekly digest of pairs that may need attention."),
}
UNREAD_CAP = 99
PAGE_SIZE = 30


def safe_link(link: str) -> str:
    """Only site paths: a notification must never send someone off-site."""
    return link if link.startswith("/") and not link.startswith("//") and "\\" not in link else ""


def notify(
    user_id: int,
    kind: str,
    text: str,
    link: str = "",
    bundle_key: str | None = None,
    email: bool = True,
    user: User | None = None,
    sender: User | None = None,
    author: User | int | None = None,
    blocks_checked: bool = False,
) -> Notification | None:
    """Add a notification in the caller's transaction (the caller commits).

    With a bundle_key, an unread notification with the same key is bumped instead of
    adding another ("3 new messages in your mentorship with Sam"), and no second mail goes
    out. A new notification of a kind with an e-mail preference the person keeps on also
    writes an outbox mail, and one push per device for a person who keeps that group on for push
    (`email=False` leaves the mail to the caller; pushes still go). `sender`, the person whose action
    caused it, is named in the push only to a member who chose "show the sender's name". `author` (default:
    the sender) is the person whose words or name the text carries: a recipient who blocked them gets nothing
    (no notification, mail or push: None), and their account's erasure scrubs the text (scrub_authored_by).
    A fan-out that already left out the people who blocked the author says `blocks_checked` (no query each).
    """
    author_id = _id_of(author if author is not None else sender)
    if author_id is not None and author_id != user_id and not blocks_checked and _blocked_by(user_id, author_id):
        return None
    link = safe_link(link)
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
            existing.link = link or existing.link
            existing.created_at = utcnow()
            existing.author_id = author_id
            push_outbox.bumped(existing, sender.display_name if sender else None)
            return existing
    notification = Notification(
        user_id=user_id, kind=kind, text=text, link=link, bundle_key=bundle_key, author_id=author_id
    )
    db.session.add(notification)
    if email and pref_for_kind(kind):
        user = user or db.session.get(User, user_id)
        if user is not None and user.wants_email(pref_for_kind(kind)):
            mail = mail_notification(user, kind, text, link)
            if mail is not None:
                mail.author_id = author_id
    push_outbox.queue_for(notification, user_id, group_of(pref_for_kind(kind)), sender.display_name if sender else None)
    return notification


def _id_of(person: User | int | None) -> int | None:
    return person if isinstance(person, int) or person is None else person.id


def _blocked_by(user_id: int, author_id: int) -> bool:
    """Whether the recipient blocked the author (a block holds on notifications and mails too)."""
    return db.session.get(Block, (user_id, author_id)) is not None


SCRUBBED = "{label}: from a member who has since deleted their account."


def scrub_authored_by(author_id: int) -> int:
    """The person deleted their account: the copies of their words and name in other people's notifications
    and mails become a neutral sentence (the link stays: the page it opens shows what is left). Returns how
    many."""
    rows = db.session.scalars(select(Notification).where(Notification.author_id == author_id)).all()
    for notification in rows:
        notification.text = SCRUBBED.format(label=_label(notification.kind))
        notification.author_id = None
    mails = db.session.scalars(select(EmailOutbox).where(EmailOutbox.author_id == author_id)).all()
    for mail in mails:  # a mail not sent yet goes out scrubbed; a sent one's copy here is scrubbed
        mail.subject = mail.text_body = SCRUBBED.format(label=_label(mail.kind))
        mail.html_body = ""
        mail.author_id = None
    return len(rows) + len(mails)


def _label(kind: str) -> str:
    return KINDS[kind].label if kind in KINDS else "Notification"


def notify_batch(items: list[tuple[int, str, str, str]]) -> list[Notification]:
    """Many plain notifications (user_id, kind, text, link) in one multi-row INSERT, with their pushes:
    for a batch of reminders, whose mail the caller writes (no bundling, no mail here)."""
    if not items:
        return []
    now = utcnow()
    rows = [
        {"user_id": u, "kind": kind, "text": text, "link": safe_link(link), "count": 1, "created_at": now}
        for u, kind, text, link in items
    ]
    stored = db.session.scalars(insert(Notification).returning(Notification), rows).all()
    for notification in stored:  # rows come back in no particular order; each names its person
        group = group_of(pref_for_kind(notification.kind))
        push_outbox.queue_for(notification, notification.user_id, group)
    return stored


def mail_notification(user: User, kind: str, text: str, link: str, **context) -> EmailOutbox:
    """The mail twin of a notification, from templates/email/<kind>.txt/.html."""
    template = kind if _has_mail_template(kind) else "notification"
    lead = KINDS[kind].mail_lead if kind in KINDS else ""
    subject = text if len(text) <= 120 else text[:119] + "…"
    return queue_mail(
        user, kind, subject, template, text=text, lead=lead, link=absolute(link) if link else "", **context
    )


def _has_mail_template(kind: str) -> bool:
    """Whether templates/email/<kind>.txt exists (else the generic notification mail is used)."""
    known = current_app.extensions.setdefault("mentorship_mail_templates", {})
    if kind not in known:
        try:
            current_app.jinja_env.get_template(f"email/{kind}.txt")
            known[kind] = True
        except TemplateNotFound:
            known[kind] = False
    return known[kind]


def notify_many(user_ids: Iterable[int], kind: str, text: str, link: str = "", author: User | int | None = None) -> int:
    """The same notification to several people (their accounts loaded in one query); returns how many."""
    ids = list(dict.fromkeys(user_ids))
    users = {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(ids)))} if ids else {}
    author_id = _id_of(author)
    if author_id is not None and ids:  # those who blocked the author, in one query
        blockers = select(Block.blocker_id).where(Block.blocked_id == author_id, Block.blocker_id.in_(ids))
        blocked_it = set(db.session.scalars(blockers))
        ids = [user_id for user_id in ids if user_id not in blocked_it]
    count = 0
    for user_id in ids:
        if user_id in users:
            notify(user_id, kind, text, link, user=users[user_id], author=author, blocks_checked=True)
            count += 1
    return count


def _build_unread_count_query():
    capped = (
        select(Notification.id)
        .where(Notification.user_id == bindparam("user_id"), Notification.read_at.is_(None))
        .limit(bindparam("limit"))
        .subquery()
    )
    return select(func.count()).select_from(capped)


UNREAD_COUNT = _build_unread_count_query()  # built once: the bell runs it on every page


def unread_count(user: User | int, cap: int = UNREAD_CAP) -> int:
    """Unread notifications, counted up to cap + 1 (the bell shows "99+"): one indexed query."""
    user_id = user if isinstance(user, int) else user.id
    return db.session.connection().execute(UNREAD_COUNT, {"user_id": user_id, "limit": cap + 1}).scalar_one()


def list_for_user(user_id: int, before: int | None = None, unread_only: bool = False, limit: int = PAGE_SIZE):
    """One page of a person's notifications, newest first, and whether older ones exist."""
    query = select(Notification).where(Notification.user_id == user_id)
    if unread_only:
        query = query.where(Notification.read_at.is_(None))
    if before:
        query = query.where(Notification.id < before)
    rows = db.session.scalars(query.order_by(Notification.id.desc()).limit(limit + 1)).all()
    return with_blocked_authors(user_id, rows[:limit]), len(rows) > limit


def with_blocked_authors(user_id: int, rows: list[Notification]) -> list[Notification]:
    """Mark (`author_blocked`) the notifications whose author the person has blocked since: they show collapsed.
    One query for the page."""
    authors = {n.author_id for n in rows if n.author_id is not None}
    blocked = set()
    if authors:
        statement = select(Block.blocked_id).where(Block.blocker_id == user_id, Block.blocked_id.in_(authors))
        blocked = set(db.session.scalars(statement))
    for notification in rows:
        notification.author_blocked = notification.author_id in blocked
    return rows


def get_own(user_id: int, notification_id: int) -> Notification | None:
    """A notification, only if it belongs to this person."""
    notification = db.session.get(Notification, notification_id)
    return notification if notification is not None and notification.user_id == user_id else None


def mark_read(notification: Notification) -> None:
    """Mark one notification read; commits."""
    if notification.read_at is None:
        notification.read_at = utcnow()
    db.session.commit()


def mark_all_read(user_id: int) -> int:
    """Mark every unread notification of a person read; commits and returns how many."""
    result = db.session.execute(
        update(Notification)
        .where(Notification.user_id == user_id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
    )
    db.session.commit()
    return result.rowcount
