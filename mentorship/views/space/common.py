"""Helpers shared by the views of the mentorship space (the blueprint and URL table: views/space/__init__.py).

The space's loader is permissions.space.get_mentorship_or_404.
"""

from flask_babel import gettext as _
from flask_babel import ngettext

from mentorship.models import Mentorship
from mentorship.web.headers import NO_STORE


def space_title(mentorship: Mentorship, viewer_id: int) -> str:
    """What the viewer calls this mentorship: "Mentoring Sam", "Mentored by Lin", "Your circle"."""
    me = mentorship.member_for(viewer_id)
    mentors = " & ".join(m.user.display_name for m in mentorship.mentors) or "no mentor"
    mentees = [m.user.display_name for m in mentorship.mentees]
    if mentorship.kind == "circle":
        if me is not None and me.role == "mentor":
            return ngettext("Your circle (%(num)d mentee)", "Your circle (%(num)d mentees)", len(mentees))
        return _("Circle with %(mentors)s", mentors=mentors)
    if me is not None and me.role == "mentor":
        return _("Mentoring %(names)s", names=" & ".join(mentees)) if mentees else _("Mentoring nobody yet")
    return _("Mentored by %(mentors)s", mentors=mentors)


def no_store(response):
    """Private pages must not be kept by browsers or proxies."""
    for name, value in NO_STORE:
        response.headers[name] = value
    return response
