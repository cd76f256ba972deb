"""The community board: its blueprint and whole URL table.

topics.py: the index, search, a new topic, a topic page; posts.py: a post, a reply, an edit, a deletion, a
reaction; help_requests.py: the solution and the invitation into a mentorship; pages.py and fragments.py build what
they show (display.py decides what each viewer sees). Who may do what: permissions/board.py.
"""

from flask import Blueprint

from mentorship.views.board import help_requests, posts, topics

bp = Blueprint("board", __name__, url_prefix="/c/<slug>/board")
BLUEPRINTS = (bp,)
TEMPLATE_GLOBALS: dict = {}

bp.add_url_rule("/", view_func=topics.index, methods=["GET"])
bp.add_url_rule("/search", view_func=topics.search, methods=["GET"])
bp.add_url_rule("/new", view_func=topics.new_topic, methods=["GET", "POST"])
bp.add_url_rule("/t/<int:topic_id>", view_func=topics.show_topic, methods=["GET"])
bp.add_url_rule("/p/<int:post_id>", view_func=posts.show_post, methods=["GET"])
bp.add_url_rule("/t/<int:topic_id>/reply", view_func=posts.reply, methods=["POST"])
bp.add_url_rule("/p/<int:post_id>/edit", view_func=posts.edit_post, methods=["GET", "POST"])
bp.add_url_rule("/p/<int:post_id>/delete", view_func=posts.delete_post, methods=["POST"])
bp.add_url_rule("/p/<int:post_id>/react/<kind>", view_func=posts.react, methods=["POST"])
bp.add_url_rule("/t/<int:topic_id>/solution", view_func=help_requests.mark_solution, methods=["POST"])
bp.add_url_rule("/t/<int:topic_id>/invite", view_func=help_requests.invite_helper, methods=["GET", "POST"])
bp.add_url_rule("/invites/<int:invite_id>", view_func=help_requests.show_invite, methods=["GET"])
bp.add_url_rule("/invites/<int:invite_id>", view_func=help_requests.decide_invite, methods=["POST"])
