"""The start page: a welcome for visitors, a home for members."""

from flask import Blueprint, redirect, request, url_for
from flask_login import current_user
from sqlalchemy import select

from mentorship.extensions import db
from mentorship.languages import supported
from mentorship.models import Community, Membership
from mentorship.services.accounts import profile
from mentorship.services.communities.onboarding import onboarding_for
from mentorship.views.programs.helpers import program_dashboard
from mentorship.web.htmx import render
from mentorship.web.languages import COOKIE, COOKIE_MAX_AGE
from mentorship.web.redirects import safe_local_path

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


@bp.post("/language")
def choose_language():
    """The language switcher at the foot of every page: a cookie for visitors, the member's choice, then back."""
    code = supported(request.form.get("locale"))
    response = redirect(safe_local_path(request.form.get("next"), url_for("main.home")), 303)
    if code is None:
        return response
    if current_user.is_authenticated:
        profile.set_locale(current_user, code)
    response.set_cookie(COOKIE, code, max_age=COOKIE_MAX_AGE, secure=request.is_secure, httponly=True, samesite="Lax")
    return response


@bp.get("/healthz")
def healthz():
    """Liveness for load balancers: no database, no Redis."""
    return "ok", 200, {"Content-Type": "text/plain"}
