"""Helpers shared by the views of the mentorship space (the blueprint and URL table: views/space/__init__.py).

The space's loader is permissions.space.get_mentorship_or_404.
"""

from flask import g, url_for

from mentorship.models import Mentorship
from mentorship.web.headers import NO_STORE

_ID = 987654321  # a stand-in id: each kind of link is built by url_for once per request, then filled in


class MessageLinks:
    """The links every message of a thread repeats (edit, delete, report), each built by url_for once."""

    def __init__(self, mentorship_id: int):
        self._edit = url_for("mentorships.edit_message", mentorship_id=mentorship_id, message_id=_ID)
        self._delete = url_for("mentorships.delete_message", mentorship_id=mentorship_id, message_id=_ID)
        self._report = url_for("reports.report", target_type="message", target_id=_ID)

    def edit(self, message_id: int) -> str:
        return self._edit.replace(str(_ID), str(message_id))

    def delete(self, message_id: int) -> str:
        return self._delete.replace(str(_ID), str(message_id))

    def report(self, message_id: int) -> str:
        return self._report.replace(str(_ID), str(message_id))


def message_links(mentorship_id: int) -> MessageLinks:
    """This request's MessageLinks for a mentorship (a template global: no SQL, built once per request)."""
    cache = g.setdefault("message_links", {})
    if mentorship_id not in cache:
        cache[mentorship_id] = MessageLinks(mentorship_id)
    return cache[mentorship_id]


def space_title(mentorship: Mentorship, viewer_id: int) -> str:
    """What the viewer calls this mentorship: "Mentoring Sam", "Mentored by Lin", "Your circle"."""
    me = mentorship.member_for(viewer_id)
    mentors = " & ".join(m.user.display_name for m in mentorship.mentors) or "no mentor"
    mentees = [m.user.display_name for m in mentorship.mentees]
    if mentorship.kind == "circle":
        if me is not None and me.role == "mentor":
            return f"Your circle ({len(mentees)} mentees)"
        return f"Circle with {mentors}"
    if me is not None and me.role == "mentor":
        return "Mentoring " + (" & ".join(mentees) or "nobody yet")
    return f"Mentored by {mentors}"


def no_store(response):
    """Private pages must not be kept by browsers or proxies."""
    for name, value in NO_STORE:
        response.headers[name] = value
    return response
