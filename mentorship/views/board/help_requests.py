"""After the answers to a help request: the asker marks the solution and may invite its author into a
mentorship; the helper accepts or declines."""

from flask import flash, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from mentorship.forms.board import InviteForm
from mentorship.permissions.board import (
    NOT_YOUR_INVITATION,
    ONLY_THE_ASKER_INVITES,
    ONLY_THE_ASKER_MARKS,
    can_decide_invite,
    can_invite_helper,
    can_mark_solution,
    get_board_or_404,
    get_invite_or_404,
    get_post_or_404,
    get_topic_or_404,
)
from mentorship.services.board import help_requests
from mentorship.services.board.posting import BoardError
from mentorship.views.board import pages
from mentorship.web import once
from mentorship.web.errors import abort_with, refuse
from mentorship.web.htmx import redirect_or_hx, render
from mentorship.web.inputs import query_id


@login_required
def mark_solution(slug: str, topic_id: int):
    """The asker marks a reply as the solution, or unmarks it."""
    board = get_board_or_404(slug)
    topic = get_topic_or_404(board, topic_id)
    post_id = query_id("post_id", request.form)
    post = get_post_or_404(board, post_id) if post_id else None
    if not can_mark_solution(current_user, topic):
        abort_with(403, ONLY_THE_ASKER_MARKS)
    try:
        help_requests.mark_solution(topic, current_user, post)
    except BoardError as error:
        abort_with(400, str(error))
    flash(_("Marked as the solution. Thank you for closing the loop!") if post else _("Solution unmarked."), "success")
    if post is None:
        return redirect_or_hx(url_for("board.show_topic", slug=slug, topic_id=topic.id))
    return redirect_or_hx(pages.post_url(board.community, post))


@login_required
def invite_helper(slug: str, topic_id: int):
    """From a solved help request, invite the helper into an ongoing mentorship (after a confirmation)."""
    board = get_board_or_404(slug)
    topic = get_topic_or_404(board, topic_id)
    if not can_invite_helper(current_user, topic):
        abort_with(403, ONLY_THE_ASKER_INVITES)
    helper = help_requests.solution_helper(topic)
    if helper is None:
        abort_with(400, _("Mark an answer as the solution first; then you can invite its author."))
    form = InviteForm()
    if form.validate_on_submit():
        if (copy := once.earlier_answer(form)) is not None:
            return copy
        try:
            help_requests.invite_helper(topic, current_user, form.message.data or "")
        except BoardError as error:
            once.released(form)
            pages.field_error(form, error)
        else:
            flash(_("Invitation sent to %(helper)s.", helper=helper.display_name), "success")
            once.created(form, url := url_for("board.show_topic", slug=slug, topic_id=topic.id))
            return redirect_or_hx(url)
    status = 422 if form.is_submitted() else 200
    context = {"community": board.community, "topic": topic, "helper": helper, "form": form}
    return render("board/invite.html", "form", status=status, **context)


@login_required
def show_invite(slug: str, invite_id: int):
    """An invitation into a mentorship: the helper accepts or declines; the asker sees where it stands."""
    board = get_board_or_404(slug)
    invite = get_invite_or_404(board, invite_id)
    mentorship_url = ""
    if invite.mentorship_id is not None:
        mentorship_url = url_for("mentorships.show", mentorship_id=invite.mentorship_id)
    context = {"community": board.community, "membership": board.membership, "invite": invite}
    return render("board/invite_show.html", **context, mentorship_url=mentorship_url)


@login_required
def decide_invite(slug: str, invite_id: int):
    """Accept (a mentorship begins) or decline an invitation."""
    board = get_board_or_404(slug)
    invite = get_invite_or_404(board, invite_id)
    if not can_decide_invite(current_user, invite):
        abort_with(403, NOT_YOUR_INVITATION)
    decision = request.form.get("decision")
    if decision not in ("accept", "decline"):
        abort_with(400, _("Choose accept or decline."))
    back = url_for("board.show_invite", slug=slug, invite_id=invite.id)
    try:
        help_requests.decide_invite(invite, current_user, decision == "accept")
    except BoardError as error:
        return refuse(str(error), back)
    flash(_("Your mentorship has begun.") if decision == "accept" else _("You declined. Thanks for answering."), "info")
    return redirect_or_hx(back)
