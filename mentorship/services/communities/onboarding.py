"""A new member's first steps: join a community, sign up to a program, ask for help (or say hello) on a board.

The home page shows them as a checklist leading with the one next step, until all three are done.
"""

from dataclasses import dataclass

from sqlalchemy import exists, select

from mentorship.extensions import db
from mentorship.models import Community, Enrollment, Membership, Post, Program


@dataclass(frozen=True)
class Onboarding:
    joined: bool
    signed_up: bool
    posted: bool
    # Where the next step happens: a program open for sign-ups in one of my communities, my first community.
    program_id: int | None
    program_slug: str | None
    program_title: str | None
    community_slug: str | None

    @property
    def done(self) -> bool:
        return self.joined and self.signed_up and self.posted

    @property
    def next_step(self) -> str | None:
        """ "join", "program" (when one is open to sign up to), "ask", or None when all is done."""
        if not self.joined:
            return "join"
        if not self.signed_up and self.program_id is not None:
            return "program"
        if not self.posted:
            return "ask"
        return None if self.signed_up else "program"

    @property
    def done_count(self) -> int:
        return sum((self.joined, self.signed_up, self.posted))


def onboarding_for(user_id: int) -> Onboarding:
    """The three steps for this person, in one query."""
    mine = select(Membership.community_id).where(Membership.user_id == user_id)
    newest_open = (
        select(Program.id)
        .where(Program.community_id.in_(mine), Program.status == "open")
        .order_by(Program.created_at.desc(), Program.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    first_community = (
        select(Community.slug)
        .join(Membership, Membership.community_id == Community.id)
        .where(Membership.user_id == user_id)
        .order_by(Membership.joined_at, Community.id)
        .limit(1)
        .scalar_subquery()
    )
    program_slug = (
        select(Community.slug)
        .join(Program, Program.community_id == Community.id)
        .where(Program.id == newest_open)
        .scalar_subquery()
    )
    row = db.session.execute(
        select(
            exists(mine),
            exists(select(Enrollment.id).where(Enrollment.user_id == user_id)),
            exists(select(Post.id).where(Post.author_id == user_id)),
            newest_open,
            program_slug,
            select(Program.title).where(Program.id == newest_open).scalar_subquery(),
            first_community,
        )
    ).one()
    return Onboarding(*row)
