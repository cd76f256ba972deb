"""A person's own data: export it all as JSON, or delete the account.

The areas above this one take part through the two signals of mentorship.signals, connected where their
data lives (the area's module is imported by the app before any request or job runs):

- `person_exported`: `@person_exported.connect` `def export_posts(user) -> ("board", data)` returns a section
  name and JSON-ready data (datetimes and dates are fine) about that person.
- `person_erased`: `def erase_posts(user, erase_written: bool) -> None` runs inside the deletion's
  transaction (never commit), before the account row is anonymised. `erase_written` is the "also erase what I
  wrote" checkbox; without it, content stays and shows "Deleted member".
"""

from datetime import date
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import case, delete, func, select, update
from sqlalchemy.orm import joinedload

from mentorship.extensions import db
from mentorship.models import (
    Block,
    Community,
    EmailOutbox,
    Enrollment,
    JoinRequest,
    Membership,
    Mentorship,
    MentorshipMember,
    Notification,
    Program,
    User,
    UserSession,
    UserSkill,
    utcnow,
)
from mentorship.services.accounts.passwords import verify_password
from mentorship.services.notify.notifications import notify, scrub_authored_by
from mentorship.signals import person_erased, person_exported

DELETED_NAME = "Deleted member"
UNUSABLE_PASSWORD = "!deleted"  # not an argon2 hash: verify_password() is always False


class DeletionRefused(ValueError):
    """The account can't be deleted (wrong password, or an admin must hand over first)."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def export_user_data(user: User) -> dict[str, Any]:
    """Everything the site holds about a person, section by section: this area's, then every receiver's."""
    data: dict[str, Any] = {"format": "mentorship-export/1", "exported_at": utcnow()}
    for key, exporter in OWN_EXPORTS:
        data[key] = exporter(user)
    for _receiver, (key, section) in person_exported.send(user):
        data[key] = section
    return data


def _export_profile(user: User) -> dict:
    return {
        "id": user.id,
        "email": user.email,
        "email_verified_at": user.email_verified_at,
        "display_name": user.display_name,
        "date_of_birth": user.date_of_birth,
        "timezone": user.timezone,
        "bio": user.bio,
        "skills": user.skill_tags,
        "reminder_prefs": user.reminder_prefs,
        "created_at": user.created_at,
    }


def _export_sessions(user: User) -> list[dict]:
    rows = db.session.scalars(select(UserSession).where(UserSession.user_id == user.id))
    return [{"signed_in_at": r.created_at, "remember_me": r.remember, "browser": r.user_agent} for r in rows]


def _export_memberships(user: User) -> list[dict]:
    rows = db.session.scalars(
        select(Membership).where(Membership.user_id == user.id).options(joinedload(Membership.community))
    )
    return [
        {
            "community": m.community.name,
            "slug": m.community.slug,
            "role": m.role,
            "status": m.status,
            "joined_at": m.joined_at,
            "code_of_conduct_accepted_at": m.coc_accepted_at,
        }
        for m in rows
    ]


def _export_join_requests(user: User) -> list[dict]:
    rows = db.session.scalars(
        select(JoinRequest).where(JoinRequest.user_id == user.id).options(joinedload(JoinRequest.community))
    )
    return [
        {
            "community": r.community.name,
            "message": r.message,
            "status": r.status,
            "created_at": r.created_at,
            "decided_at": r.decided_at,
        }
        for r in rows
    ]


def _export_notifications(user: User) -> list[dict]:
    rows = db.session.scalars(
        select(Notification).where(Notification.user_id == user.id).order_by(Notification.created_at)
    )
    return [
        {
            "kind": n.kind,
            "text": n.text,
            "link": n.link,
            "count": n.count,
            "created_at": n.created_at,
            "read_at": n.read_at,
        }
        for n in rows
    ]


def _export_enrollments(user: User) -> list[dict]:
    rows = db.session.scalars(
        select(Enrollment)
        .where(Enrollment.user_id == user.id)
        .options(joinedload(Enrollment.program).joinedload(Program.community))
    )
    return [
        {
            "community": e.program.community.name,
            "program": e.program.title,
            "role": e.role,
            "goals": e.goals,
            "topics": e.topics,
            "experience_years": e.experience_years,
            "availability": e.availability,
            "timezone": e.timezone,
            "languages": e.languages,
            "capacity": e.capacity,
            "answers": e.answers,
            "status": e.status,
            "created_at": e.created_at,
        }
        for e in rows
    ]


def _export_mentorships(user: User) -> list[dict]:
    mentorships = db.session.scalars(
        Mentorship.select_for_user(user.id).options(
            joinedload(Mentorship.community),
            joinedload(Mentorship.program),
            joinedload(Mentorship.members).joinedload(MentorshipMember.user),
        )
    ).unique()
    result = []
    for m in mentorships:
        mine = m.member_for(user.id)
        result.append(
            {
                "community": m.community.name,
                "program": m.program.title if m.program else None,
                "kind": m.kind,
                "status": m.status,
                "my_role": mine.role,
                "my_goals": mine.goals,
                "my_topics": mine.topics,
                "joined_at": mine.joined_at,
                "started_at": m.started_at,
                "ended_at": m.ended_at,
                "with": [{"name": o.user.display_name, "role": o.role} for o in m.members if o.user_id != user.id],
            }
        )
    return result


def _export_blocks(user: User) -> list[dict]:
    rows = db.session.scalars(select(Block).where(Block.blocker_id == user.id).options(joinedload(Block.blocked)))
    return [{"blocked": b.blocked.display_name, "since": b.created_at} for b in rows]


def _export_mail(user: User) -> list[dict]:
    # Subjects only: bodies hold sign-in and reset links that must not sit in a download.
    rows = db.session.scalars(select(EmailOutbox).where(EmailOutbox.user_id == user.id).order_by(EmailOutbox.id))
    return [{"to": m.to_addr, "subject": m.subject, "created_at": m.created_at, "sent_at": m.sent_at} for m in rows]


OWN_EXPORTS = (
    ("profile", _export_profile),
    ("sessions", _export_sessions),
    ("community_memberships", _export_memberships),
    ("join_requests", _export_join_requests),
    ("notifications", _export_notifications),
    ("program_enrollments", _export_enrollments),
    ("mentorships", _export_mentorships),
    ("blocks", _export_blocks),
    ("emails", _export_mail),
)


def admin_handover_needed(user: User) -> tuple[list[Community], list[Community]]:
    """(communities where they are the only admin of other members, communities where they are alone)."""
    admin_of = select(Membership.community_id).where(Membership.user_id == user.id, Membership.role == "admin")
    counts = db.session.execute(
        select(
            Membership.community_id,
            func.sum(case((Membership.role == "admin", 1), else_=0)),
            func.count(),
        )
        .where(Membership.community_id.in_(admin_of))
        .group_by(Membership.community_id)
    ).all()
    blocked_ids = [cid for cid, admins, members in counts if admins == 1 and members > 1]
    alone_ids = [cid for cid, _admins, members in counts if members == 1]

    def load(ids: list[int]) -> list[Community]:
        if not ids:
            return []
        return list(db.session.scalars(select(Community).where(Community.id.in_(ids)).order_by(Community.name)))

    return load(blocked_ids), load(alone_ids)


def delete_account(user: User, password: str, erase_written: bool) -> None:
    """Delete an account: this area and every receiver erase their part, then the row is anonymised; commits.

    The password confirms it. The last admin of a community with other members must make
    someone else admin first. A community where the person is the only member goes with them.
    """
    if not verify_password(user.password_hash, password):
        raise DeletionRefused(_("That is not your password."), "password")
    blocked, alone = admin_handover_needed(user)
    if blocked:
        names = ", ".join(c.name for c in blocked)
        raise DeletionRefused(
            _(
                "You are the only admin of %(names)s. "
                "Make another member an admin first (Members page), then come back.",
                names=names,
            )
        )
    for community in alone:
        db.session.delete(community)
    for eraser in OWN_ERASERS:
        eraser(user, erase_written)
    person_erased.send(user, erase_written=erase_written)
    _anonymise(user)
    db.session.commit()


def _erase_community_ties(user: User, erase_written: bool) -> None:
    db.session.execute(delete(Membership).where(Membership.user_id == user.id))
    db.session.execute(delete(JoinRequest).where(JoinRequest.user_id == user.id))
    db.session.execute(delete(Enrollment).where(Enrollment.user_id == user.id))


def _end_mentorships(user: User, erase_written: bool) -> None:
    """Ongoing mentorships end; the partners are told. Their history stays, under "Deleted member"."""
    ongoing = db.session.scalars(
        Mentorship.select_for_user(user.id)
        .where(Mentorship.status.in_(("proposed", "active", "paused")))
        .options(joinedload(Mentorship.members), joinedload(Mentorship.community))
    ).unique()
    for mentorship in ongoing:
        mentorship.status = "ended"
        mentorship.ended_at = utcnow()
        mentorship.end_reason = "A member deleted their account."
        for member in mentorship.members:
            if member.user_id != user.id:
                notify(
                    member.user_id,
                    "mentorship_ended",
                    _l(
                        "Your mentorship in %(community)s has ended: another member deleted their account.",
                        community=mentorship.community.name,
                    ),
                )
    db.session.execute(update(MentorshipMember).where(MentorshipMember.user_id == user.id).values(goals="", topics=[]))


def _erase_personal_records(user: User, erase_written: bool) -> None:
    for model, column in (
        (Notification, Notification.user_id),
        (EmailOutbox, EmailOutbox.user_id),
        (UserSession, UserSession.user_id),
        (UserSkill, UserSkill.user_id),
        (Block, Block.blocker_id),
    ):
        db.session.execute(delete(model).where(column == user.id))
    # Their name (and words: a help request's title) in other people's notifications go with the account.
    scrub_authored_by(user.id)


OWN_ERASERS = (_erase_community_ties, _end_mentorships, _erase_personal_records)


def _anonymise(user: User) -> None:
    db.session.expire(user, ["skills"])
    user.display_name = DELETED_NAME
    user.email = f"deleted-{user.id}@deleted.invalid"
    user.password_hash = UNUSABLE_PASSWORD
    user.date_of_birth = date(1900, 1, 1)
    user.email_verified_at = None
    user.bio = ""
    user.timezone = "UTC"
    user.reminder_prefs = {}
    user.deleted_at = utcnow()
