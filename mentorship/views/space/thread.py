"""The private mentorship space: my mentorships, the thread(s), polling and messages.

Every response carries Cache-Control: no-store (views/space/__init__.py); pages carry hx-history="false".
An empty poll is usually answered before the app by web/poll.py's fast path; this view is the authority.
"""

from flask import abort, make_response, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy.orm import joinedload, selectinload

from mentorship.extensions import db, limiter
from mentorship.forms.once import new_submission_token
from mentorship.forms.space import MessageForm
from mentorship.models import Mentorship, MentorshipMember, utcnow
from mentorship.models.space import MAIN_THREAD
from mentorship.permissions.space import (
    edit_refusal,
    get_mentorship_or_404,
    get_message_or_404,
    is_thread_key,
    visible_thread_keys,
)
from mentorship.services.space import reads
from mentorship.services.space import thread as space
from mentorship.services.space.steps import this_week_summary
from mentorship.views.space.common import space_title
from mentorship.views.space.fragments import message_list
from mentorship.web import once
from mentorship.web.errors import abort_with
from mentorship.web.htmx import is_htmx, render
from mentorship.web.inputs import query_id
from mentorship.web.poll import since_param

STATUS_ORDER = {"active": 0, "paused": 1, "proposed": 2, "completed": 3, "ended": 4}


@login_required
def index():
    """My mentorships, current ones first, with unread counts."""
    mentorships = db.session.scalars(
        Mentorship.select_for_user(current_user.id).options(
            selectinload(Mentorship.members).joinedload(MentorshipMember.user), joinedload(Mentorship.program)
        )
    ).all()
    mentorships = sorted(mentorships, key=lambda m: (STATUS_ORDER.get(m.status, 9), -m.id))
    return render(
        "space/index.html",
        mentorships=mentorships,
        unread=reads.unread_by_mentorship(current_user.id),
        title_of=lambda m: space_title(m, current_user.id),
        week_of=space.week_of,
    )


@login_required
def show(mentorship_id: int):
    """The pair's or circle's thread."""
    return _thread_page(mentorship_id, MAIN_THREAD)


@login_required
def thread(mentorship_id: int, thread_key: str):
    """Any thread of the mentorship the person takes part in (a circle's private side threads)."""
    if thread_key == MAIN_THREAD:
        return redirect(url_for("mentorships.show", mentorship_id=mentorship_id))
    return _thread_page(mentorship_id, thread_key)


FRESH_TOKEN = '<input type="hidden" name="submission" id="compose-submission" value="{}" hx-swap-oob="true">'


def _thread_page(mentorship_id: int, thread_key: str, form: MessageForm | None = None, status: int = 200):
    """The thread page (or, for htmx with ?before=, only the older messages)."""
    mentorship, member = get_mentorship_or_404(mentorship_id)
    if thread_key not in visible_thread_keys(mentorship, current_user.id):
        abort(404)
    before = query_id("before")
    messages, has_more = space.messages_page(mentorship.id, thread_key, before)
    context = dict(
        mentorship=mentorship,
        mentorship_id=mentorship.id,
        thread_key=thread_key,
        messages=messages,
        has_more=has_more,
        me=current_user.id,
        revealed=query_id("reveal"),
    )
    if before and is_htmx():
        hidden = space.authors_i_blocked(current_user.id, {m.author_id for m in messages})
        items = message_list(
            messages, current_user.id, mentorship.id, hidden, current_user.timezone, context["revealed"]
        )
        return render("space/show.html", "older", hidden_authors=hidden, message_items=items, **context)
    # Where the page opens (#now): the first message I haven't read, else the newest one. Side threads keep
    # their markers elsewhere; they open at the newest message.
    last_read = member.last_read_message_id if thread_key == MAIN_THREAD else None
    context["first_unread"] = space.first_unread_id(messages, last_read, current_user.id)
    if messages and not before:
        reads.mark_read_in_request(member, thread_key, messages[-1].id)
    around = _around_the_thread(mentorship, thread_key, writable_now=not before)
    hidden = around["hidden_authors"]
    items = message_list(messages, current_user.id, mentorship.id, hidden, current_user.timezone, context["revealed"])
    form = form or MessageForm()
    return render("space/show.html", status=status, member=member, form=form, message_items=items, **around, **context)


def _around_the_thread(mentorship: Mentorship, thread_key: str, writable_now: bool) -> dict:
    """What the thread page shows beside the messages: titles, unread counts, the compose box, this week."""
    keys = visible_thread_keys(mentorship, current_user.id)
    standing, write_refusal = space.thread_standing(mentorship, current_user, thread_key)
    return dict(
        title=space_title(mentorship, current_user.id),
        thread_title=space.thread_title(mentorship, thread_key, current_user.id),
        thread_keys=keys,
        thread_titles={k: space.thread_title(mentorship, k, current_user.id) for k in keys},
        unread=reads.unread_counts(current_user.id),
        hidden_authors=standing.i_blocked,
        write_refusal=write_refusal,
        can_post=write_refusal is None and writable_now,
        week=this_week_summary(mentorship, current_user.id),
        since=_now_ms(),
        tab="messages",
    )


@login_required
def poll(mentorship_id: int, thread_key: str):
    """New (and changed) messages after ?after=<id>; an empty 204 when nothing is new. One query."""
    after = query_id("after", minimum=0)
    if after is None or not is_thread_key(thread_key):
        abort_with(400, "Say which message you have seen last (?after=<id>).")
    since = since_param(request.args.get("since"))
    messages = space.poll(mentorship_id, current_user.id, thread_key, after, since)
    if messages is None:
        abort(404)
    if not messages:
        return make_response("", 204)
    new = [m for m in messages if m.id > after]
    changed = [m for m in messages if m.id <= after]
    last_id = max([after, *(m.id for m in new)])
    if any(m.author_id != current_user.id for m in new):
        reads.mark_read_after_poll(mentorship_id, current_user.id, thread_key, last_id)
    return render_template(
        "space/_poll.html",
        new=new,
        changed=changed,
        hidden_authors=space.authors_i_blocked(current_user.id, {m.author_id for m in messages}),
        mentorship_id=mentorship_id,
        thread_key=thread_key,
        me=current_user.id,
        after=last_id,
        since=_now_ms(),
    )


@login_required
@limiter.limit("60 per minute")
def post_message(mentorship_id: int, thread_key: str):
    """Write a message: htmx gets only the new message's fragment, a browser a 303 back to the thread."""
    mentorship, _member = get_mentorship_or_404(mentorship_id)
    if thread_key not in visible_thread_keys(mentorship, current_user.id):
        abort(404)
    form = MessageForm()
    if form.validate_on_submit():
        if (copy := once.earlier_answer(form)) is not None:
            return copy
        try:
            message = space.send_message(mentorship, current_user, thread_key, form.body.data)
        except space.SpaceError as error:
            once.released(form)
            form.body.errors = [str(error)]
        else:
            once.created(form, _message_url(mentorship.id, message))
            if is_htmx():
                return _message_fragment(mentorship, message) + FRESH_TOKEN.format(new_submission_token())
            return _message_done(mentorship, message)
    if is_htmx():
        body = render_template(
            "space/_compose.html", form=form, mentorship=mentorship, thread_key=thread_key, can_post=True
        )
        return body, 422, {"HX-Retarget": "#compose", "HX-Reswap": "outerHTML"}
    return _thread_page(mentorship_id, thread_key, form=form, status=422)


@login_required
def message(mentorship_id: int, message_id: int):
    """One message (htmx: its fragment, e.g. to cancel an edit; a browser goes to it in the thread)."""
    mentorship, _member = get_mentorship_or_404(mentorship_id)
    found = get_message_or_404(mentorship, message_id)
    if not is_htmx():
        return redirect(_message_url(mentorship.id, found))
    return _message_fragment(mentorship, found)


@login_required
def edit_message(mentorship_id: int, message_id: int):
    """Change one's own message within 15 minutes of sending it."""
    mentorship, _member = get_mentorship_or_404(mentorship_id)
    found = get_message_or_404(mentorship, message_id)
    refusal = edit_refusal(found, current_user.id)
    if refusal is not None:
        abort_with(403, refusal)
    form = MessageForm(data={"body": found.body} if request.method == "GET" else None)
    if form.validate_on_submit():
        try:
            space.edit_message(found, current_user, form.body.data)
        except space.SpaceError as error:
            form.body.errors = [str(error)]
        else:
            return _message_done(mentorship, found)
    status = 422 if form.is_submitted() else 200
    return render("space/edit_message.html", "edit", status=status, form=form, mentorship=mentorship, message=found)


@login_required
def delete_message(mentorship_id: int, message_id: int):
    """Delete one's own message; "message deleted" stays in its place."""
    mentorship, _member = get_mentorship_or_404(mentorship_id)
    found = get_message_or_404(mentorship, message_id)
    try:
        space.delete_message(found, current_user)
    except space.SpaceError as error:
        abort_with(403, str(error))
    return _message_done(mentorship, found)


def _message_done(mentorship: Mentorship, found):
    """After writing, changing or deleting a message: htmx gets its fragment, a browser a 303 to it."""
    if is_htmx():
        return _message_fragment(mentorship, found)
    return redirect(_message_url(mentorship.id, found), 303)


def _message_fragment(mentorship: Mentorship, found):
    return render_template("space/_message.html", message=found, me=current_user.id, mentorship_id=mentorship.id)


def _message_url(mentorship_id: int, found) -> str:
    if found.thread_key == MAIN_THREAD:
        url = url_for("mentorships.show", mentorship_id=mentorship_id)
    else:
        url = url_for("mentorships.thread", mentorship_id=mentorship_id, thread_key=found.thread_key)
    return f"{url}#msg-{found.id}"


def _now_ms() -> int:
    return int(utcnow().timestamp() * 1000)
