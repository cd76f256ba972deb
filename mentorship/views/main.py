"""The start page: a welcome for visitors, a home for members."""

from flask import Blueprint
from flask_login import current_user
from sqlalchemy import select

from ..extensions import db
from ..htmx_utils import render
from ..models import Community, Membership

bp = Blueprint("main", __name__)


@bp.get("/")
def home():
    """Landing page for visitors; my communities for members."""
    public = db.session.scalars(Community.select_visible().limit(12)).all()
    mine = []
    if current_user.is_authenticated:
        mine = db.session.scalars(
            select(Community).join(Membership).where(Membership.user_id == current_user.id).order_by(Community.name)
        ).all()
    return render("main/home.html", public=public, mine=mine)


@bp.get("/about")
def about():
    """What the site is and how it treats people's data."""
    return render("main/about.html")


@bp.get("/healthz")
def healthz():
    """Liveness for load balancers: no database, no Redis."""
    return "ok", 200, {"Content-Type": "text/plain"}
