"""The page an invitation link opens: the community, its code of conduct, and joining by the invitation."""

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from mentorship.forms.communities import InvitationJoinForm
from mentorship.permissions.communities import membership_of
from mentorship.services.communities import invitations as service
from mentorship.web.errors import abort_with
from mentorship.web.htmx import redirect_or_hx, render


def open(token: str):
    """Anyone holding the link sees the community; a logged-in adult joins by accepting its code of conduct."""
    invitation = service.usable_invitation(token)
    if invitation is None:
        abort(404)
    if (problem := service.refusal(invitation)) is not None:
        abort_with(410, problem)
    community = invitation.community
    if membership_of(current_user, community) is not None:
        flash(_("You are already a member of %(name)s.", name=community.name), "info")
        return redirect(url_for("communities.show", slug=community.slug))
    form = InvitationJoinForm()
    if current_user.is_authenticated and form.validate_on_submit():
        try:
            service.join_by_invitation(current_user, invitation)
        except service.InvitationError as error:
            abort_with(410, str(error))
        flash(_("Welcome to %(name)s!", name=community.name), "success")
        return redirect_or_hx(url_for("communities.show", slug=community.slug))
    if request.method == "POST" and not current_user.is_authenticated:
        return redirect(url_for("auth.login", next=request.path), 303)
    status = 422 if form.is_submitted() else 200
    return render("communities/invitation.html", "form", community=community, form=form, token=token, status=status)
