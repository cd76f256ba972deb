"""A mentorship's private space: its blueprint and whole URL table.

thread.py: the thread, its messages and the poll (whose WSGI fast path is web/poll.py); weekly.py: the program's
steps and check-ins; sessions/: the pair's or circle's calls (its own blueprint, "sessions"); manage.py: pause,
complete, end, swap; common.py: the page title and the no-store headers.
Every view carries its own @login_required; the loader is permissions.space.get_mentorship_or_404.
"""

from flask import Blueprint

from mentorship.services.space import data  # noqa: F401 (connects the space's export and erasure)
from mentorship.services.space.thread import week_of
from mentorship.views.space import manage, outcomes, sessions, thread, weekly
from mentorship.views.space.common import message_links, no_store

bp = Blueprint("mentorships", __name__, url_prefix="/m")
bp.after_request(no_store)
BLUEPRINTS = (bp, sessions.bp, outcomes.bp)
TEMPLATE_GLOBALS = {"space_week": week_of, "message_links": message_links, **sessions.TEMPLATE_GLOBALS}


bp.add_url_rule("/", view_func=thread.index, methods=["GET"])
bp.add_url_rule("/<int:mentorship_id>", view_func=thread.show, methods=["GET"])
bp.add_url_rule("/<int:mentorship_id>/t/<thread_key>", view_func=thread.thread, methods=["GET"])
bp.add_url_rule("/<int:mentorship_id>/t/<thread_key>/poll", view_func=thread.poll, methods=["GET"])
bp.add_url_rule("/<int:mentorship_id>/t/<thread_key>/messages", view_func=thread.post_message, methods=["POST"])
bp.add_url_rule("/<int:mentorship_id>/messages/<int:message_id>", view_func=thread.message, methods=["GET"])
bp.add_url_rule(
    "/<int:mentorship_id>/messages/<int:message_id>/edit", view_func=thread.edit_message, methods=["GET", "POST"]
)
bp.add_url_rule(
    "/<int:mentorship_id>/messages/<int:message_id>/delete", view_func=thread.delete_message, methods=["POST"]
)

bp.add_url_rule("/<int:mentorship_id>/program", view_func=weekly.program, methods=["GET"])
bp.add_url_rule("/<int:mentorship_id>/program/<int:week>/done", view_func=weekly.step_done, methods=["POST"])
bp.add_url_rule("/<int:mentorship_id>/program/<int:week>/undo", view_func=weekly.step_undo, methods=["POST"])
bp.add_url_rule("/<int:mentorship_id>/checkin", view_func=weekly.checkin, methods=["GET", "POST"])

bp.add_url_rule("/<int:mentorship_id>/manage", view_func=manage.manage, methods=["GET"])
bp.add_url_rule("/<int:mentorship_id>/pause", view_func=manage.pause, methods=["POST"])
bp.add_url_rule("/<int:mentorship_id>/resume", view_func=manage.resume, methods=["POST"])
bp.add_url_rule("/<int:mentorship_id>/swap", view_func=manage.swap, methods=["POST"])
bp.add_url_rule("/<int:mentorship_id>/extend", view_func=manage.extend, methods=["POST"])
bp.add_url_rule("/<int:mentorship_id>/complete", view_func=manage.complete, methods=["GET", "POST"])
bp.add_url_rule("/<int:mentorship_id>/end", view_func=manage.end, methods=["GET", "POST"])
bp.add_url_rule("/<int:mentorship_id>/feedback", view_func=manage.feedback, methods=["GET", "POST"])
bp.add_url_rule("/<int:mentorship_id>/uneasy", view_func=manage.uneasy, methods=["GET", "POST"])
