"""A person's board content for their data export, and its erasure when they ask for it."""

from sqlalchemy import delete, or_, select

from mentorship.extensions import db
from mentorship.models import HelpInvite, Post, Reaction, Topic, TopicTag, User, utcnow
from mentorship.signals import person_erased, person_exported
from mentorship.text import render_markdown

ERASED = "[erased by the author]"


def export_board_data(user: User) -> dict:
    """Everything a person wrote or gave on boards, for their data export."""
    topics = db.session.scalars(select(Topic).where(Topic.author_id == user.id).order_by(Topic.id)).all()
    posts = db.session.execute(
        select(Post, Topic.title)
        .join(Topic, Topic.id == Post.topic_id)
        .where(Post.author_id == user.id, Post.deleted_at.is_(None))
        .order_by(Post.id)
    ).all()
    reactions = db.session.scalars(select(Reaction).where(Reaction.user_id == user.id)).all()
    invites = db.session.scalars(
        select(HelpInvite).where(or_(HelpInvite.asker_id == user.id, HelpInvite.helper_id == user.id))
    ).all()
    return {
        "topics": [
            {
                "id": t.id,
                "community_id": t.community_id,
                "kind": t.kind,
                "title": t.title,
                "anonymous": t.is_anonymous,
                "urgency": t.urgency if t.is_help else None,
                "tags": t.tag_names,
                "created_at": t.created_at.isoformat(),
                "solved": t.is_solved,
                "deleted": t.deleted_at is not None,
            }
            for t in topics
        ],
        "posts": [
            {
                "id": p.id,
                "topic_id": p.topic_id,
                "topic_title": title,
                "body": p.body,
                "anonymous": p.is_anonymous,
                "created_at": p.created_at.isoformat(),
                "edited_at": p.edited_at.isoformat() if p.edited_at else None,
            }
            for p, title in posts
        ],
        "reactions": [
            {"post_id": r.post_id, "kind": r.kind, "created_at": r.created_at.isoformat()} for r in reactions
        ],
        "help_invites": [
            {
                "topic_id": i.topic_id,
                "role": "asker" if i.asker_id == user.id else "helper",
                "note": i.message if i.asker_id == user.id else None,  # the asker's words, not the helper's
                "status": i.status,
                "created_at": i.created_at.isoformat(),
            }
            for i in invites
        ],
    }


def erase_board_content(user: User) -> None:
    """Replace everything a person wrote on boards with a marker; commits."""
    _erase_rows(user)
    db.session.commit()


def _erase_rows(user: User) -> None:
    """Replace what they wrote with a marker; anonymous posts lose their author link.

    Replies by others stay (they are theirs); reactions given and pending invitations go.
    """
    now = utcnow()
    erased_html = str(render_markdown(ERASED))
    db.session.execute(
        Post.__table__.update()
        .where(Post.author_id == user.id, Post.deleted_at.is_(None))
        .values(body=ERASED, body_html=erased_html, edited_at=now)
    )
    topic_ids = select(Topic.id).where(Topic.author_id == user.id).scalar_subquery()
    db.session.execute(delete(TopicTag).where(TopicTag.topic_id.in_(topic_ids)))
    db.session.execute(Topic.__table__.update().where(Topic.author_id == user.id).values(title=ERASED))
    # Nobody needs to know who wrote an anonymous post any more: drop the link.
    db.session.execute(
        Post.__table__.update().where(Post.author_id == user.id, Post.is_anonymous).values(author_id=None)
    )
    db.session.execute(
        Topic.__table__.update().where(Topic.author_id == user.id, Topic.is_anonymous).values(author_id=None)
    )
    db.session.execute(delete(Reaction).where(Reaction.user_id == user.id))
    db.session.execute(
        delete(HelpInvite).where(
            HelpInvite.status == "pending", or_(HelpInvite.asker_id == user.id, HelpInvite.helper_id == user.id)
        )
    )


def _drop_pending_invites(user: User) -> None:
    db.session.execute(
        delete(HelpInvite).where(
            HelpInvite.status == "pending", or_(HelpInvite.asker_id == user.id, HelpInvite.helper_id == user.id)
        )
    )


def _on_account_deletion(user: User, erase_written: bool) -> None:
    """Account deletion: erase what they wrote if asked; otherwise it stays under "Deleted member"."""
    if erase_written:
        _erase_rows(user)
    else:
        _drop_pending_invites(user)


@person_exported.connect
def _export_section(user: User) -> tuple[str, dict]:
    return "board", export_board_data(user)


person_erased.connect(_on_account_deletion)
