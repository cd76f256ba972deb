"""Programs: sign-up and the directory (signup.py), admin pages (admin.py), matching review (review.py) and
program health (health.py); their four blueprints and the whole URL table. Each view that needs a login says
so itself (`@login_required`); who may do what is in mentorship/permissions/programs.py."""

from flask import Blueprint

from mentorship.services.programs import data  # noqa: F401 (connects the programs' export and erasure)
from mentorship.views.programs import admin, health, outcomes, review, signup
from mentorship.views.programs.helpers import TEMPLATE_GLOBALS

programs_bp = Blueprint("programs", __name__)
program_admin_bp = Blueprint("program_admin", __name__, url_prefix="/c/<slug>/programs")
program_review_bp = Blueprint("program_review", __name__, url_prefix="/c/<slug>/programs/<int:program_id>/matching")
health_bp = Blueprint("health", __name__, url_prefix="/c/<slug>")
outcome_admin_bp = Blueprint("outcome_admin", __name__, url_prefix="/c/<slug>/programs/<int:program_id>")
BLUEPRINTS = (programs_bp, program_admin_bp, program_review_bp, health_bp, outcome_admin_bp)
__all__ = ["BLUEPRINTS", "TEMPLATE_GLOBALS"]

program_admin_bp.add_url_rule("/new", view_func=admin.create, methods=["GET", "POST"])
program_admin_bp.add_url_rule("/import", view_func=admin.import_program, methods=["GET", "POST"])
program_admin_bp.add_url_rule("/<int:program_id>/edit", view_func=admin.edit, methods=["GET", "POST"])
program_admin_bp.add_url_rule("/<int:program_id>/steps", view_func=admin.steps, methods=["GET"])
program_admin_bp.add_url_rule("/<int:program_id>/steps/<int:week>", view_func=admin.save_step, methods=["POST"])
program_admin_bp.add_url_rule("/<int:program_id>/export", view_func=admin.export, methods=["GET"])
program_admin_bp.add_url_rule("/<int:program_id>/status", view_func=admin.change_status, methods=["POST"])
program_admin_bp.add_url_rule("/<int:program_id>/delete", view_func=admin.delete, methods=["POST"])
program_admin_bp.add_url_rule("/<int:program_id>/signups", view_func=admin.signups, methods=["GET"])
program_admin_bp.add_url_rule(
    "/<int:program_id>/signups/<int:enrollment_id>", view_func=admin.decide_signup, methods=["POST"]
)

health_bp.add_url_rule("/programs/<int:program_id>/health", view_func=health.program, methods=["GET"])
health_bp.add_url_rule("/programs/<int:program_id>/health/<key>.csv", view_func=health.program_csv, methods=["GET"])
health_bp.add_url_rule(
    "/programs/<int:program_id>/health/nudge/<int:mentorship_id>", view_func=health.nudge, methods=["POST"]
)
health_bp.add_url_rule("/health", view_func=health.community, methods=["GET"])
health_bp.add_url_rule("/health/<key>.csv", view_func=health.community_csv, methods=["GET"])

program_review_bp.add_url_rule("/", view_func=review.matching, methods=["GET"])
program_review_bp.add_url_rule("/weights", view_func=review.save_weights, methods=["POST"])
program_review_bp.add_url_rule("/run", view_func=review.run, methods=["POST"])
program_review_bp.add_url_rule("/accept-all", view_func=review.accept_all, methods=["POST"])
program_review_bp.add_url_rule(
    "/suggestions/<int:suggestion_id>/<action>", view_func=review.decide_suggestion, methods=["POST"]
)
program_review_bp.add_url_rule("/rules", view_func=review.add_rule, methods=["POST"])
program_review_bp.add_url_rule("/rules/<int:rule_id>/delete", view_func=review.remove_rule, methods=["POST"])
program_review_bp.add_url_rule("/pair", view_func=review.pair, methods=["POST"])

programs_bp.add_url_rule("/programs", view_func=signup.mine, methods=["GET"])
programs_bp.add_url_rule("/c/<slug>/programs", view_func=signup.index, methods=["GET"])
programs_bp.add_url_rule("/c/<slug>/programs/<int:program_id>", view_func=signup.show, methods=["GET"])
programs_bp.add_url_rule("/c/<slug>/programs/<int:program_id>/signup", view_func=signup.signup, methods=["GET", "POST"])
programs_bp.add_url_rule(
    "/c/<slug>/programs/<int:program_id>/signup/check", view_func=signup.check_signup, methods=["POST"]
)
programs_bp.add_url_rule("/c/<slug>/programs/<int:program_id>/withdraw", view_func=signup.withdraw, methods=["POST"])
programs_bp.add_url_rule("/c/<slug>/programs/<int:program_id>/pause", view_func=signup.pause, methods=["POST"])
programs_bp.add_url_rule("/c/<slug>/programs/<int:program_id>/mentors", view_func=signup.mentors, methods=["GET"])
programs_bp.add_url_rule(
    "/c/<slug>/programs/<int:program_id>/mentors/<int:enrollment_id>/request",
    view_func=signup.request_mentor,
    methods=["GET", "POST"],
)
programs_bp.add_url_rule("/c/<slug>/programs/<int:program_id>/requests", view_func=signup.requests, methods=["GET"])
programs_bp.add_url_rule(
    "/c/<slug>/programs/<int:program_id>/requests/<int:request_id>/<action>",
    view_func=signup.answer_request,
    methods=["POST"],
)

outcome_admin_bp.add_url_rule("/surveys", view_func=outcomes.surveys, methods=["GET", "POST"])
outcome_admin_bp.add_url_rule("/surveys/<int:survey_id>", view_func=outcomes.survey, methods=["GET", "POST"])
outcome_admin_bp.add_url_rule("/surveys/<int:survey_id>/questions", view_func=outcomes.add_question, methods=["POST"])
outcome_admin_bp.add_url_rule(
    "/surveys/<int:survey_id>/questions/<int:question_id>/delete", view_func=outcomes.delete_question, methods=["POST"]
)
outcome_admin_bp.add_url_rule("/surveys/<int:survey_id>/delete", view_func=outcomes.delete_survey, methods=["POST"])
outcome_admin_bp.add_url_rule("/outcomes", view_func=outcomes.report, methods=["GET"])
outcome_admin_bp.add_url_rule("/outcomes/<key>.csv", view_func=outcomes.report_csv, methods=["GET"])
