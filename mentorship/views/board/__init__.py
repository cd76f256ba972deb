"""The community board: its blueprint and whole URL table (views live in topics.py; pages.py loads)."""

from flask import Blueprint
from flask_login import login_required

from mentorship.models.board import REACTION_KINDS
from mentorship.views.board import pages, topics

bp = Blueprint("board", __name__, url_prefix="/c/<slug>/board")
BLUEPRINTS = (bp,)
TEMPLATE_GLOBALS = {
    "BOARD_REACTIONS": REACTION_KINDS,
    "board_mentorship_link": pages.mentorship_link,
}


@bp.before_request
@login_required
def _require_login():
    """The board is for members only, so every page needs a login first."""


bp.add_url_rule("/", view_func=topics.index, methods=["GET"])
bp.add_url_rule("/search", view_func=topics.search, methods=["GET"])
bp.add_url_rule("/new", view_func=topics.new_topic, methods=["GET", "POST"])
bp.add_url_rule("/t/<int:topic_id>", view_func=topics.show_topic, methods=["GET"])
bp.add_url_rule("/p/<int:post_id>", view_func=topics.show_post, methods=["GET"])
bp.add_url_rule("/t/<int:topic_id>/reply", view_func=topics.reply, methods=["POST"])
bp.add_url_rule("/p/<int:post_id>/edit", view_func=topics.edit_post, methods=["GET", "POST"])
bp.add_url_rule("/p/<int:post_id>/delete", view_func=topics.delete_post, methods=["POST"])
bp.add_url_rule("/p/<int:post_id>/react/<kind>", view_func=topics.react, methods=["POST"])
bp.add_url_rule("/t/<int:topic_id>/solution", view_func=topics.mark_solution, methods=["POST"])
bp.add_url_rule("/t/<int:topic_id>/invite", view_func=topics.invite_helper, methods=["GET", "POST"])
bp.add_url_rule("/invites/<int:invite_id>", view_func=topics.show_invite, methods=["GET"])
bp.add_url_rule("/invites/<int:invite_id>", view_func=topics.decide_invite, methods=["POST"])
