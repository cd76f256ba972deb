"""Loaders and page builders shared by the board's views (views/board/topics.py). No blueprint here."""

from urllib.parse import quote

from flask import abort, current_app, g, make_response, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import and_, bindparam, func, select
from werkzeug.routing import BuildError

from mentorship.extensions import db
from mentorship.forms.board import ReplyForm
from mentorship.models import Community, HelpInvite, Membership, Post, Topic, TopicTag
from mentorship.permissions.communities import can_post, is_moderator, membership_of
from mentorship.services.board import pace as posting_pace
from mentorship.services.board import read
from mentorship.services.board.posting import BoardError
from mentorship.services.communities.suspension import suspension_text
from mentorship.services.space import navigation as nav_badges
from mentorship.views.board.display import BoardLinks, topic_views
from mentorship.views.board.fragments import blank_reply_form, fill_csrf, post_fragments
from mentorship.web import navigation
from mentorship.web.errors import abort_with, error_response
from mentorship.web.htmx import htmx_target, render

# The community and my membership in one query (the board's every page starts with it).
COMMUNITY_AND_MEMBERSHIP = (
    select(Community, Membership)
    .outerjoin(
        Membership,
        and_(Membership.community_id == Community.id, Membership.user_id == bindparam("user_id")),
    )
    .where(Community.slug == bindparam("slug"))
)


def load_board(slug: str):
    """The community, my membership and a Viewer; the rules of permissions.get_member_community_or_404.

    Members only: a private community is a 404 to outsiders, a public one a 403 (join first).
    """
    row = db.session.execute(COMMUNITY_AND_MEMBERSHIP, {"user_id": current_user.id, "slug": slug}).first()
    return _board_access(row)


def _board_access(row):
    if row is None:
        abort(404)
    community, membership = row
    if membership is None and community.is_private:
        abort(404)
    if membership is None:
        abort(403, description="Join this community to see that.")
    # Prime permissions.membership_of's per-request cache so can_post() & co. don't ask again.
    g.setdefault("_memberships", {})[(current_user.id, community.id)] = membership
    return community, membership, read.viewer_for(current_user, membership.is_moderator)


# The community, my membership and one of its topics with its tags (one string): a topic page's first query.
# It carries the navigation's counts too (services/space/navigation.py).
COMMUNITY_MEMBERSHIP_AND_TOPIC = COMMUNITY_AND_MEMBERSHIP.add_columns(
    Topic,
    select(func.aggregate_strings(TopicTag.tag, "\n")).where(TopicTag.topic_id == Topic.id).scalar_subquery(),
    *nav_badges.COLUMNS,
).outerjoin(Topic, and_(Topic.id == bindparam("topic_id"), Topic.community_id == Community.id))


def load_topic(slug: str, topic_id: int):
    """load_board() and topic_or_404() in one query: (community, membership, viewer, topic, tag names)."""
    params = {**nav_badges.params(current_user.id), "slug": slug, "topic_id": topic_id}
    row = db.session.execute(COMMUNITY_MEMBERSHIP_AND_TOPIC, params).first()
    if row is not None:
        navigation.remember(row.badge_notifications, row.badge_messages)
    community, membership, viewer = _board_access(row[:2] if row is not None else None)
    topic = _visible_topic(row[2], community, viewer)
    return community, membership, viewer, topic, sorted(row[3].split("\n")) if row[3] else []


def topic_or_404(community, topic_id: int, viewer) -> Topic:
    """A live topic of this community; a hidden one only for moderators."""
    return _visible_topic(read.topic_with_tags(topic_id), community, viewer)


def _visible_topic(topic: Topic | None, community, viewer) -> Topic:
    if topic is None or topic.community_id != community.id or topic.deleted_at is not None:
        abort(404)
    if topic.hidden_at is not None and not viewer.is_moderator:
        abort(404)
    return topic


def post_or_404(community, post_id: int | None, viewer) -> Post:
    post = db.session.get(Post, post_id) if post_id else None
    if post is None or post.community_id != community.id:
        abort(404)
    topic_or_404(community, post.topic_id, viewer)
    return post


def invite_or_404(community, invite_id: int) -> HelpInvite:
    """An invitation, for its asker and its helper only."""
    invite = db.session.get(HelpInvite, invite_id)
    if invite is None or invite.topic.community_id != community.id:
        abort(404)
    if current_user.id not in (invite.asker_id, invite.helper_id):
        abort(404)
    return invite


def require_can_post(community) -> None:
    """A suspended member reads but can't write: a 403 that says until when."""
    if not can_post(current_user, community):
        abort_with(403, suspension_text(community, membership_of(current_user, community), current_user.timezone))


def too_fast(community, membership, topic_id: int | None = None) -> posting_pace.PostingTooFast | None:
    """Why this post must wait (a new member's first day, slow mode), or None."""
    try:
        posting_pace.check_pace(community, membership, topic_id)
    except posting_pace.PostingTooFast as refusal:
        return refusal
    return None


def too_fast_response(refusal: posting_pace.PostingTooFast, response=None):
    """429 with Retry-After: the given page, or the error page (a fragment for htmx, shown in #flash)."""
    response = response or error_response(429, str(refusal), title="Please wait a moment")
    response.status_code = 429
    response.headers["Retry-After"] = str(refusal.retry_after)
    return response


def page_arg() -> int:
    return max(1, request.args.get("page", 1, type=int) or 1)


def post_url(community, post: Post) -> str:
    """The page of its topic where a post is, with its anchor."""
    topic_url = url_for("board.show_topic", slug=community.slug, topic_id=post.topic_id, page=read.page_of_post(post))
    return f"{topic_url}#post-{post.id}"


def field_error(form, error: BoardError) -> None:
    """Show a refusal from the service on the field it is about (or above the form)."""
    field = getattr(form, error.field or "", None)
    if field is not None:
        field.errors = [*field.errors, str(error)]
    else:
        form.form_errors.append(str(error))


def topic_page(community, membership, viewer, topic: Topic, form=None, status: int = 200, tag_names=None):
    """Everything the topic page shows, in a constant number of queries."""
    page_number = page_arg()
    opening_row, reply_rows, total = read.topic_posts(topic, page_number, current_user.id)
    page = read.Page(items=[], total=total, page=page_number, per_page=read.REPLIES_PER_PAGE)
    rows = [opening_row, *reply_rows] if opening_row is not None else reply_rows
    fragments = post_fragments(community, membership, viewer, topic, rows, page_number)
    reply_form_html = None
    if form is None and not request.args.get("quote"):
        reply_form_html = blank_reply_form(community, membership, topic, page.pages)
    if reply_form_html is None:
        form = form or reply_form(membership, topic, viewer, page)
    invite = None
    if topic.is_help and topic.author_id == current_user.id and topic.solved_post_id:
        invite = db.session.scalar(select(HelpInvite).where(HelpInvite.topic_id == topic.id))
    block = "reply_form" if htmx_target() == "reply-form" else None
    return render(
        "board/topic.html", block, status=status, community=community, membership=membership, viewer=viewer,
        topic=topic, opening=fill_csrf(fragments[0]) if opening_row is not None else None, page=page, form=form,
        invite=invite, reply_form_html=reply_form_html,
        replies=fill_csrf("".join(f"<li>{html}</li>" for html in fragments[1 if opening_row is not None else 0 :])),
        tag_links=tag_links(community, topic.tag_names if tag_names is None else tag_names),
    )  # fmt: skip


def tag_links(community, tags: list[str]) -> list[tuple[str, str]]:
    """(tag, link to the board filtered by it): one url_for for all of them."""
    board = url_for("board.index", slug=community.slug)
    return [(tag, f"{board}?tag={quote(tag, safe='')}") for tag in tags]


def reply_form(membership, topic: Topic, viewer, page) -> ReplyForm:
    """An empty reply form, or one that quotes `?quote=<post id>` (as the viewer sees its author)."""
    form = ReplyForm(formdata=None)
    form.page.data = str(page.pages or 1)
    quote_id = request.args.get("quote", type=int)
    quoted = db.session.get(Post, quote_id) if quote_id else None
    if quoted and quoted.topic_id == topic.id and viewer.sees_body(quoted) and quoted.hidden_at is None:
        lines = quoted.body[:1500].splitlines() or [""]
        form.body.data = f"> {viewer.author_name(quoted)} wrote:\n>\n" + "\n".join(f"> {line}" for line in lines)
        form.body.data += "\n\n"
    form.needs_coc = membership.coc_accepted_at is None
    return form


def single_post(community, membership, viewer, post: Post, template: str = "board/_post.html", **extra):
    """One post's fragment (after an edit, a delete, a cancel, a reaction or an htmx reply)."""
    page_number = read.page_of_post(post)
    row = read.post_row(post.id, current_user.id)
    post_html = fill_csrf(post_fragments(community, membership, viewer, post.topic, [row], page_number)[0])
    body = render_template(
        template, community=community, membership=membership, viewer=viewer, topic=post.topic,
        post_html=post_html, **extra,
    )  # fmt: skip
    return make_response(body)


def help_summary(community) -> dict:
    """For the community page: open help requests and how fast help comes (computed in SQL)."""
    viewer = read.viewer_for(current_user, is_moderator(current_user, community))
    stats = read.help_stats(community.id)
    stats["median_words"] = read.duration_words(stats["median_seconds"])
    topics = topic_views(read.open_help_requests(community.id, viewer), viewer, BoardLinks(community))
    return {"stats": stats, "open": topics}


def mentorship_link(mentorship_id: int | None) -> str:
    """A link to a mentorship's space, once the mentorships area provides one."""
    if mentorship_id is None:
        return ""
    for endpoint in ("mentorships.show", "mentorship.show", "spaces.show"):
        if endpoint in current_app.view_functions:
            try:
                return url_for(endpoint, mentorship_id=mentorship_id)
            except BuildError:
                continue
    return ""
