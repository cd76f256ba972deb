"""The community board: topics and replies, reactions, search, help requests and help invites."""

from flask import Blueprint, abort, flash, make_response, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from ..errors import abort_with
from ..extensions import db
from ..forms.board import EditPostForm, InviteForm, ReplyForm, TopicForm
from ..htmx_utils import htmx_target, is_htmx, redirect_or_hx, render
from ..models import HelpInvite, Post, Topic
from ..models.board import REACTION_KINDS
from ..permissions import can_post, get_member_community_or_404
from ..services import board as service
from ..services import board_read as read
from ..services.search import search_topics
from ..services.text import TAG_RE

bp = Blueprint("board", __name__, url_prefix="/c/<slug>/board")


@bp.before_request
@login_required
def _require_login():
    """The board is for members only, so every page needs a login first."""


def _board(slug: str):
    """The community, my membership and a Viewer (who I blocked, whether I moderate)."""
    community, membership = get_member_community_or_404(slug)
    return community, membership, read.viewer_for(current_user, membership.is_moderator)


def _topic_or_404(community, topic_id: int, viewer) -> Topic:
    topic = db.session.get(Topic, topic_id)
    if topic is None or topic.community_id != community.id or topic.deleted_at is not None:
        abort(404)
    if topic.hidden_at is not None and not viewer.is_moderator:
        abort(404)
    return topic


def _post_or_404(community, post_id: int, viewer) -> Post:
    post = db.session.get(Post, post_id)
    if post is None or post.community_id != community.id:
        abort(404)
    _topic_or_404(community, post.topic_id, viewer)
    return post


def _require_can_post(community) -> None:
    if not can_post(current_user, community):
        abort_with(403, "You are suspended in this community: you can read the board but not post.")


def _page_arg() -> int:
    return max(1, request.args.get("page", 1, type=int) or 1)


def _post_url(community, post: Post) -> str:
    topic_url = url_for("board.show_topic", slug=community.slug, topic_id=post.topic_id, page=read.page_of_post(post))
    return f"{topic_url}#post-{post.id}"


@bp.get("/")
def index(slug: str):
    """The board: newest activity first, with filters, a tag and "load more"."""
    community, membership, viewer = _board(slug)
    filter_name = request.args.get("filter", "all")
    filter_name = filter_name if filter_name in read.FILTERS else "all"
    tag = request.args.get("tag", "").strip().lower()
    tag = tag if TAG_RE.match(tag) else ""
    query = read.topic_list_query(community.id, viewer, filter_name, tag)
    page = db.paginate(query, page=_page_arg(), per_page=read.TOPICS_PER_PAGE, error_out=False)
    block = "more" if htmx_target() == "load-more" else "topics"
    return render(
        "board/index.html", block, community=community, membership=membership, viewer=viewer,
        page=page, filter_name=filter_name, filters=read.FILTERS, tag=tag,
    )  # fmt: skip


@bp.get("/search")
def search(slug: str):
    """Full-text search of titles and posts; results update as you type."""
    community, membership, viewer = _board(slug)
    q = request.args.get("q", "")[:200]
    results = search_topics(community.id, q, _page_arg(), viewer)
    return render(
        "board/search.html", "results", community=community, membership=membership, viewer=viewer, q=q, page=results
    )


@bp.route("/new", methods=["GET", "POST"])
def new_topic(slug: str):
    """Start a discussion or ask for help (skill tags, urgency, optionally anonymous)."""
    community, membership, _ = _board(slug)
    form = TopicForm()
    if not form.is_submitted():
        form.kind.data = "help" if request.args.get("kind") == "help" else "discussion"
    form.needs_coc = membership.coc_accepted_at is None
    if form.is_submitted():
        _require_can_post(community)
    if form.validate_on_submit():
        try:
            topic = service.create_topic(
                community, current_user, membership, kind=form.kind.data, title=form.title.data,
                body=form.body.data, tags=form.tags.data or "", urgency=form.urgency.data or "normal",
                anonymous=form.anonymous.data, accept_code_of_conduct=form.accept_coc.data,
            )  # fmt: skip
        except service.BoardError as error:
            _field_error(form, error)
        else:
            flash("Your help request is posted." if topic.is_help else "Your topic is posted.", "success")
            return redirect_or_hx(url_for("board.show_topic", slug=slug, topic_id=topic.id))
    status = 422 if form.is_submitted() else 200
    return render("board/new.html", "form", status=status, community=community, membership=membership, form=form)


def _field_error(form, error: service.BoardError) -> None:
    field = getattr(form, error.field or "", None)
    if field is not None:
        field.errors = [*field.errors, str(error)]
    else:
        form.form_errors.append(str(error))


def _topic_page(community, membership, viewer, topic: Topic, form: ReplyForm | None = None, status: int = 200):
    """Everything the topic page shows, in a constant number of queries."""
    page = read.reply_page(topic, _page_arg())
    opening = read.opening_post(topic)
    posts = [opening, *page.items] if opening else list(page.items)
    form = form or _reply_form(community, membership, topic, viewer, page)
    invite = None
    if topic.is_help and topic.author_id == current_user.id and topic.solved_post_id:
        invite = db.session.scalar(select(HelpInvite).where(HelpInvite.topic_id == topic.id))
    block = "reply_form" if htmx_target() == "reply-form" else None
    return render(
        "board/topic.html", block, status=status, community=community, membership=membership, viewer=viewer,
        topic=topic, opening=opening, page=page, form=form, invite=invite,
        reactions=read.reaction_summary([p.id for p in posts], current_user.id),
    )  # fmt: skip


def _reply_form(community, membership, topic: Topic, viewer, page) -> ReplyForm:
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


@bp.get("/t/<int:topic_id>")
def show_topic(slug: str, topic_id: int):
    """A topic: the opening post on every page, then a page of replies and the reply form."""
    community, membership, viewer = _board(slug)
    topic = _topic_or_404(community, topic_id, viewer)
    return _topic_page(community, membership, viewer, topic)


@bp.get("/p/<int:post_id>")
def show_post(slug: str, post_id: int):
    """One post: its place in the topic for browsers, the post itself for htmx (e.g. cancelling an edit)."""
    community, membership, viewer = _board(slug)
    post = _post_or_404(community, post_id, viewer)
    if is_htmx():
        return _single_post(community, membership, viewer, post)
    return redirect_or_hx(_post_url(community, post), status=302)


def _single_post(community, membership, viewer, post: Post):
    """The post's own fragment (after an edit, a delete or a cancel)."""
    body = render_template(
        "board/_post.html", community=community, membership=membership, viewer=viewer, topic=post.topic, post=post,
        reactions=read.reaction_summary([post.id], current_user.id),
    )  # fmt: skip
    return make_response(body)


@bp.post("/t/<int:topic_id>/reply")
def reply(slug: str, topic_id: int):
    """Reply in a topic. With htmx on the last page the new post is appended in place."""
    community, membership, viewer = _board(slug)
    topic = _topic_or_404(community, topic_id, viewer)
    _require_can_post(community)
    form = ReplyForm()
    form.needs_coc = membership.coc_accepted_at is None
    if form.validate_on_submit():
        try:
            post = service.post_reply(topic, current_user, membership, form.body.data, form.accept_coc.data)
        except service.BoardError as error:
            _field_error(form, error)
        else:
            return _after_reply(community, membership, viewer, topic, post, form.page.data)
    if is_htmx():
        return render("board/topic.html", "reply_form", status=422, community=community, topic=topic, form=form)
    return _topic_page(community, membership, viewer, topic, form=form, status=422)


def _after_reply(community, membership, viewer, topic: Topic, post: Post, shown_page: str):
    page = read.page_of_post(post)
    if not is_htmx() or shown_page != str(page):
        flash("Your reply is posted.", "success")
        return redirect_or_hx(_post_url(community, post))
    form = ReplyForm(formdata=None)
    form.page.data = str(page)
    return render_template(
        "board/_reply_posted.html", community=community, membership=membership, viewer=viewer, topic=topic,
        post=post, form=form, reactions=read.reaction_summary([post.id], current_user.id),
    )  # fmt: skip


@bp.route("/p/<int:post_id>/edit", methods=["GET", "POST"])
def edit_post(slug: str, post_id: int):
    """Edit my own post (and the topic's title and tags from its opening post)."""
    community, membership, viewer = _board(slug)
    post = _post_or_404(community, post_id, viewer)
    if post.author_id != current_user.id or post.deleted_at or post.hidden_at:
        abort(403)
    topic = post.topic
    form = EditPostForm(obj=post)
    form.is_opening, form.is_help = post.is_opening, topic.is_help
    if not form.is_submitted():
        form.title.data, form.tags.data, form.urgency.data = topic.title, ", ".join(topic.tag_names), topic.urgency
    else:
        _require_can_post(community)
    if form.validate_on_submit():
        opening = post.is_opening
        try:
            service.edit_post(
                post, current_user, form.body.data, title=form.title.data if opening else None,
                tags=form.tags.data or "" if opening else None, urgency=form.urgency.data if opening else None,
            )  # fmt: skip
        except service.BoardError as error:
            _field_error(form, error)
        else:
            if is_htmx():
                return _single_post(community, membership, viewer, post)
            flash("Your post is saved.", "success")
            return redirect_or_hx(_post_url(community, post))
    status = 422 if form.is_submitted() else 200
    return render("board/edit.html", "edit_form", status=status, community=community, post=post, topic=topic, form=form)


@bp.post("/p/<int:post_id>/delete")
def delete_post(slug: str, post_id: int):
    """Delete my own post; it shows as "post deleted" (a topic without replies goes away)."""
    community, membership, viewer = _board(slug)
    post = _post_or_404(community, post_id, viewer)
    try:
        topic = service.delete_post(post, current_user)
    except service.BoardError as error:
        abort_with(403, str(error))
    if topic.deleted_at is not None:
        flash("Your topic is deleted.", "success")
        return redirect_or_hx(url_for("board.index", slug=slug))
    if is_htmx():
        return _single_post(community, membership, viewer, post)
    flash("Your post is deleted.", "success")
    return redirect_or_hx(_post_url(community, post))


@bp.post("/p/<int:post_id>/react/<kind>")
def react(slug: str, post_id: int, kind: str):
    """Give or take back a "thanks" or "helpful", in place with htmx."""
    community, membership, viewer = _board(slug)
    post = _post_or_404(community, post_id, viewer)
    if kind not in REACTION_KINDS:
        abort(404)
    _require_can_post(community)
    try:
        service.toggle_reaction(post, current_user, kind)
    except service.BoardError as error:
        abort_with(400, str(error))
    if is_htmx():
        reactions = read.reaction_summary([post.id], current_user.id)
        return render_template("board/_reactions.html", community=community, post=post, reactions=reactions)
    return redirect_or_hx(_post_url(community, post))


@bp.post("/t/<int:topic_id>/solution")
def mark_solution(slug: str, topic_id: int):
    """The asker marks a reply as the solution, or unmarks it."""
    community, _, viewer = _board(slug)
    topic = _topic_or_404(community, topic_id, viewer)
    post_id = request.form.get("post_id", type=int)
    post = _post_or_404(community, post_id, viewer) if post_id else None
    try:
        service.mark_solution(topic, current_user, post)
    except service.BoardError as error:
        abort_with(403 if topic.author_id != current_user.id else 400, str(error))
    flash("Marked as the solution. Thank you for closing the loop!" if post else "Solution unmarked.", "success")
    target = _post_url(community, post) if post else url_for("board.show_topic", slug=slug, topic_id=topic.id)
    return redirect_or_hx(target)


@bp.route("/t/<int:topic_id>/invite", methods=["GET", "POST"])
def invite_helper(slug: str, topic_id: int):
    """From a solved help request, invite the helper into an ongoing mentorship (after a confirmation)."""
    community, membership, viewer = _board(slug)
    topic = _topic_or_404(community, topic_id, viewer)
    if topic.author_id != current_user.id or not topic.is_help:
        abort(403)
    helper = service.solution_helper(topic)
    if helper is None:
        abort_with(400, "Mark an answer as the solution first; then you can invite its author.")
    form = InviteForm()
    if form.validate_on_submit():
        try:
            service.invite_helper(topic, current_user, form.message.data or "")
        except service.BoardError as error:
            _field_error(form, error)
        else:
            flash(f"Invitation sent to {helper.display_name}.", "success")
            return redirect_or_hx(url_for("board.show_topic", slug=slug, topic_id=topic.id))
    status = 422 if form.is_submitted() else 200
    return render(
        "board/invite.html", "form", status=status, community=community, topic=topic, helper=helper, form=form
    )


def _invite_or_404(community, invite_id: int) -> HelpInvite:
    invite = db.session.get(HelpInvite, invite_id)
    if invite is None or invite.topic.community_id != community.id:
        abort(404)
    if current_user.id not in (invite.asker_id, invite.helper_id):
        abort(404)
    return invite


@bp.get("/invites/<int:invite_id>")
def show_invite(slug: str, invite_id: int):
    """An invitation into a mentorship: the helper accepts or declines; the asker sees where it stands."""
    community, membership, _ = _board(slug)
    invite = _invite_or_404(community, invite_id)
    return render("board/invite_show.html", community=community, membership=membership, invite=invite)


@bp.post("/invites/<int:invite_id>")
def decide_invite(slug: str, invite_id: int):
    """Accept (a mentorship begins) or decline an invitation."""
    community, _, _ = _board(slug)
    invite = _invite_or_404(community, invite_id)
    decision = request.form.get("decision")
    if decision not in ("accept", "decline") or invite.helper_id != current_user.id:
        abort(400 if invite.helper_id == current_user.id else 403)
    try:
        service.decide_invite(invite, current_user, decision == "accept")
    except service.BoardError as error:
        flash(str(error), "error")
    else:
        flash("Your mentorship has begun." if decision == "accept" else "You declined. Thank you for answering.", "info")
    return redirect_or_hx(url_for("board.show_invite", slug=slug, invite_id=invite.id))


@bp.app_template_global()
def board_help_summary(community):
    """For the community page: open help requests and how fast help comes (computed in SQL)."""
    from ..permissions import is_moderator

    viewer = read.viewer_for(current_user, is_moderator(current_user, community))
    stats = read.help_stats(community.id)
    stats["median_words"] = read.duration_words(stats["median_seconds"])
    return {"stats": stats, "open": read.open_help_requests(community.id, viewer), "viewer": viewer}


bp.add_app_template_global(REACTION_KINDS, "BOARD_REACTIONS")


@bp.app_template_global()
def board_mentorship_link(mentorship_id: int | None) -> str:
    """A link to a mentorship's space, if the mentorships area is installed."""
    from flask import current_app
    from werkzeug.routing import BuildError

    if mentorship_id is None:
        return ""
    for endpoint in ("mentorships.show", "mentorship.show", "spaces.show"):
        if endpoint in current_app.view_functions:
            try:
                return url_for(endpoint, mentorship_id=mentorship_id)
            except BuildError:
                continue
    return ""
