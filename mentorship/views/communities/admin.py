"""A community's admins: its settings (name, description, code of conduct, public or private) and invitations."""

from datetime import timedelta

from flask import abort, flash, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from mentorship.extensions import db
from mentorship.forms.communities import CommunitySettingsForm, InviteEmailsForm, InviteLinkForm
from mentorship.models import Community, Invitation, utcnow
from mentorship.permissions.communities import get_admin_community_or_404
from mentorship.services.communities import invitations as service
from mentorship.services.communities.membership import CommunityError
from mentorship.services.communities.settings import update_community
from mentorship.services.notify.mail import absolute
from mentorship.web.errors import refuse
from mentorship.web.htmx import redirect_or_hx, render


@login_required
def edit_settings(slug: str):
    """The community's name, description, code of conduct and privacy, for its admins."""
    community, membership = get_admin_community_or_404(slug)
    form = CommunitySettingsForm(obj=community)
    if form.validate_on_submit():
        try:
            changed = update_community(
                current_user,
                community,
                form.name.data,
                form.description.data,
                form.code_of_conduct.data,
                form.is_private.data,
            )
        except CommunityError as error:
            form.name.errors.append(str(error))
        else:
            flash(_("Settings saved.") if changed else _("Nothing had changed."), "success")
            return redirect_or_hx(url_for("communities.edit_settings", slug=community.slug))
    status = 422 if form.is_submitted() else 200
    return render(
        "communities/settings.html", "form", community=community, membership=membership, form=form, status=status
    )


@login_required
def invitations(slug: str):
    """The community's invitation links and e-mail invitations, with the two forms that make them."""
    community, membership = get_admin_community_or_404(slug)
    return _invitations_page(community, membership, InviteLinkForm(), InviteEmailsForm())


def _invitations_page(community: Community, membership, link_form, email_form, status: int = 200, block=None):
    links, mailed = service.community_invitations(community.id)
    return render(
        "communities/invitations.html",
        block,
        community=community,
        membership=membership,
        links=links,
        mailed=mailed,
        link_form=link_form,
        email_form=email_form,
        link_url=lambda invitation: absolute(url_for("invitations.open", token=invitation.token)),
        status=status,
    )


@login_required
def create_link(slug: str):
    """Make a shareable link, optionally expiring and limited in uses."""
    community, membership = get_admin_community_or_404(slug)
    form = InviteLinkForm()
    if form.validate_on_submit():
        days = int(form.expires_in.data) if form.expires_in.data else None
        expires_at = utcnow() + timedelta(days=days) if days else None
        try:
            service.create_link(current_user, community, expires_at, form.max_uses.data)
        except CommunityError as error:
            form.max_uses.errors.append(str(error))
        else:
            flash(_("A new invitation link is ready: copy it below."), "success")
            return _back(community)
    return _invitations_page(community, membership, form, InviteEmailsForm(), status=422, block="link_form")


@login_required
def invite_by_email(slug: str):
    """Invite several addresses at once; each address is invited once."""
    community, membership = get_admin_community_or_404(slug)
    form = InviteEmailsForm()
    if form.validate_on_submit():
        try:
            outcome = service.invite_addresses(current_user, community, form.addresses.data)
        except CommunityError as error:
            form.addresses.errors.append(str(error))
        else:
            _say(outcome)
            return _back(community)
    return _invitations_page(community, membership, InviteLinkForm(), form, status=422, block="email_form")


def _say(outcome: service.Invited) -> None:
    if outcome.sent:
        count = len(outcome.sent)
        flash(ngettext("%(num)d invitation sent.", "%(num)d invitations sent.", count), "success")
    if outcome.already_invited:
        addresses = ", ".join(outcome.already_invited)
        flash(_("Already invited, not written to again: %(addresses)s (use Resend).", addresses=addresses), "info")
    if outcome.already_members:
        flash(_("Already members: %(addresses)s.", addresses=", ".join(outcome.already_members)), "info")


@login_required
def resend(slug: str, invitation_id: int):
    """Send an e-mail invitation again (at most once a day, three mails in all)."""
    community, _membership = get_admin_community_or_404(slug)
    invitation = _invitation_or_404(community, invitation_id)
    try:
        service.resend(current_user, invitation)
    except CommunityError as error:
        return refuse(str(error), url_for("communities.invitations", slug=slug))
    flash(_("Sent to %(address)s again.", address=invitation.email), "success")
    return _back(community)


@login_required
def revoke(slug: str, invitation_id: int):
    """Withdraw an invitation: its link stops working at once."""
    community, _membership = get_admin_community_or_404(slug)
    invitation = _invitation_or_404(community, invitation_id)
    service.revoke(current_user, invitation)
    flash(_("Invitation withdrawn: its link no longer works."), "success")
    return _back(community)


def _invitation_or_404(community: Community, invitation_id: int) -> Invitation:
    invitation = db.session.get(Invitation, invitation_id)
    if invitation is None or invitation.community_id != community.id:
        abort(404)
    return invitation


def _back(community: Community):
    return redirect_or_hx(url_for("communities.invitations", slug=community.slug))
