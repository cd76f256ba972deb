"""The community board: topics (discussions and help requests), posts, reactions, tags, help invites.

Counters live on Topic (reply_count, last_activity_at, first_answer_at, solved_post_id) so the
board index is one query plus the tags. Full-text search tables and indexes are attached with
DDL events below (SQLite FTS5; PostgreSQL stored tsvector columns with GIN indexes).
"""

import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import DDL, ForeignKey, Index, String, Text, UniqueConstraint, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mentorship.extensions import db
from mentorship.models.base import UTCDateTime, check_in, utcnow
from mentorship.models.community import Community
from mentorship.models.user import User


class TopicKind(enum.StrEnum):
    DISCUSSION = "discussion"
    HELP = "help"


class Urgency(enum.StrEnum):
    """How soon a help request needs an answer (a discussion keeps "normal")."""

    LOW = "low"
    NORMAL = "normal"
    HIGH = "high"


class ReactionKind(enum.StrEnum):
    THANKS = "thanks"
    HELPFUL = "helpful"


class InviteStatus(enum.StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"


TOPIC_KINDS = tuple(TopicKind)
URGENCIES = {
    Urgency.LOW: _l("Whenever someone has time"),
    Urgency.NORMAL: _l("This week would be great"),
    Urgency.HIGH: _l("Urgent: today if possible"),
}
REACTION_KINDS = {ReactionKind.THANKS: _l("Thanks"), ReactionKind.HELPFUL: _l("Helpful")}


class Topic(db.Model):
    """A discussion or a help request on a community's board. Its first post is the opening post."""

    __tablename__ = "board_topics"
    __table_args__ = (
        Index("ix_board_topics_community_activity", "community_id", "last_activity_at"),
        check_in("kind", TopicKind),
        check_in("urgency", Urgency),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    kind: Mapped[str] = mapped_column(String(12), default=TopicKind.DISCUSSION)
    title: Mapped[str] = mapped_column(String(150))
    # Anonymous to members: moderators still see the author.
    is_anonymous: Mapped[bool] = mapped_column(default=False)
    urgency: Mapped[str] = mapped_column(String(8), default=Urgency.NORMAL)
    # A help request may ask for helpers who speak a language (a shipped code); None: any language.
    language: Mapped[str | None] = mapped_column(String(8))
    reply_count: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_activity_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The first reply by someone other than the author, and how long it took (seconds).
    first_answer_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    first_answer_seconds: Mapped[int | None]
    solved_post_id: Mapped[int | None] = mapped_column(
        ForeignKey("board_posts.id", ondelete="SET NULL", use_alter=True, name="fk_board_topics_solved_post_id")
    )
    solved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    hidden_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # hidden by moderators
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    community: Mapped[Community] = relationship()
    author: Mapped[User | None] = relationship(foreign_keys=[author_id])
    tags: Mapped[list["TopicTag"]] = relationship(
        back_populates="topic", cascade="all, delete-orphan", order_by="TopicTag.tag"
    )

    @property
    def is_help(self) -> bool:
        return self.kind == TopicKind.HELP

    @property
    def is_solved(self) -> bool:
        return self.solved_post_id is not None

    @property
    def tag_names(self) -> list[str]:
        return [t.tag for t in self.tags]

    @property
    def urgency_label(self) -> str:
        return URGENCIES.get(self.urgency, "")


class Post(db.Model):
    """A post in a topic: the opening post or a reply. body is the Markdown source, body_html its safe HTML."""

    __tablename__ = "board_posts"
    __table_args__ = (Index("ix_board_posts_topic_opening_id", "topic_id", "is_opening", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    topic_id: Mapped[int] = mapped_column(ForeignKey("board_topics.id", ondelete="CASCADE"))
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    is_opening: Mapped[bool] = mapped_column(default=False)
    # True for the asker's own posts in an anonymous topic.
    is_anonymous: Mapped[bool] = mapped_column(default=False)
    body: Mapped[str] = mapped_column(Text, default="")
    body_html: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    hidden_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # hidden by moderators
    # The language it was written in (the author's at the time), marked as `lang` where it differs from the page.
    lang: Mapped[str | None] = mapped_column(String(8))

    topic: Mapped[Topic] = relationship(foreign_keys=[topic_id])
    author: Mapped[User | None] = relationship()

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


class TopicTag(db.Model):
    """A skill or subject tag on a topic (help requests reach members who list the same skill)."""

    __tablename__ = "board_topic_tags"
    __table_args__ = (Index("ix_board_topic_tags_tag_topic", "tag", "topic_id"),)

    topic_id: Mapped[int] = mapped_column(ForeignKey("board_topics.id", ondelete="CASCADE"), primary_key=True)
    tag: Mapped[str] = mapped_column(String(40), primary_key=True)

    topic: Mapped[Topic] = relationship(back_populates="tags")


class Reaction(db.Model):
    """A "thanks" or "helpful" from one member on one post. There are no downvotes."""

    __tablename__ = "board_reactions"
    __table_args__ = (check_in("kind", ReactionKind),)

    post_id: Mapped[int] = mapped_column(ForeignKey("board_posts.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True)
    kind: Mapped[str] = mapped_column(String(12), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class HelpInvite(db.Model):
    """From a solved help request, the asker invites the helper into an ongoing mentorship."""

    __tablename__ = "board_help_invites"
    __table_args__ = (UniqueConstraint("topic_id", "helper_id"), check_in("status", InviteStatus))

    id: Mapped[int] = mapped_column(primary_key=True)
    topic_id: Mapped[int] = mapped_column(ForeignKey("board_topics.id", ondelete="CASCADE"), index=True)
    asker_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    helper_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    message: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(12), default=InviteStatus.PENDING)
    mentorship_id: Mapped[int | None] = mapped_column(ForeignKey("mentorships.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    topic: Mapped[Topic] = relationship()
    asker: Mapped[User] = relationship(foreign_keys=[asker_id])
    helper: Mapped[User] = relationship(foreign_keys=[helper_id])


class TopicRead(db.Model):
    """How far a member has read a topic: the newest reply they were shown (a topic opens at the next one)."""

    __tablename__ = "board_topic_reads"

    topic_id: Mapped[int] = mapped_column(ForeignKey("board_topics.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True)
    last_read_post_id: Mapped[int] = mapped_column(default=0)


# Full-text search, made by create_all and by the migration (same statements).
# SQLite: an FTS5 table keyed by post id (title filled for opening posts), kept in sync by triggers.
SQLITE_SEARCH_DDL = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS board_posts_fts USING fts5("
    "title, body, tokenize = 'porter unicode61 remove_diacritics 2')",
    # Rank by bm25 with a title match worth four body matches.
    "INSERT INTO board_posts_fts (board_posts_fts, rank) VALUES ('rank', 'bm25(4.0, 1.0)')",
    "CREATE TRIGGER IF NOT EXISTS board_posts_fts_insert AFTER INSERT ON board_posts BEGIN "
    "INSERT INTO board_posts_fts (rowid, title, body) VALUES (new.id, CASE WHEN new.is_opening "
    "THEN (SELECT title FROM board_topics WHERE id = new.topic_id) ELSE '' END, new.body); END",
    "CREATE TRIGGER IF NOT EXISTS board_posts_fts_update AFTER UPDATE OF body ON board_posts BEGIN "
    "UPDATE board_posts_fts SET body = new.body WHERE rowid = new.id; END",
    "CREATE TRIGGER IF NOT EXISTS board_posts_fts_delete AFTER DELETE ON board_posts BEGIN "
    "DELETE FROM board_posts_fts WHERE rowid = old.id; END",
    "CREATE TRIGGER IF NOT EXISTS board_topics_fts_title AFTER UPDATE OF title ON board_topics BEGIN "
    "UPDATE board_posts_fts SET title = new.title WHERE rowid IN "
    "(SELECT id FROM board_posts WHERE topic_id = new.id AND is_opening); END",
)
# PostgreSQL: a stored tsvector column per table (a generated column: PostgreSQL keeps it equal to its text on
# every write), so ranking reads each match's vector instead of parsing its text again, and a GIN index on it.
# The columns are made here, not declared on the models: SQLite has no tsvector (its FTS5 table above is its
# stored vector), and no page reads them as attributes; services/board/search.py queries them by name.
SEARCH_VECTOR = "search_vector"
SEARCH_VECTOR_COLUMNS = (("board_posts", "body"), ("board_topics", "title"))
POSTGRES_SEARCH_COLUMNS = tuple(
    f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS {SEARCH_VECTOR} tsvector "
    f"GENERATED ALWAYS AS (to_tsvector('english'::regconfig, {source})) STORED"
    for table, source in SEARCH_VECTOR_COLUMNS
)
POSTGRES_SEARCH_DDL = (
    # btree_gin lets one GIN index hold the community with the words, so a search reads only its community's
    # matches (a contrib extension marked trusted: a database owner may create it).
    "CREATE EXTENSION IF NOT EXISTS btree_gin",
    *POSTGRES_SEARCH_COLUMNS,
    f"CREATE INDEX IF NOT EXISTS ix_board_posts_body_fts ON board_posts USING gin (community_id, {SEARCH_VECTOR})",
    f"CREATE INDEX IF NOT EXISTS ix_board_topics_title_fts ON board_topics USING gin (community_id, {SEARCH_VECTOR})",
)


def _attach_search_ddl() -> None:
    for statement in SQLITE_SEARCH_DDL:
        event.listen(Post.__table__, "after_create", DDL(statement).execute_if(dialect="sqlite"))
    for statement in POSTGRES_SEARCH_DDL:
        event.listen(Post.__table__, "after_create", DDL(statement).execute_if(dialect="postgresql"))
    event.listen(Post.__table__, "after_drop", DDL("DROP TABLE IF EXISTS board_posts_fts").execute_if(dialect="sqlite"))


_attach_search_ddl()
