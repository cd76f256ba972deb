"""A member's board posts as a profile shows them: only what every member of the community may read."""

from sqlalchemy import select

from mentorship.extensions import db
from mentorship.models import Post, Topic

PROFILE_POSTS = 10


def posts_on_profile(community_id: int, author_id: int, limit: int = PROFILE_POSTS) -> list[tuple[Post, Topic]]:
    """The member's newest posts in this community under their name: never an anonymous, hidden or deleted one."""
    query = (
        select(Post, Topic)
        .join(Topic, Topic.id == Post.topic_id)
        .where(
            Post.community_id == community_id,
            Post.author_id == author_id,
            Post.is_anonymous.is_(False),
            Post.deleted_at.is_(None),
            Post.hidden_at.is_(None),
            Topic.deleted_at.is_(None),
            Topic.hidden_at.is_(None),
        )
        .order_by(Post.created_at.desc(), Post.id.desc())
        .limit(limit)
    )
    return [(post, topic) for post, topic in db.session.execute(query)]
