"""Communities: their blueprints and whole URL table.

pages.py: browse, create, the front page, join and leave, members, roles and join requests; admin.py: a
community's settings and its invitations; invitations.py: the page an invitation link opens (and joining by it).
Who may do what: permissions/communities.py.
"""

from flask import Blueprint

from mentorship.views.communities import admin, invitations, pages

bp = Blueprint("communities", __name__, url_prefix="/c")
# An invitation link has an address of its own: under /c/ its token could read as a community's slug.
invitations_bp = Blueprint("invitations", __name__, url_prefix="/invite")
BLUEPRINTS = (bp, invitations_bp)
TEMPLATE_GLOBALS: dict = {}

bp.add_url_rule("/", view_func=pages.index, methods=["GET"])
bp.add_url_rule("/new", view_func=pages.create, methods=["GET", "POST"])
bp.add_url_rule("/<slug>", view_func=pages.show, methods=["GET"])
bp.add_url_rule("/<slug>/join", view_func=pages.join, methods=["GET", "POST"])
bp.add_url_rule("/<slug>/leave", view_func=pages.leave, methods=["POST"])
bp.add_url_rule("/<slug>/members", view_func=pages.members, methods=["GET"])
bp.add_url_rule("/<slug>/members/<int:user_id>/role", view_func=pages.change_role, methods=["POST"])
bp.add_url_rule("/<slug>/members/<int:user_id>/remove", view_func=pages.remove_member, methods=["POST"])
bp.add_url_rule("/<slug>/requests", view_func=pages.join_requests, methods=["GET"])
bp.add_url_rule("/<slug>/requests/<int:request_id>", view_func=pages.decide_request, methods=["POST"])
bp.add_url_rule("/<slug>/settings", view_func=admin.edit_settings, methods=["GET", "POST"])
bp.add_url_rule("/<slug>/invitations", view_func=admin.invitations, methods=["GET"])
bp.add_url_rule("/<slug>/invitations/link", view_func=admin.create_link, methods=["POST"])
bp.add_url_rule("/<slug>/invitations/email", view_func=admin.invite_by_email, methods=["POST"])
bp.add_url_rule("/<slug>/invitations/<int:invitation_id>/resend", view_func=admin.resend, methods=["POST"])
bp.add_url_rule("/<slug>/invitations/<int:invitation_id>/revoke", view_func=admin.revoke, methods=["POST"])
invitations_bp.add_url_rule("/<token>", view_func=invitations.open, methods=["GET", "POST"])
