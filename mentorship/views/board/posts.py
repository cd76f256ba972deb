"""The board's posts: a link to one, a reply, an edit, a deletion, a reaction."""

from flask import abort, flash, url_for
from flask_login import current_user, login_required

from mentorship.forms.board import EditPostForm, ReplyForm
from mentorship.models.board import REACTION_KINDS
from mentorship.permissions.board import (
    delete_refusal,
    edit_refusal,
    get_board_or_404,
    get_post_or_404,
    get_topic_or_404,
)
from mentorship.services.board import posting as service
from mentorship.services.board import read
from mentorship.views.board import pages
from mentorship.web import once
from mentorship.web.errors import abort_with
from mentorship.web.htmx import is_htmx, redirect_or_hx, render


@login_required
def show_post(slug: str, post_id: int):
    """One post: its place in the topic for browsers, the post itself for htmx (e.g. cancelling an edit)."""
    board = get_board_or_404(slug)
    post = get_post_or_404(board, post_id)
    if is_htmx():
        return pages.single_post(board, post)
    return redirect_or_hx(pages.post_url(board.community, post), status=302)


@login_required
def reply(slug: str, topic_id: int):
    """Reply in a topic. With htmx, on the page where it lands, the new post is appended in place."""
    board = get_board_or_404(slug)
    topic = get_topic_or_404(board, topic_id)
    pages.require_can_write(board)
    form = ReplyForm()
    form.needs_coc = board.membership.coc_accepted_at is None
    if form.validate_on_submit():
        if (copy := once.earlier_answer(form)) is not None:
            return copy
        if (slow := pages.too_fast(board, topic.id)) is not None:
            once.released(form)
            return pages.slowed_down(slow, form, lambda: pages.topic_page(board, topic, form=form))
        try:
            post = service.post_reply(topic, current_user, board.membership, form.body.data, form.accept_coc.data)
        except service.BoardError as error:
            once.released(form)
            pages.field_error(form, error)
        else:
            once.created(form, pages.post_url(board.community, post))
            return _replied(board, post, form)
    if is_htmx():
        return render("board/topic.html", "reply_form", status=422, **board._asdict(), topic=topic, form=form)
    return pages.topic_page(board, topic, form=form, status=422)


def _replied(board, post, form):
    """On the page the form was sent from, the new post in place (htmx); otherwise to the page where it is."""
    page = read.page_of_post(post)
    if not is_htmx() or form.page.data != str(page):
        flash("Your reply is posted.", "success")
        return redirect_or_hx(pages.post_url(board.community, post))
    fresh = ReplyForm(formdata=None, data={"page": str(page)})
    return pages.single_post(board, post, "board/_reply_posted.html", form=fresh)


@login_required
def edit_post(slug: str, post_id: int):
    """Edit my own post (and the topic's title, tags and urgency from its opening post)."""
    board = get_board_or_404(slug)
    post = get_post_or_404(board, post_id)
    if (refusal := edit_refusal(current_user, post)) is not None:
        abort_with(403, refusal)
    form = EditPostForm.for_post(post)
    if form.is_submitted():
        pages.require_can_write(board)
    if form.validate_on_submit():
        try:
            service.edit_post(post, current_user, **form.changes())
        except service.BoardError as error:
            pages.field_error(form, error)
        else:
            if is_htmx() and not post.is_opening:  # an opening post changes the title and tags too: reload
                return pages.single_post(board, post)
            flash("Your post is saved.", "success")
            return redirect_or_hx(pages.post_url(board.community, post))
    status = 422 if form.is_submitted() else 200
    context = {"community": board.community, "post": post, "topic": post.topic, "form": form}
    return render("board/edit.html", "edit_form", status=status, **context)


@login_required
def delete_post(slug: str, post_id: int):
    """Delete my own post; it shows as "post deleted" (a topic without replies goes away)."""
    board = get_board_or_404(slug)
    post = get_post_or_404(board, post_id)
    if (refusal := delete_refusal(current_user, post)) is not None:
        abort_with(403, refusal)
    topic = service.delete_post(post, current_user)
    if topic.deleted_at is not None:
        flash("Your topic is deleted.", "success")
        return redirect_or_hx(url_for("board.index", slug=slug))
    if is_htmx():
        return pages.single_post(board, post)
    flash("Your post is deleted.", "success")
    return redirect_or_hx(pages.post_url(board.community, post))


@login_required
def react(slug: str, post_id: int, kind: str):
    """Give or take back a "thanks" or "helpful", in place with htmx."""
    board = get_board_or_404(slug)
    post = get_post_or_404(board, post_id)
    if kind not in REACTION_KINDS:
        abort(404)
    pages.require_can_write(board)
    try:
        service.toggle_reaction(post, current_user, kind)
    except service.BoardError as error:
        abort_with(400, str(error))
    if is_htmx():
        return pages.single_post(board, post)  # the button selects its reactions
    return redirect_or_hx(pages.post_url(board.community, post))
