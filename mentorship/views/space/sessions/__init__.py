"""A mentorship's sessions (its calls): the blueprint and whole URL table.

pages.py: the Sessions tab, propose, answer, move, cancel, the note and the .ics; mail.py: the one-click accept
from an invitation mail; feed.py: the private calendar feed and its settings page. Every view carries its own
@login_required except the signed one-click link and the feed (their tokens are the key).
"""

from flask import Blueprint

from mentorship.dates import in_zone
from mentorship.services.sessions import data, safety  # noqa: F401  (connect the export and block receivers)
from mentorship.views.space.common import no_store
from mentorship.views.space.sessions import feed, mail, pages

bp = Blueprint("sessions", __name__)
bp.after_request(no_store)
TEMPLATE_GLOBALS = {"in_zone": in_zone}

bp.add_url_rule("/m/<int:mentorship_id>/sessions", view_func=pages.index, methods=["GET"])
bp.add_url_rule("/m/<int:mentorship_id>/sessions", endpoint="propose", view_func=pages.propose, methods=["POST"])
bp.add_url_rule("/m/<int:mentorship_id>/sessions/first-call", view_func=pages.first_call, methods=["GET"])
for action in ("accept", "decline", "cancel"):
    bp.add_url_rule(
        f"/m/<int:mentorship_id>/sessions/<int:session_id>/{action}",
        endpoint=action,
        view_func=getattr(pages, action),
        methods=["POST"],
    )
bp.add_url_rule("/m/<int:mentorship_id>/sessions/<int:session_id>/move", view_func=pages.move, methods=["GET", "POST"])
occurrence = "/m/<int:mentorship_id>/sessions/<int:session_id>/occurrences/<int:stamp>"
bp.add_url_rule(f"{occurrence}/move", view_func=pages.move_one, methods=["GET", "POST"])
bp.add_url_rule(f"{occurrence}/cancel", view_func=pages.cancel_one, methods=["POST"])
bp.add_url_rule("/m/<int:mentorship_id>/sessions/<int:session_id>/note", view_func=pages.note, methods=["POST"])
bp.add_url_rule("/m/<int:mentorship_id>/sessions/<int:session_id>.ics", view_func=pages.download, methods=["GET"])
bp.add_url_rule("/sessions/accept/<token>", view_func=mail.one_click, methods=["GET", "POST"])
bp.add_url_rule("/calendar/<token>.ics", view_func=feed.calendar, methods=["GET"])
bp.add_url_rule("/settings/calendar", view_func=feed.settings, methods=["GET"])
bp.add_url_rule("/settings/calendar/reset", view_func=feed.reset, methods=["POST"])
bp.add_url_rule("/settings/calendar/revoke", view_func=feed.revoke, methods=["POST"])
