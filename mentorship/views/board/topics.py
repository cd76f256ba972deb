"""The board's topics: the index with its filters, search, a new topic, a topic page."""

from flask import flash, redirect, request, url_for
from flask_login import current_user, login_required

from mentorship.forms.board import TopicForm
from mentorship.permissions.board import get_board_or_404
from mentorship.services.board import posting as service
from mentorship.services.board import progress, read
from mentorship.services.board.search import search_topics
from mentorship.text import TAG_RE
from mentorship.views.board import pages
from mentorship.views.board.display import BoardLinks, topic_views
from mentorship.web import once
from mentorship.web.htmx import htmx_target, is_htmx, redirect_or_hx, render
from mentorship.web.inputs import page_number


@login_required
def index(slug: str):
    """The board: newest activity first, with filters, a tag and "load more"."""
    board = pages.load_board(slug)
    filter_name = request.args.get("filter", "all")
    filter_name = filter_name if filter_name in read.FILTERS else "all"
    tag = request.args.get("tag", "").strip().lower()
    tag = tag if TAG_RE.match(tag) else ""
    page = read.board_index_page(board.community.id, board.viewer, filter_name, tag, page_number())
    return render(
        "board/index.html",
        "more" if htmx_target() == "load-more" else "topics",
        community=board.community,
        membership=board.membership,
        page=page,
        topics=topic_views(page, board.viewer, BoardLinks(board.community)),
        filter_name=filter_name,
        filters=read.FILTERS,
        tag=tag,
    )


@login_required
def search(slug: str):
    """Full-text search of titles and posts; results update as you type."""
    community, membership, viewer = get_board_or_404(slug)
    q = request.args.get("q", "")[:200]
    results = search_topics(community.id, q, page_number(), viewer)
    topics = topic_views(results, viewer, BoardLinks(community)) if results else []
    return render(
        "board/search.html", "results", community=community, membership=membership, q=q, page=results, topics=topics
    )


@login_required
def new_topic(slug: str):
    """Start a discussion or ask for help (skill tags, urgency, optionally anonymous)."""
    board = get_board_or_404(slug)
    form = TopicForm()
    if form.is_submitted():
        pages.require_can_write(board)
    else:
        form.kind.data = "help" if request.args.get("kind") == "help" else "discussion"
    form.needs_coc = board.membership.coc_accepted_at is None
    slow = None
    if form.validate_on_submit() and (copy := once.earlier_answer(form)) is not None:
        return copy
    if form.validate_on_submit() and (slow := pages.too_fast(board)) is None:
        try:
            topic = service.create_topic(board.community, current_user, board.membership, **form.topic_fields())
        except service.BoardError as error:
            once.released(form)
            pages.field_error(form, error)
        else:
            flash("Your help request is posted." if topic.is_help else "Your topic is posted.", "success")
            once.created(form, url := url_for("board.show_topic", slug=slug, topic_id=topic.id))
            return redirect_or_hx(url)
    if slow is not None:
        return pages.slowed_down(slow, form, lambda: _new_topic_page(board, form))
    return _new_topic_page(board, form, status=422 if form.is_submitted() else 200)


def _new_topic_page(board, form, status: int = 422):
    return render("board/new.html", "form", status=status, **board._asdict(), form=form)


@login_required
def show_topic(slug: str, topic_id: int):
    """A topic: the opening post on every page, then a page of replies and the reply form."""
    board, topic, tag_names, reading = pages.load_topic_and_reading(slug, topic_id)
    if "page" not in request.args and not is_htmx():
        # Back to a topic: open where I stopped reading (or at the latest replies), its anchor working without JS.
        landing = progress.landing_page(*reading, topic.reply_count, read.REPLIES_PER_PAGE)
        if landing is not None:
            url = url_for("board.show_topic", slug=slug, topic_id=topic_id, page=landing)
            return redirect(f"{url}#first-unread" if reading.read_replies < topic.reply_count else f"{url}#replies")
    return pages.topic_page(board, topic, tag_names=tag_names, reading=reading)
