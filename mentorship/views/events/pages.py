"""The events list, an event's page, answering it (in place with htmx) and "Add to calendar"."""

from flask import Response, flash, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from mentorship.forms.events import AnswerForm, ButtonForm
from mentorship.models import Community, utcnow
from mentorship.permissions.communities import get_member_community_or_404
from mentorship.permissions.events import can_create_event, can_see_attendees, get_event_or_404, members_may_create
from mentorship.services.events import listing, rsvp
from mentorship.services.events.calendar import event_ics
from mentorship.services.events.hosting import EventError
from mentorship.web.errors import refuse
from mentorship.web.htmx import is_htmx, redirect_or_hx, render
from mentorship.web.inputs import page_number


def community_section(community: Community, user_id: int) -> dict:
    """What the community's front page shows of its events (the next three)."""
    return {"events_next": listing.next_events(community.id, user_id, utcnow())}


@login_required
def index(slug: str):
    """The community's events, 20 to a page: upcoming ones soonest first, or with `when=past` the past ones."""
    community, membership = get_member_community_or_404(slug)
    past = (url_when := _when()) == "past"
    page = listing.events_page(community.id, current_user.id, past, page_number(), utcnow())
    return render(
        "events/index.html",
        "events",
        community=community,
        membership=membership,
        page=page,
        when=url_when,
        answers=listing.answers_for(page.items, current_user.id),
        may_create=can_create_event(membership),
        members_create=(members_create := members_may_create(community.id)),
        settings_form=ButtonForm(members_create=members_create),
    )


def _when() -> str:
    return "past" if request.args.get("when") == "past" else "upcoming"


def _page(community, membership, event, status: int = 200, error: str = ""):
    standing = rsvp.standing_of(event, current_user.id)
    people = rsvp.attendees(event) if can_see_attendees(membership, event, standing.answer) else None
    context = {"community": community, "membership": membership, "event": event, "standing": standing}
    return render(
        "events/show.html",
        "answer",
        status=status,
        people=people,
        form=AnswerForm(answer=standing.answer),
        now=utcnow(),
        error=error,
        **context,
    )


@login_required
def show(slug: str, event_id: int):
    """An event: when and where in the viewer's zone, who is going (for attendees), and the answer buttons."""
    community, membership = get_member_community_or_404(slug)
    event = get_event_or_404(community.id, event_id, current_user.id)
    return _page(community, membership, event)


@login_required
def answer(slug: str, event_id: int):
    """Going, maybe or can't go: htmx swaps the answer box in place; a plain form goes back to the page."""
    community, membership = get_member_community_or_404(slug)
    event = get_event_or_404(community.id, event_id, current_user.id)
    back = url_for("events.show", slug=slug, event_id=event.id)
    form = AnswerForm()
    if not form.validate_on_submit():
        return _page(community, membership, event, status=422, error=_("Choose going, maybe or can't go."))
    try:
        standing = rsvp.answer_event(event, current_user, membership, form.answer.data)
    except EventError as error:
        return refuse(str(error), back)
    flash(_answered(standing), "success")
    return _page(community, membership, event) if is_htmx() else redirect_or_hx(back)


def _answered(standing: rsvp.Standing) -> str:
    if standing.answer == "going":
        return _("You're going. The invitation for your calendar is in your mail.")
    if standing.answer == "waitlist":
        return _("The event is full: you're number %(n)d on the waitlist.", n=standing.position or 1)
    if standing.answer == "maybe":
        return _("Saved: maybe.")
    return _("Saved: you can't go.")


@login_required
def download(slug: str, event_id: int):
    """'Add to calendar': the event as an .ics file."""
    community, _membership = get_member_community_or_404(slug)
    event = get_event_or_404(community.id, event_id, current_user.id)
    body = event_ics(event, utcnow(), method=None)
    disposition = f'attachment; filename="event-{event.id}.ics"'
    return Response(body, mimetype="text/calendar", headers={"Content-Disposition": disposition})
