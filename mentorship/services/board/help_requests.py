"""Help requests after the answers: the asker marks the solution and may invite the helper into a mentorship.

Each action commits. Posting a help request (and notifying skilled members) is services/board/posting.py.
"""

from sqlalchemy import select

from mentorship.extensions import db
from mentorship.models import HelpInvite, Membership, Mentorship, MentorshipMember, Post, Topic, User, utcnow
from mentorship.permissions.board import (
    NOT_YOUR_INVITATION,
    ONLY_THE_ASKER_INVITES,
    can_decide_invite,
    can_invite_helper,
    solution_refusal,
)
from mentorship.services.board.posting import BoardError, blocked_either_way
from mentorship.services.notify.links import site_path
from mentorship.services.notify.notifications import notify


def mark_solution(topic: Topic, user: User, post: Post | None) -> None:
    """The asker marks a reply as the solution (or, with None, unmarks it). Commits."""
    if (refusal := solution_refusal(user, topic, post)) is not None:
        raise BoardError(refusal)
    if post is None:
        topic.solved_post_id = None
        topic.solved_at = None
        db.session.commit()
        return
    topic.solved_post_id = post.id
    topic.solved_at = utcnow()
    if post.author_id and not blocked_either_way(post.author_id, user.id):
        link = site_path("board.show_post", slug=topic.community.slug, post_id=post.id)
        notify(post.author_id, "board_solution", f"Your answer to “{topic.title}” was marked as the solution.", link)
    db.session.commit()


def solution_helper(topic: Topic) -> User | None:
    """The author of the solution, if there is one and they can still be invited."""
    if topic.solved_post_id is None:
        return None
    post = db.session.get(Post, topic.solved_post_id)
    if post is None or post.author is None or post.author.is_deleted:
        return None
    return post.author


def invite_helper(topic: Topic, asker: User, message: str = "") -> HelpInvite:
    """From a solved help request, invite its helper into an ongoing mentorship. Commits."""
    if not can_invite_helper(asker, topic):
        raise BoardError(ONLY_THE_ASKER_INVITES)
    helper = solution_helper(topic)
    if helper is None:
        raise BoardError("Mark an answer as the solution first.")
    if len(message) > 2000:
        raise BoardError("Keep the note under 2,000 characters.", "message")
    if _membership(topic.community_id, helper.id) is None:
        raise BoardError(f"{helper.display_name} is no longer a member of this community.")
    if blocked_either_way(asker.id, helper.id):
        raise BoardError("You can't invite this member.")
    exists = db.session.scalar(
        select(HelpInvite).where(HelpInvite.topic_id == topic.id, HelpInvite.helper_id == helper.id)
    )
    if exists is not None:
        raise BoardError(f"You already invited {helper.display_name}.")
    invite = HelpInvite(topic_id=topic.id, asker_id=asker.id, helper_id=helper.id, message=message.strip())
    db.session.add(invite)
    db.session.flush()
    link = site_path("board.show_invite", slug=topic.community.slug, invite_id=invite.id)
    notify(
        helper.id,
        "help_invite",
        f"{asker.display_name} would like you as their mentor, after you solved “{topic.title}”.",
        link,
        author=asker,
    )
    db.session.commit()
    return invite


def _membership(community_id: int, user_id: int) -> Membership | None:
    return db.session.scalar(
        select(Membership).where(Membership.community_id == community_id, Membership.user_id == user_id)
    )


def decide_invite(invite: HelpInvite, helper: User, accept: bool) -> Mentorship | None:
    """The helper accepts (a mentorship outside any program begins) or declines. Commits."""
    if not can_decide_invite(helper, invite):
        raise BoardError(NOT_YOUR_INVITATION)
    if invite.status != "pending":
        raise BoardError(f"This invitation was already {invite.status}.")
    topic = invite.topic
    invite.decided_at = utcnow()
    link = site_path("board.show_invite", slug=topic.community.slug, invite_id=invite.id)
    if not accept:
        invite.status = "declined"
        notify(
            invite.asker_id,
            "help_invite",
            f"{helper.display_name} can't take on a mentorship right now.",
            link,
            author=helper,
        )
        db.session.commit()
        return None
    if _membership(topic.community_id, invite.asker_id) is None or blocked_either_way(invite.asker_id, helper.id):
        raise BoardError("This mentorship can't start: the person who invited you has left the community.")
    mentorship = Mentorship(
        community_id=topic.community_id,
        program_id=None,
        origin="help_request",
        kind="pair",
        status="active",
        started_at=utcnow(),
        reasons=[f"Grew out of the help request “{topic.title}”"],
    )
    mentorship.members = [
        MentorshipMember(user_id=helper.id, role="mentor", topics=topic.tag_names),
        MentorshipMember(user_id=invite.asker_id, role="mentee", goals=topic.title, topics=topic.tag_names),
    ]
    db.session.add(mentorship)
    db.session.flush()
    invite.status = "accepted"
    invite.mentorship_id = mentorship.id
    notify(
        invite.asker_id,
        "help_invite",
        f"{helper.display_name} accepted: your mentorship has begun.",
        link,
        author=helper,
    )
    notify(
        helper.id,
        "help_invite",
        f"Your mentorship with {invite.asker.display_name} has begun.",
        link,
        author=invite.asker_id,
    )
    db.session.commit()
    return mentorship
