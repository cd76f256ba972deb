"""The private mentorship space: my mentorships, the thread(s), polling and messages.

Weekly work (program, check-ins) is in mentorships_weekly.py and the lifecycle in
mentorships_manage.py; their routes are added to this blueprint below.
Every response carries Cache-Control: no-store; pages carry hx-history="false".
"""

from datetime import UTC, datetime

from flask import abort, make_response, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy.orm import joinedload, selectinload

from mentorship.extensions import db, limiter
from mentorship.forms.space import MessageForm
from mentorship.models import Mentorship, MentorshipMember, utcnow
from mentorship.models.space import MAIN_THREAD
from mentorship.services.communities.suspension import suspension_text
from mentorship.services.space import reads
from mentorship.services.space import thread as space
from mentorship.services.space.steps import this_week_summary
from mentorship.views.space.common import space_or_404, space_title
from mentorship.web.htmx import is_htmx, render

STATUS_ORDER = {"active": 0, "paused": 1, "proposed": 2, "completed": 3, "ended": 4}


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


def show(mentorship_id: int):
    """The pair's or circle's thread."""
    return _thread_page(mentorship_id, MAIN_THREAD)


def thread(mentorship_id: int, thread_key: str):
    """Any thread of the mentorship the person takes part in (a circle's private side threads)."""
    if thread_key == MAIN_THREAD:
        return redirect(url_for("mentorships.show", mentorship_id=mentorship_id))
    return _thread_page(mentorship_id, thread_key)


def _thread_page(mentorship_id: int, thread_key: str, form: MessageForm | None = None, status: int = 200):
    """The thread page (or, for htmx with ?before=, only the older messages)."""
    mentorship, member = space_or_404(mentorship_id)
    keys = space.visible_thread_keys(mentorship, current_user.id)
    if thread_key not in keys:
        abort(404)
    before = request.args.get("before", type=int)
    messages, has_more = space.messages_page(mentorship.id, thread_key, before)
    context = dict(
        mentorship=mentorship,
        mentorship_id=mentorship.id,
        thread_key=thread_key,
        messages=messages,
        has_more=has_more,
        me=current_user.id,
    )
    if before and is_htmx():
        return render("space/show.html", "older", hidden_authors=set(), **context)
    others = [p.user_id for p in space.thread_participants(mentorship, thread_key) if p.user_id != current_user.id]
    standing = space.viewer_standing(current_user.id, mentorship.community_id, others)
    writable = mentorship.status in space.POSTABLE_STATUSES and not (standing.blocked or standing.suspended)
    if messages and not before:
        reads.mark_read_in_request(member, thread_key, messages[-1].id)
    return render(
        "space/show.html",
        status=status,
        member=member,
        title=space_title(mentorship, current_user.id),
        thread_title=space.thread_title(mentorship, thread_key, current_user.id),
        thread_keys=keys,
        thread_titles={k: space.thread_title(mentorship, k, current_user.id) for k in keys},
        unread=reads.unread_counts(current_user.id),
        hidden_authors=standing.i_blocked,
        blocked=standing.blocked,
        can_post=writable and not before,
        suspended_text=suspension_text(mentorship.community, standing, current_user.timezone)
        if standing.suspended
        else "",
        week=this_week_summary(mentorship, current_user.id),
        form=form or MessageForm(),
        since=_now_ms(),
        tab="messages",
        **context,
    )


def poll(mentorship_id: int, thread_key: str):
    """New (and changed) messages after ?after=<id>; an empty 204 when nothing is new. One query."""
    after = request.args.get("after", type=int)
    if after is None or after < 0 or not _valid_key(thread_key):
        abort(400, description="Say which message you have seen last (?after=<id>).")
    since = _parse_ms(request.args.get("since"))
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
        mentorship_id=mentorship_id,
        thread_key=thread_key,
        me=current_user.id,
        after=last_id,
        since=_now_ms(),
    )


@limiter.limit("60 per minute")
def post_message(mentorship_id: int, thread_key: str):
    """Write a message: htmx gets only the new message's fragment, a browser a 303 back to the thread."""
    mentorship, _member = space_or_404(mentorship_id)
    if thread_key not in space.visible_thread_keys(mentorship, current_user.id):
        abort(404)
    form = MessageForm()
    if form.validate_on_submit():
        try:
            message = space.send_message(mentorship, current_user, thread_key, form.body.data)
        except space.SpaceError as error:
            form.body.errors = [str(error)]
        else:
            if is_htmx():
                return render_template(
                    "space/_message.html", message=message, me=current_user.id, mentorship_id=mentorship.id
                )
            return redirect(_thread_url(mentorship.id, thread_key) + f"#msg-{message.id}", 303)
    if is_htmx():
        body = render_template(
            "space/_compose.html", form=form, mentorship=mentorship, thread_key=thread_key, can_post=True
        )
        return body, 422, {"HX-Retarget": "#compose", "HX-Reswap": "outerHTML"}
    return _thread_page(mentorship_id, thread_key, form=form, status=422)


def message(mentorship_id: int, message_id: int):
    """One message (htmx: its fragment, e.g. to cancel an edit; a browser goes to it in the thread)."""
    mentorship, _member = space_or_404(mentorship_id)
    found = _message_or_404(mentorship, message_id)
    if not is_htmx():
        return redirect(_thread_url(mentorship.id, found.thread_key) + f"#msg-{found.id}")
    return render_template("space/_message.html", message=found, me=current_user.id, mentorship_id=mentorship.id)


def edit_message(mentorship_id: int, message_id: int):
    """Change one's own message within 15 minutes of sending it."""
    mentorship, _member = space_or_404(mentorship_id)
    found = _message_or_404(mentorship, message_id)
    form = MessageForm(data={"body": found.body} if request.method == "GET" else None)
    if not found.can_edit(current_user.id):
        abort(403, description=_edit_refusal(found))
    if form.validate_on_submit():
        try:
            space.edit_message(found, current_user, form.body.data)
        except space.SpaceError as error:
            form.body.errors = [str(error)]
        else:
            return _message_done(mentorship, found)
    status = 422 if form.is_submitted() else 200
    return render("space/edit_message.html", "edit", status=status, form=form, mentorship=mentorship, message=found)


def delete_message(mentorship_id: int, message_id: int):
    """Delete one's own message; "message deleted" stays in its place."""
    mentorship, _member = space_or_404(mentorship_id)
    found = _message_or_404(mentorship, message_id)
    try:
        space.delete_message(found, current_user)
    except space.SpaceError as error:
        abort(403, description=str(error))
    return _message_done(mentorship, found)


def _message_done(mentorship: Mentorship, found):
    if is_htmx():
        return render_template("space/_message.html", message=found, me=current_user.id, mentorship_id=mentorship.id)
    return redirect(_thread_url(mentorship.id, found.thread_key) + f"#msg-{found.id}", 303)


def _message_or_404(mentorship: Mentorship, message_id: int):
    found = space.get_message(mentorship, message_id, current_user.id)
    if found is None:
        abort(404)
    return found


def _edit_refusal(found) -> str:
    if found.author_id != current_user.id or found.is_system:
        return "You can only edit your own messages."
    if found.is_deleted:
        return "That message was deleted."
    return "Messages can be edited for 15 minutes after sending; this one can no longer be changed."


def _thread_url(mentorship_id: int, thread_key: str) -> str:
    if thread_key == MAIN_THREAD:
        return url_for("mentorships.show", mentorship_id=mentorship_id)
    return url_for("mentorships.thread", mentorship_id=mentorship_id, thread_key=thread_key)


def _valid_key(thread_key: str) -> bool:
    return thread_key == MAIN_THREAD or space.SIDE_KEY_RE.match(thread_key) is not None


def _now_ms() -> int:
    return int(utcnow().timestamp() * 1000)


def _parse_ms(value: str | None) -> datetime:
    """?since=<epoch ms> from the poller; a few seconds of slack for clocks of other web processes."""
    try:
        return datetime.fromtimestamp(int(value) / 1000 - 2, tz=UTC)
    except (TypeError, ValueError, OverflowError, OSError):
        return utcnow()
