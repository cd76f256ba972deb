"""The start page: a welcome for visitors, a home for members."""

from flask import Blueprint
from flask_login import current_user
from sqlalchemy import select

from mentorship.extensions import db
from mentorship.models import Community, Membership
from mentorship.services.communities.onboarding import onboarding_for
from mentorship.views.programs.helpers import program_dashboard
from mentorship.web.htmx import render

bp = Blueprint("main", __name__)
BLUEPRINTS = (bp,)
TEMPLATE_GLOBALS: dict = {}


@bp.get("/")
def home():
    """Landing page for visitors; my communities for members."""
    public = db.session.scalars(Community.select_visible().limit(12)).all()
    mine, dash, onboarding = [], None, None
    if current_user.is_authenticated:
        mine = db.session.scalars(
            select(Community).join(Membership).where(Membership.user_id == current_user.id).order_by(Community.name)
        ).all()
        dash = program_dashboard()
        onboarding = onboarding_for(current_user.id)
    joinable = [community for community in public if community not in mine][:3]
    return render("main/home.html", public=public, mine=mine, dash=dash, onboarding=onboarding, joinable=joinable)


@bp.get("/about")
def about():
    """What the site is and how it treats people's data."""
    return render("main/about.html")


@bp.get("/healthz")
def healthz():
    """Liveness for load balancers: no database, no Redis."""
    return "ok", 200, {"Content-Type": "text/plain"}
