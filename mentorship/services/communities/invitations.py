"""Invitations into a community: a shareable link (revocable, optionally expiring and limited in uses) and
invitations mailed to several addresses at once (each address invited once; a resend is rate-limited).

Joining by an invitation skips a private community's join request; the code of conduct is still accepted
(the join form) and the person still has an account, which only adults can open.
"""

import re
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _
from sqlalchemy import func, select, update

from mentorship.database import one_row
from mentorship.extensions import db
from mentorship.models import Community, Invitation, InvitationKind, Membership, User, utcnow
from mentorship.permissions.communities import membership_in
from mentorship.services.communities import audit
from mentorship.services.communities.membership import CommunityError
from mentorship.services.notify.links import site_path
from mentorship.services.notify.mail import absolute, queue_mail_to_address

MAX_ADDRESSES = 50
MAX_SENDS = 3  # the first mail and two resends: an address that bounces is not written to for ever
RESEND_AFTER = timedelta(hours=24)
ADDRESS_SPLIT = re.compile(r"[\s,;]+")


class InvitationError(CommunityError):
    """An invitation refused or unusable, with the sentence to show."""


@dataclass
class Invited:
    """What happened to each address of one "invite by e-mail" form."""

    sent: list[str] = field(default_factory=list)
    already_invited: list[str] = field(default_factory=list)
    already_members: list[str] = field(default_factory=list)


def new_token() -> str:
    return secrets.token_urlsafe(24)


def create_link(
    admin: User, community: Community, expires_at: datetime | None = None, max_uses: int | None = None
) -> Invitation:
    """A shareable link; commits."""
    if expires_at is not None and expires_at <= utcnow():
        raise InvitationError(_("Choose an expiry date in the future."))
    if max_uses is not None and max_uses < 1:
        raise InvitationError(_("A link must allow at least one use."))
    invitation = Invitation(
        community_id=community.id,
        kind=InvitationKind.LINK,
        token=new_token(),
        created_by_id=admin.id,
        expires_at=expires_at,
        max_uses=max_uses,
    )
    db.session.add(invitation)
    db.session.flush()
    audit.log(community.id, admin.id, "invitation_link_created", "invitation", invitation.id)
    db.session.commit()
    return invitation


def parse_addresses(text: str) -> list[str]:
    """The addresses of a pasted list (commas, semicolons, spaces or lines), normalised, each once.

    Raises with every malformed address named, so nothing is sent until the whole list is right."""
    parts = [part for part in ADDRESS_SPLIT.split(text or "") if part]
    if not parts:
        raise InvitationError(_("Enter at least one e-mail address."))
    if len(parts) > MAX_ADDRESSES:
        raise InvitationError(_("Invite at most %(n)d addresses at once.", n=MAX_ADDRESSES))
    addresses, bad = [], []
    for part in parts:
        try:
            address = validate_email(part, check_deliverability=False).normalized.lower()
        except EmailNotValidError:
            bad.append(part)
            continue
        if address not in addresses:
            addresses.append(address)
    if bad:
        raise InvitationError(_("These don't look like e-mail addresses: %(bad)s.", bad=", ".join(bad)))
    return addresses


def invite_addresses(admin: User, community: Community, text: str) -> Invited:
    """Invite each address once: new ones get a mail; invited ones and members are named, not mailed; commits."""
    addresses = parse_addresses(text)
    outcome = Invited()
    members = set(
        db.session.scalars(
            select(func.lower(User.email))
            .join(Membership, Membership.user_id == User.id)
            .where(Membership.community_id == community.id, func.lower(User.email).in_(addresses))
        )
    )
    for address in addresses:
        if address in members:
            outcome.already_members.append(address)
            continue
        values = {"kind": InvitationKind.EMAIL, "token": new_token(), "created_by_id": admin.id, "max_uses": 1}
        invitation = one_row(db.session, Invitation, values, community_id=community.id, email=address)
        if invitation.sends:
            outcome.already_invited.append(address)
            continue
        _send(invitation, community, admin)
        outcome.sent.append(address)
    if outcome.sent:
        audit.log(community.id, admin.id, "invitations_sent", "community", community.id, count=len(outcome.sent))
    db.session.commit()
    return outcome


def resend(admin: User, invitation: Invitation) -> None:
    """Send an e-mail invitation once more: at most once a day and three mails in all; commits."""
    if invitation.kind != InvitationKind.EMAIL:
        raise InvitationError(_("Only invitations by e-mail can be sent again."))
    if invitation.uses:
        raise InvitationError(_("%(address)s has already joined.", address=invitation.email))
    if invitation.revoked_at is not None:
        raise InvitationError(_("This invitation was withdrawn."))
    if invitation.sends >= MAX_SENDS:
        raise InvitationError(
            _(
                "%(address)s was written to %(n)d times already: we won't write again.",
                address=invitation.email,
                n=MAX_SENDS,
            )
        )
    if invitation.sent_at is not None and invitation.sent_at > utcnow() - RESEND_AFTER:
        raise InvitationError(
            _("%(address)s was written to less than a day ago. Try again tomorrow.", address=invitation.email)
        )
    _send(invitation, invitation.community, admin)
    db.session.commit()


def _send(invitation: Invitation, community: Community, admin: User) -> None:
    # The claim makes two resends at once one mail: only the request that moves `sends` on writes it.
    claimed = db.session.execute(
        update(Invitation)
        .where(Invitation.id == invitation.id, Invitation.sends == invitation.sends)
        .values(sends=Invitation.sends + 1, sent_at=utcnow())
    ).rowcount
    db.session.refresh(invitation)
    if not claimed:
        return
    queue_mail_to_address(
        invitation.email,
        "invitation",
        _("%(name)s invites you to %(community)s", name=admin.display_name, community=community.name),
        "invitation",
        dedupe_key=f"invitation-{invitation.id}-{invitation.sends}",
        inviter_name=admin.display_name,
        community_name=community.name,
        description=community.description,
        link=absolute(site_path("invitations.open", token=invitation.token)),
    )


def revoke(admin: User, invitation: Invitation) -> None:
    """Withdraw an invitation: its link stops working at once; commits."""
    if invitation.revoked_at is None:
        invitation.revoked_at = utcnow()
        audit.log(invitation.community_id, admin.id, "invitation_revoked", "invitation", invitation.id)
    db.session.commit()


def usable_invitation(token: str) -> Invitation | None:
    """The invitation behind a link, or None for a token that never existed."""
    return db.session.scalar(select(Invitation).where(Invitation.token == token))


def refusal(invitation: Invitation) -> str | None:
    """Why this invitation can no longer be used, or None."""
    if invitation.revoked_at is not None:
        return _("This invitation was withdrawn by the community's admins. Ask them for a new one.")
    if invitation.is_expired:
        return _("This invitation has expired. Ask the community's admins for a new one.")
    if invitation.is_used_up:
        return _("This invitation has been used as many times as it allows. Ask the community's admins for a new one.")
    return None


def join_by_invitation(user: User, invitation: Invitation) -> Membership:
    """Join through an invitation (the code of conduct accepted by the form), skipping a join request; commits."""
    if (problem := refusal(invitation)) is not None:
        raise InvitationError(problem)
    existing = membership_in(invitation.community_id, user.id)
    if existing is not None:
        return existing
    # Counting the use and joining are one transaction; the guarded UPDATE keeps a last use from being taken twice.
    taken = db.session.execute(
        update(Invitation)
        .where(
            Invitation.id == invitation.id,
            Invitation.revoked_at.is_(None),
            (Invitation.max_uses.is_(None)) | (Invitation.uses < Invitation.max_uses),
        )
        .values(uses=Invitation.uses + 1)
    ).rowcount
    if not taken:
        db.session.rollback()
        raise InvitationError(refusal(db.session.get(Invitation, invitation.id)) or _("This invitation can't be used."))
    keys = {"community_id": invitation.community_id, "user_id": user.id}
    membership = one_row(db.session, Membership, {"coc_accepted_at": utcnow()}, **keys)
    audit.log(invitation.community_id, user.id, "joined_by_invitation", "invitation", invitation.id)
    db.session.commit()
    return membership


def community_invitations(community_id: int) -> tuple[list[Invitation], list[Invitation]]:
    """The community's links (newest first) and e-mail invitations (newest first), for its admins."""
    rows = db.session.scalars(
        select(Invitation).where(Invitation.community_id == community_id).order_by(Invitation.id.desc())
    ).all()
    return [i for i in rows if i.kind == InvitationKind.LINK], [i for i in rows if i.kind == InvitationKind.EMAIL]
