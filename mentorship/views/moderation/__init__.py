"""Moderation: the report queue, its admin pages, reporting and blocking; four blueprints and their URL table.

Every view needs a logged-in person: each says so with @login_required (the route x person matrix checks it).
"""

from flask import Blueprint

from mentorship.services.moderation import data  # noqa: F401 (connects the decisions' export)
from mentorship.services.moderation.actions import ACTIONS
from mentorship.views.moderation import admin, blocking, queue, reports

moderation_bp = Blueprint("moderation", __name__, url_prefix="/c/<slug>/moderation")
moderation_admin_bp = Blueprint("moderation_admin", __name__, url_prefix="/c/<slug>/moderation")
reports_bp = Blueprint("reports", __name__)
blocking_bp = Blueprint("blocking", __name__)
BLUEPRINTS = (moderation_bp, moderation_admin_bp, reports_bp, blocking_bp)
TEMPLATE_GLOBALS = {"MODERATION_ACTIONS": ACTIONS}

moderation_admin_bp.add_url_rule("/log", view_func=admin.audit_log, methods=["GET"])
moderation_admin_bp.add_url_rule("/settings", view_func=admin.settings, methods=["GET", "POST"])
moderation_admin_bp.add_url_rule(
    "/members/<int:user_id>/lift-suspension", view_func=admin.lift_suspension, methods=["POST"]
)

blocking_bp.add_url_rule("/people/<int:user_id>/block", view_func=blocking.block, methods=["GET", "POST"])
blocking_bp.add_url_rule("/settings/blocked", view_func=blocking.blocked, methods=["GET"])
blocking_bp.add_url_rule("/settings/blocked/<int:user_id>/unblock", view_func=blocking.unblock, methods=["POST"])

moderation_bp.add_url_rule("/", view_func=queue.queue, methods=["GET"])
moderation_bp.add_url_rule("/<target_type>/<int:target_id>", view_func=queue.show_item, methods=["GET"])
moderation_bp.add_url_rule("/<target_type>/<int:target_id>/act", view_func=queue.act, methods=["POST"])
moderation_bp.add_url_rule(
    "/<any(topic, post):target_type>/<int:target_id>/<any(hide, restore):verb>",
    view_func=queue.hide_or_restore,
    methods=["GET", "POST"],
)

reports_bp.add_url_rule("/report/<target_type>/<int:target_id>", view_func=reports.report, methods=["GET", "POST"])
reports_bp.add_url_rule("/reports/mine", view_func=reports.mine, methods=["GET"])
