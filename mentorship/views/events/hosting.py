"""Create, change and cancel an event; the admins' setting that lets members create them."""

from flask import abort, flash, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from mentorship.dates import zone_of
from mentorship.forms.events import ButtonForm, EventForm
from mentorship.forms.settings import timezone_choices
from mentorship.models import Community, CommunityEvent
from mentorship.permissions.communities import get_admin_community_or_404, get_member_community_or_404
from mentorship.permissions.events import can_edit_event, create_refusal, get_circle_or_404, get_event_or_404
from mentorship.services.events import hosting
from mentorship.services.sessions.times import TimeError, local_to_utc
from mentorship.web.errors import refuse
from mentorship.web.htmx import redirect_or_hx, render
from mentorship.web.inputs import query_id


def _with_zones(form: EventForm) -> EventForm:
    form.zone.choices = timezone_choices()
    if not form.zone.data:
        form.zone.data = current_user.timezone or "UTC"
    return form


def _draft(form: EventForm) -> hosting.Draft:
    """What the form says, the start read into UTC from the zone picked (TimeError for a DST gap or fold)."""
    return hosting.Draft(
        title=form.title.data,
        description=form.description.data,
        starts_at=local_to_utc(form.day.data, form.at.data, form.zone.data),
        minutes=form.minutes.data,
        zone=form.zone.data,
        place_kind=form.place_kind.data,
        place=form.place.data,
        capacity=form.capacity.data,
        with_topic=bool(form.with_topic.data),
    )


def _form_page(community: Community, form: EventForm, event: CommunityEvent | None, circle, error: str = ""):
    status = 422 if form.is_submitted() else 200
    context = {"community": community, "form": form, "event": event, "circle": circle, "error": error}
    return render("events/form.html", "form", status=status, **context)


@login_required
def create(slug: str):
    """A new event of the community, or (?circle=<id>) of one circle by its mentor."""
    community, membership = get_member_community_or_404(slug)
    circle = get_circle_or_404(community.id, query_id("circle"), current_user.id)
    refusal = create_refusal(membership, circle)
    if refusal:
        abort(403, description=refusal)
    form = _with_zones(EventForm())
    error = ""
    if form.validate_on_submit():
        try:
            event = hosting.create_event(membership, current_user, _draft(form), circle)
        except (TimeError, hosting.EventError) as exc:
            error = str(exc)
        else:
            flash(_("The event is up. Members can answer it now."), "success")
            return redirect_or_hx(url_for("events.show", slug=slug, event_id=event.id))
    elif form.is_submitted():
        error = _("Check the fields marked below.")
    return _form_page(community, form, None, circle, error)


@login_required
def edit(slug: str, event_id: int):
    """Change an event; everyone going gets the update for their calendar."""
    community, membership = get_member_community_or_404(slug)
    event = get_event_or_404(community.id, event_id, current_user.id)
    if not can_edit_event(membership, event):
        abort(403, description=_("Only the organiser or an admin can change this event."))
    form = _with_zones(EventForm() if _posted() else _filled(event))
    error = ""
    if form.validate_on_submit():
        try:
            moved = hosting.edit_event(event, membership, _draft(form))
        except (TimeError, hosting.EventError) as exc:
            error = str(exc)
        else:
            flash(_("Saved. Everyone going has the new time.") if moved else _("Saved."), "success")
            return redirect_or_hx(url_for("events.show", slug=slug, event_id=event.id))
    elif form.is_submitted():
        error = _("Check the fields marked below.")
    return _form_page(community, form, event, event.mentorship, error)


def _filled(event: CommunityEvent) -> EventForm:
    local = event.starts_at.astimezone(zone_of(event.zone))
    return EventForm(
        formdata=None,
        title=event.title,
        description=event.description,
        day=local.date(),
        at=local.time(),
        minutes=event.minutes,
        zone=event.zone,
        place_kind=event.place_kind,
        place=event.place,
        capacity=event.capacity,
    )


@login_required
def cancel(slug: str, event_id: int):
    """Call the event off (everyone going gets a cancellation for their calendar)."""
    community, membership = get_member_community_or_404(slug)
    event = get_event_or_404(community.id, event_id, current_user.id)
    back = url_for("events.show", slug=slug, event_id=event.id)
    if not ButtonForm().validate_on_submit():
        return refuse(_("The form expired; please try again."), back)
    try:
        hosting.cancel_event(event, membership)
    except hosting.EventError as error:
        return refuse(str(error), back)
    flash(_("The event is cancelled; everyone who answered was told."), "success")
    return redirect_or_hx(back)


@login_required
def settings(slug: str):
    """The admins' setting: may members create events?"""
    community, _membership = get_admin_community_or_404(slug)
    form = ButtonForm()
    back = url_for("events.index", slug=slug)
    if not form.validate_on_submit():
        return refuse(_("The form expired; please try again."), back)
    hosting.set_members_create(community.id, bool(form.members_create.data))
    flash(_("Members can now create events.") if form.members_create.data else _("Only admins create events now."))
    return redirect_or_hx(back)


def _posted() -> bool:
    return request.method == "POST"
