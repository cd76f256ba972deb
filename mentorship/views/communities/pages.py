"""Communities: browse, create, join and leave; members, roles and join requests."""

from flask import abort, flash, redirect, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import case, select
from sqlalchemy.orm import contains_eager, joinedload

from mentorship.extensions import db
from mentorship.forms.communities import CommunityForm, JoinForm, RoleForm
from mentorship.models import Community, JoinRequest, Membership, User
from mentorship.permissions.communities import (
    get_admin_community_or_404,
    get_community_front_or_404,
    get_member_community_or_404,
    get_membership_or_404,
    membership_of,
)
from mentorship.services.communities import membership as service
from mentorship.views.board.pages import help_summary
from mentorship.views.events import community_section as events_section
from mentorship.views.programs.helpers import open_programs
from mentorship.web import once
from mentorship.web.errors import abort_with, refuse
from mentorship.web.htmx import is_htmx, redirect_or_hx, render, same_site_referrer
from mentorship.web.inputs import page_number
from mentorship.web.redirects import safe_local_path

PER_PAGE = 30
MEMBERS_PER_PAGE = 50


def index():
    """Public communities, and the ones I belong to."""
    page = db.paginate(Community.select_visible(), page=page_number(), per_page=PER_PAGE, error_out=False)
    mine = []
    if current_user.is_authenticated:
        mine = db.session.scalars(
            select(Community).join(Membership).where(Membership.user_id == current_user.id).order_by(Community.name)
        ).all()
    return render("communities/index.html", "list", page=page, mine=mine)


@login_required
def create():
    """Create a community; the creator becomes its admin."""
    form = CommunityForm()
    if form.validate_on_submit():
        if (copy := once.earlier_answer(form)) is not None:
            return copy
        try:
            community = service.create_community(
                current_user, form.name.data, form.description.data, form.is_private.data, form.code_of_conduct.data
            )
        except service.CommunityError as error:
            once.released(form)
            form.name.errors.append(str(error))
        else:
            flash(f"{community.name} is ready. You are its admin.", "success")
            once.created(form, url := url_for("communities.show", slug=community.slug))
            return redirect_or_hx(url)
    status = 422 if form.is_submitted() else 200
    return render("communities/new.html", "form", form=form, status=status)


def show(slug: str):
    """A community's front page: its sections for members, what it is and how to join for others."""
    community = get_community_front_or_404(slug)
    membership = membership_of(current_user, community)
    pending = None
    if current_user.is_authenticated and membership is None:
        pending = db.session.scalar(
            select(JoinRequest).where(JoinRequest.community_id == community.id, JoinRequest.user_id == current_user.id)
        )
    sections = {}
    if membership is not None:
        sections = {"programs_here": open_programs(community), "board": help_summary(community)}
        sections.update(events_section(community, current_user.id))
    return render("communities/show.html", community=community, membership=membership, join_request=pending, **sections)


@login_required
def join(slug: str):
    """Read the code of conduct and join (or ask to join a private community)."""
    community = get_community_front_or_404(slug)
    if membership_of(current_user, community):
        return redirect(url_for("communities.show", slug=slug))
    form = JoinForm()
    if form.validate_on_submit():
        if (copy := once.earlier_answer(form)) is not None:
            return copy
        if community.is_private:
            service.request_to_join(current_user, community, form.message.data or "")
            flash("Your request is sent. An admin will decide soon.", "success")
        else:
            service.join_community(current_user, community)
            flash(f"Welcome to {community.name}!", "success")
            # Joined from a page that asked for it (a topic, a program): back to that page.
            once.created(form, url := safe_local_path(request.args.get("next"), url_for("communities.show", slug=slug)))
            return redirect_or_hx(url)
        once.created(form, url := url_for("communities.show", slug=slug))
        return redirect_or_hx(url)
    status = 422 if form.is_submitted() else 200
    return render("communities/join.html", "form", community=community, form=form, status=status)


@login_required
def leave(slug: str):
    """Leave a community."""
    community, membership = get_member_community_or_404(slug)
    try:
        service.leave_community(membership)
    except service.CommunityError as error:
        return refuse(str(error), url_for("communities.show", slug=slug))
    flash(f"You left {community.name}.", "info")
    return redirect_or_hx(url_for("communities.index"))


@login_required
def members(slug: str):
    """The members list, admins and moderators first."""
    community, membership = get_member_community_or_404(slug)
    return _members_list(community, membership)


def _members_list(community: Community, membership: Membership):
    query = (
        select(Membership)
        .join(User)
        .where(Membership.community_id == community.id)
        .options(contains_eager(Membership.user))
        .order_by(case({"admin": 0, "moderator": 1}, value=Membership.role, else_=2), User.display_name, User.id)
    )
    page = db.paginate(query, page=page_number(), per_page=MEMBERS_PER_PAGE, error_out=False)
    return render("communities/members.html", "members", community=community, membership=membership, page=page)


@login_required
def change_role(slug: str, user_id: int):
    """Admins make members moderators or admins (or members again)."""
    community, membership = get_admin_community_or_404(slug)
    target = get_membership_or_404(community, user_id)
    form = RoleForm()
    if not form.validate_on_submit():
        abort_with(422, "Choose member, moderator or admin.")
    try:
        service.change_role(current_user, target, form.role.data)
    except service.CommunityError as error:
        return refuse(str(error), url_for("communities.members", slug=slug))
    flash(
        f"{target.user.display_name} is now {'an' if form.role.data == 'admin' else 'a'} {form.role.data}.", "success"
    )
    return _members_list(community, membership) if is_htmx() else _back_to_members(slug)


@login_required
def remove_member(slug: str, user_id: int):
    """Admins remove someone from the community."""
    community, membership = get_admin_community_or_404(slug)
    target = get_membership_or_404(community, user_id)
    name = target.user.display_name
    try:
        service.remove_member(current_user, target, request.form.get("reason", ""))
    except service.CommunityError as error:
        return refuse(str(error), url_for("communities.members", slug=slug))
    flash(f"{name} was removed from {community.name}.", "success")
    return _members_list(community, membership) if is_htmx() else _back_to_members(slug)


@login_required
def join_requests(slug: str):
    """Pending requests to join a private community."""
    community, _ = get_admin_community_or_404(slug)
    return _requests_list(community)


def _requests_list(community: Community):
    pending = db.session.scalars(
        select(JoinRequest)
        .where(JoinRequest.community_id == community.id, JoinRequest.status == "pending")
        .options(joinedload(JoinRequest.user))
        .order_by(JoinRequest.created_at)
    ).all()
    return render("communities/requests.html", "requests", community=community, pending=pending)


@login_required
def decide_request(slug: str, request_id: int):
    """Approve or decline a join request."""
    community, _ = get_admin_community_or_404(slug)
    join_request = db.session.get(JoinRequest, request_id)
    if join_request is None or join_request.community_id != community.id:
        abort(404)
    decision = request.form.get("decision")
    if decision not in ("approve", "decline"):
        abort_with(422, "Choose approve or decline.")
    try:
        service.decide_join_request(current_user, join_request, decision == "approve")
    except service.CommunityError as error:
        return refuse(str(error), url_for("communities.join_requests", slug=slug))
    flash(f"Request from {join_request.user.display_name} {decision}d.", "success")
    if is_htmx():
        return _requests_list(community)
    return redirect(url_for("communities.join_requests", slug=slug), 303)


def _back_to_members(slug: str):
    """Back to the members page the admin was on (its page number kept)."""
    return redirect(same_site_referrer(url_for("communities.members", slug=slug)), 303)
