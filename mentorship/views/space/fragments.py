"""A thread's messages as HTML, kept in each worker's memory (web/fragments.py) and shared by every page
that shows a message alike.

A message's HTML (templates/space/_message_macro.html) is a pure function of: the message row as shown (body,
system or not, edited, deleted, its time), its author's name, whether it is the viewer's own, whether the viewer
blocked its author, whether the viewer may still edit it (a 15-minute window), the viewer's timezone (its time is
shown in it) and the site's root. The key holds all of them; the delete form's CSRF token is a slot filled per
response. A thread page shows up to 50 messages: rendering them was most of its cost (docs/SCALING.md).
"""

from flask import current_app, request
from flask_babel import get_locale
from markupsafe import Markup

from mentorship.models.base import utcnow
from mentorship.web.fragments import CSRF_SLOT, FragmentCache, fill_csrf

MESSAGES = FragmentCache(16 * 1024 * 1024)  # per worker process: some ten thousand messages of a KB or so


def message_list(
    messages, me: int, mentorship_id: int, hidden, timezone: str | None, revealed: int | None = None
) -> list[Markup]:
    """The <li> of each message in order, as `me` sees them (`revealed`: the one hidden message shown on
    request), each with this response's CSRF token."""
    template = None
    now = utcnow()
    root = request.script_root
    locale = str(get_locale())
    parts = []
    for m in messages:
        author = m.author.display_name if m.author is not None else None
        key = (
            root,
            locale,
            m.id == revealed,
            mentorship_id,
            timezone,
            m.id,
            m.is_system,
            m.author_id == me,
            m.author_id in hidden,
            m.can_edit(me, now),
            m.deleted_at is not None,
            m.edited_at is not None,
            m.created_at,
            author,
            m.body_html,
        )
        html = MESSAGES.get(key)
        if html is None:
            template = template or current_app.jinja_env.get_template("space/_message.html")
            context = {
                "message": m,
                "me": me,
                "mentorship_id": mentorship_id,
                "hidden_authors": hidden,
                "revealed": revealed,
            }
            html = template.render(**context, oob=False, csrf_token=lambda: Markup(CSRF_SLOT))
            MESSAGES.put(key, html)
        parts.append(fill_csrf(html))
    return parts
