"""The community board: topics and replies, reactions, search, help requests and help invites."""

from flask import abort, flash, request, url_for
from flask_login import current_user

from mentorship.forms.board import EditPostForm, InviteForm, ReplyForm, TopicForm
from mentorship.models.board import REACTION_KINDS
from mentorship.services.board import help_requests, read
from mentorship.services.board import posting as service
from mentorship.services.board.search import search_topics
from mentorship.text import TAG_RE
from mentorship.views.board import pages
from mentorship.views.board.display import BoardLinks, topic_views
from mentorship.web.errors import abort_with
from mentorship.web.htmx import htmx_target, is_htmx, redirect_or_hx, render


def index(slug: str):
    """The board: newest activity first, with filters, a tag and "load more"."""
    community, membership, viewer = pages.load_board(slug)
    filter_name = request.args.get("filter", "all")
    filter_name = filter_name if filter_name in read.FILTERS else "all"
    tag = request.args.get("tag", "").strip().lower()
    tag = tag if TAG_RE.match(tag) else ""
    query = read.topic_list_query(community.id, viewer, filter_name, tag)
    page = read.topic_page(query, viewer, pages.page_arg(), read.TOPICS_PER_PAGE)
    block = "more" if htmx_target() == "load-more" else "topics"
    return render(
        "board/index.html", block, community=community, membership=membership, page=page,
        topics=topic_views(page, viewer, BoardLinks(community)), filter_name=filter_name, filters=read.FILTERS, tag=tag,
    )  # fmt: skip


def search(slug: str):
    """Full-text search of titles and posts; results update as you type."""
    community, membership, viewer = pages.load_board(slug)
    q = request.args.get("q", "")[:200]
    results = search_topics(community.id, q, pages.page_arg(), viewer)
    topics = topic_views(results, viewer, BoardLinks(community)) if results else []
    return render(
        "board/search.html", "results", community=community, membership=membership, q=q, page=results, topics=topics
    )


def new_topic(slug: str):
    """Start a discussion or ask for help (skill tags, urgency, optionally anonymous)."""
    community, membership, _ = pages.load_board(slug)
    form = TopicForm()
    if form.is_submitted():
        pages.require_can_post(community)
    else:
        form.kind.data = "help" if request.args.get("kind") == "help" else "discussion"
    form.needs_coc = membership.coc_accepted_at is None
    slow = None
    if form.validate_on_submit() and (slow := pages.too_fast(community, membership)) is None:
        try:
            topic = service.create_topic(
                community, current_user, membership, kind=form.kind.data, title=form.title.data,
                body=form.body.data, tags=form.tags.data or "", urgency=form.urgency.data or "normal",
                anonymous=form.anonymous.data, accept_code_of_conduct=form.accept_coc.data,
            )  # fmt: skip
        except service.BoardError as error:
            pages.field_error(form, error)
        else:
            flash("Your help request is posted." if topic.is_help else "Your topic is posted.", "success")
            return redirect_or_hx(url_for("board.show_topic", slug=slug, topic_id=topic.id))
    if slow is not None:
        if is_htmx():
            return pages.too_fast_response(slow)
        form.form_errors.append(str(slow))
    status = 422 if form.is_submitted() else 200
    response = render("board/new.html", "form", status=status, community=community, membership=membership, form=form)
    return pages.too_fast_response(slow, response) if slow else response


def show_topic(slug: str, topic_id: int):
    """A topic: the opening post on every page, then a page of replies and the reply form."""
    community, membership, viewer, topic, tag_names = pages.load_topic(slug, topic_id)
    return pages.topic_page(community, membership, viewer, topic, tag_names=tag_names)


def show_post(slug: str, post_id: int):
    """One post: its place in the topic for browsers, the post itself for htmx (e.g. cancelling an edit)."""
    community, membership, viewer = pages.load_board(slug)
    post = pages.post_or_404(community, post_id, viewer)
    if is_htmx():
        return pages.single_post(community, membership, viewer, post)
    return redirect_or_hx(pages.post_url(community, post), status=302)


def reply(slug: str, topic_id: int):
    """Reply in a topic. With htmx, on the page where it lands, the new post is appended in place."""
    community, membership, viewer = pages.load_board(slug)
    topic = pages.topic_or_404(community, topic_id, viewer)
    pages.require_can_post(community)
    form = ReplyForm()
    form.needs_coc = membership.coc_accepted_at is None
    slow = None
    if form.validate_on_submit() and (slow := pages.too_fast(community, membership, topic.id)) is None:
        try:
            post = service.post_reply(topic, current_user, membership, form.body.data, form.accept_coc.data)
        except service.BoardError as error:
            pages.field_error(form, error)
        else:
            page = read.page_of_post(post)
            if not is_htmx() or form.page.data != str(page):
                flash("Your reply is posted.", "success")
                return redirect_or_hx(pages.post_url(community, post))
            fresh = ReplyForm(formdata=None, data={"page": str(page)})
            return pages.single_post(community, membership, viewer, post, "board/_reply_posted.html", form=fresh)
    if slow is not None:
        if is_htmx():  # the form stays as typed; the message shows in #flash
            return pages.too_fast_response(slow)
        form.form_errors.append(str(slow))
        return pages.too_fast_response(slow, pages.topic_page(community, membership, viewer, topic, form=form))
    if is_htmx():
        return render("board/topic.html", "reply_form", status=422, community=community, topic=topic, form=form)
    return pages.topic_page(community, membership, viewer, topic, form=form, status=422)


def edit_post(slug: str, post_id: int):
    """Edit my own post (and the topic's title, tags and urgency from its opening post)."""
    community, membership, viewer = pages.load_board(slug)
    post = pages.post_or_404(community, post_id, viewer)
    if post.author_id != current_user.id or post.deleted_at or post.hidden_at:
        abort(403)
    topic, opening = post.topic, post.is_opening
    form = EditPostForm(obj=post)
    form.is_opening, form.is_help = opening, topic.is_help
    if form.is_submitted():
        pages.require_can_post(community)
    else:
        form.title.data, form.tags.data, form.urgency.data = topic.title, ", ".join(topic.tag_names), topic.urgency
    if form.validate_on_submit():
        try:
            service.edit_post(
                post, current_user, form.body.data, title=form.title.data if opening else None,
                tags=(form.tags.data or "") if opening else None, urgency=form.urgency.data if opening else None,
            )  # fmt: skip
        except service.BoardError as error:
            pages.field_error(form, error)
        else:
            if is_htmx() and not opening:  # an opening post changes the title and tags too: reload
                return pages.single_post(community, membership, viewer, post)
            flash("Your post is saved.", "success")
            return redirect_or_hx(pages.post_url(community, post))
    status = 422 if form.is_submitted() else 200
    return render("board/edit.html", "edit_form", status=status, community=community, post=post, topic=topic, form=form)


def delete_post(slug: str, post_id: int):
    """Delete my own post; it shows as "post deleted" (a topic without replies goes away)."""
    community, membership, viewer = pages.load_board(slug)
    post = pages.post_or_404(community, post_id, viewer)
    try:
        topic = service.delete_post(post, current_user)
    except service.BoardError as error:
        abort_with(403, str(error))
    if topic.deleted_at is not None:
        flash("Your topic is deleted.", "success")
        return redirect_or_hx(url_for("board.index", slug=slug))
    if is_htmx():
        return pages.single_post(community, membership, viewer, post)
    flash("Your post is deleted.", "success")
    return redirect_or_hx(pages.post_url(community, post))


def react(slug: str, post_id: int, kind: str):
    """Give or take back a "thanks" or "helpful", in place with htmx."""
    community, membership, viewer = pages.load_board(slug)
    post = pages.post_or_404(community, post_id, viewer)
    if kind not in REACTION_KINDS:
        abort(404)
    pages.require_can_post(community)
    try:
        service.toggle_reaction(post, current_user, kind)
    except service.BoardError as error:
        abort_with(400, str(error))
    if is_htmx():
        return pages.single_post(community, membership, viewer, post)  # the button selects its reactions
    return redirect_or_hx(pages.post_url(community, post))


def mark_solution(slug: str, topic_id: int):
    """The asker marks a reply as the solution, or unmarks it."""
    community, _, viewer = pages.load_board(slug)
    topic = pages.topic_or_404(community, topic_id, viewer)
    post_id = request.form.get("post_id", type=int)
    post = pages.post_or_404(community, post_id, viewer) if post_id else None
    try:
        help_requests.mark_solution(topic, current_user, post)
    except service.BoardError as error:
        abort_with(403 if topic.author_id != current_user.id else 400, str(error))
    flash("Marked as the solution. Thank you for closing the loop!" if post else "Solution unmarked.", "success")
    target = pages.post_url(community, post) if post else url_for("board.show_topic", slug=slug, topic_id=topic.id)
    return redirect_or_hx(target)


def invite_helper(slug: str, topic_id: int):
    """From a solved help request, invite the helper into an ongoing mentorship (after a confirmation)."""
    community, membership, viewer = pages.load_board(slug)
    topic = pages.topic_or_404(community, topic_id, viewer)
    if topic.author_id != current_user.id or not topic.is_help:
        abort(403)
    helper = help_requests.solution_helper(topic)
    if helper is None:
        abort_with(400, "Mark an answer as the solution first; then you can invite its author.")
    form = InviteForm()
    if form.validate_on_submit():
        try:
            help_requests.invite_helper(topic, current_user, form.message.data or "")
        except service.BoardError as error:
            pages.field_error(form, error)
        else:
            flash(f"Invitation sent to {helper.display_name}.", "success")
            return redirect_or_hx(url_for("board.show_topic", slug=slug, topic_id=topic.id))
    status = 422 if form.is_submitted() else 200
    return render(
        "board/invite.html", "form", status=status, community=community, topic=topic, helper=helper, form=form
    )


def show_invite(slug: str, invite_id: int):
    """An invitation into a mentorship: the helper accepts or declines; the asker sees where it stands."""
    community, membership, _ = pages.load_board(slug)
    invite = pages.invite_or_404(community, invite_id)
    return render("board/invite_show.html", community=community, membership=membership, invite=invite)


def decide_invite(slug: str, invite_id: int):
    """Accept (a mentorship begins) or decline an invitation."""
    community, _, _ = pages.load_board(slug)
    invite = pages.invite_or_404(community, invite_id)
    if invite.helper_id != current_user.id:
        abort(403)
    decision = request.form.get("decision")
    if decision not in ("accept", "decline"):
        abort_with(400, "Choose accept or decline.")
    try:
        help_requests.decide_invite(invite, current_user, decision == "accept")
    except service.BoardError as error:
        flash(str(error), "error")
    else:
        flash("Your mentorship has begun." if decision == "accept" else "You declined. Thanks for answering.", "info")
    return redirect_or_hx(url_for("board.show_invite", slug=slug, invite_id=invite.id))
