"""A community's events: the blueprint and whole URL table.

pages.py: the list (upcoming, past), the event page, answering it and its .ics; hosting.py: create, change and
cancel an event, and the admins' setting. Every view carries its own @login_required; who may do what is in
mentorship/permissions/events.py.
"""

from flask import Blueprint

from mentorship.services.events import data  # noqa: F401  (connects the export and deletion receivers)
from mentorship.views.events import hosting, pages
from mentorship.views.events.pages import community_section

bp = Blueprint("events", __name__, url_prefix="/c/<slug>/events")
BLUEPRINTS = (bp,)
TEMPLATE_GLOBALS: dict = {}
__all__ = ["BLUEPRINTS", "TEMPLATE_GLOBALS", "community_section"]

bp.add_url_rule("", view_func=pages.index, methods=["GET"])
bp.add_url_rule("/<int:event_id>", view_func=pages.show, methods=["GET"])
bp.add_url_rule("/<int:event_id>/answer", view_func=pages.answer, methods=["POST"])
bp.add_url_rule("/<int:event_id>.ics", view_func=pages.download, methods=["GET"])
bp.add_url_rule("/new", view_func=hosting.create, methods=["GET", "POST"])
bp.add_url_rule("/<int:event_id>/edit", view_func=hosting.edit, methods=["GET", "POST"])
bp.add_url_rule("/<int:event_id>/cancel", view_func=hosting.cancel, methods=["POST"])
bp.add_url_rule("/settings", view_func=hosting.settings, methods=["POST"])
