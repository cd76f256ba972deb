"""A mentorship's outcomes, as tabs of its space: goals and milestones (goals.py), the surveys a member answers
(answers.py) and "what we achieved" with its shared link (achieved.py): the blueprint "outcomes" and its whole
URL table. Every view carries its own @login_required except the shared link (its token is the key). The
admins' side (surveys of a program, the outcome report) is in views/programs/outcomes.py."""

from flask import Blueprint

from mentorship.services.outcomes import data  # noqa: F401  (connects the export and erase receivers)
from mentorship.views.space.common import no_store
from mentorship.views.space.outcomes import achieved, answers, goals

bp = Blueprint("outcomes", __name__)
bp.after_request(no_store)

M = "/m/<int:mentorship_id>"
bp.add_url_rule(f"{M}/goals", view_func=goals.index, methods=["GET"])
bp.add_url_rule(f"{M}/goals", endpoint="add_goal", view_func=goals.add, methods=["POST"])
bp.add_url_rule(f"{M}/goals/confirm", view_func=goals.confirm, methods=["POST"])
bp.add_url_rule(f"{M}/goals/<int:goal_id>/edit", view_func=goals.edit, methods=["GET", "POST"])
bp.add_url_rule(f"{M}/goals/<int:goal_id>/done", view_func=goals.done, methods=["POST"])
bp.add_url_rule(f"{M}/goals/<int:goal_id>/reopen", view_func=goals.reopen, methods=["POST"])
bp.add_url_rule(f"{M}/goals/<int:goal_id>/delete", view_func=goals.delete, methods=["POST"])
bp.add_url_rule(f"{M}/goals/<int:goal_id>/progress", view_func=goals.move, methods=["POST"])
bp.add_url_rule(f"{M}/goals/<int:goal_id>/milestones", view_func=goals.add_milestone, methods=["POST"])
bp.add_url_rule(
    f"{M}/goals/<int:goal_id>/milestones/<int:milestone_id>/<any(done, undo, delete):action>",
    view_func=goals.change_milestone,
    methods=["POST"],
)
bp.add_url_rule(f"{M}/surveys/<int:survey_id>", view_func=answers.answer, methods=["GET", "POST"])
bp.add_url_rule(f"{M}/achieved", view_func=achieved.show, methods=["GET"])
bp.add_url_rule(f"{M}/achieved/words", view_func=achieved.words, methods=["POST"])
bp.add_url_rule(f"{M}/achieved/share", view_func=achieved.share, methods=["POST"])
bp.add_url_rule(f"{M}/achieved/revoke", view_func=achieved.revoke, methods=["POST"])
bp.add_url_rule("/achieved/<token>", view_func=achieved.shared, methods=["GET"])
