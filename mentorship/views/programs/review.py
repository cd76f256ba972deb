"""The admin's matching review: weights and rules, suggestions with reasons, hand pairs, the unmatched."""

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from mentorship.extensions import db
from mentorship.forms.programs import FIELD_LABELS, PairForm, WeightsForm, choices
from mentorship.models.matching import MatchSuggestion
from mentorship.permissions.programs import (
    get_admin_program_or_404,
    get_enrollment_or_404,
    get_pair_rule_or_404,
    get_suggestion_or_404,
)
from mentorship.services.matching.suggest import DEFAULT_WEIGHTS
from mentorship.services.programs import review as review_service
from mentorship.services.programs import runs as service
from mentorship.services.programs.setup import must_of, weights_of
from mentorship.web.errors import refuse
from mentorship.web.htmx import is_htmx, redirect_or_hx, render


def _weights_form(program, formdata=None) -> WeightsForm:
    form = WeightsForm(formdata=formdata) if formdata is not None else WeightsForm()
    if formdata is None:
        weights = weights_of(program)
        for name in DEFAULT_WEIGHTS:
            getattr(form, f"w_{name}").data = weights[name]
        form.must.data = sorted(must_of(program))
    return form


def _page(community, program, *, status=200, weights_form=None, pair_form=None, error=None, pair_error=None):
    review = review_service.review(program)
    pair_form = pair_form or PairForm(formdata=None)
    pair_form.mentor.choices = choices(
        [(0, "Choose a mentor")]
        + [
            (e.id, _("%(name)s (%(free)s free)", name=e.user.display_name, free=free))
            for e, free in review.free_mentors
            if not e.paused
        ]
    )
    pair_form.mentees.choices = choices((e.id, e.user.display_name) for e in review.mentees_for_hand)
    return render(
        "programs/admin/matching.html",
        status=status,
        community=community,
        program=program,
        review=review,
        weights_form=weights_form or _weights_form(program),
        pair_form=pair_form,
        field_labels=FIELD_LABELS,
        error=error,
        pair_error=pair_error,
    )


@login_required
def matching(slug: str, program_id: int):
    """Suggestions with scores and reasons, the unmatched with why, hand pairing and pair rules."""
    community, _skip, program = get_admin_program_or_404(slug, program_id)
    return _page(community, program)


def _matching_url(slug: str, program_id: int, anchor: str = "") -> str:
    return url_for("program_review.matching", slug=slug, program_id=program_id) + anchor


def _back(slug: str, program_id: int, anchor: str = ""):
    return redirect_or_hx(_matching_url(slug, program_id, anchor))


@login_required
def save_weights(slug: str, program_id: int):
    """Save the weights per field and the must rules."""
    community, _skip, program = get_admin_program_or_404(slug, program_id)
    form = _weights_form(program, request.form)
    error = None
    if form.validate_on_submit():
        weights = {name: getattr(form, f"w_{name}").data for name in DEFAULT_WEIGHTS}
        try:
            service.set_weights(program, current_user, weights, form.must.data or [])
            flash(_("Weights saved. Run matching again to use them."), "success")
            return _back(slug, program_id, "#weights")
        except service.MatchingError as refusal:
            db.session.rollback()
            error = str(refusal)
    return _page(community, program, status=422, weights_form=form, error=error or "Please correct the weights.")


@login_required
def run(slug: str, program_id: int):
    """Run the matcher over everyone approved and not yet paired."""
    _skip, _skip, program = get_admin_program_or_404(slug, program_id)
    try:
        matched = service.run_matching(program, current_user)
    except service.MatchingError as error:
        db.session.rollback()
        return refuse(str(error), _matching_url(slug, program_id))
    suggested = db.session.query(MatchSuggestion).filter_by(run_id=matched.id).count()
    flash(
        _(
            "Matching suggested %(suggested)s and left %(len)s unmatched.",
            suggested=suggested,
            len=len(matched.unmatched),
        ),
        "success",
    )
    return _back(slug, program_id)


@login_required
def accept_all(slug: str, program_id: int):
    """Accept every suggestion that still holds."""
    _skip, _skip, program = get_admin_program_or_404(slug, program_id)
    accepted, skipped = service.accept_all(program, current_user)
    flash(_("%(accepted)s paired and introduced.", accepted=accepted), "success")
    if skipped:
        flash("Skipped: " + " ".join(skipped), "error")
    return _back(slug, program_id)


def _decide(suggestion: MatchSuggestion, action: str) -> tuple[str | None, str | None]:
    """Accept or reject a suggestion: (the refusal, or None; the new mentorship's page after an accept)."""
    try:
        if action == "accept":
            mentorship = service.accept_suggestion(suggestion, current_user)
            return None, url_for("mentorships.show", mentorship_id=mentorship.id)
        service.reject_suggestion(suggestion, current_user)
    except service.MatchingError as refusal:
        db.session.rollback()
        return str(refusal), None
    return None, None


@login_required
def decide_suggestion(slug: str, program_id: int, suggestion_id: int, action: str):
    """Accept or reject one suggestion (htmx swaps its row)."""
    community, _skip, program = get_admin_program_or_404(slug, program_id)
    if action not in ("accept", "reject"):
        abort(404)
    error, link = _decide(get_suggestion_or_404(program, suggestion_id), action)
    if is_htmx():
        suggestion = db.session.get(MatchSuggestion, suggestion_id)
        people = review_service.enrollments_by_id(program)
        return render(
            "programs/admin/_suggestion.html",
            status=422 if error else 200,
            community=community,
            program=program,
            suggestion=suggestion,
            mentor=people[suggestion.mentor_enrollment_id],
            mentees=[people[i] for i in suggestion.mentee_enrollment_ids],
            error=error,
            link=link,
            field_labels=FIELD_LABELS,
        )
    flash(
        error or ("Paired and introduced." if action == "accept" else "Rejected: they won't be suggested again."),
        "error" if error else "success",
    )
    return redirect(url_for("program_review.matching", slug=slug, program_id=program_id), 303)


@login_required
def add_rule(slug: str, program_id: int):
    """Lock a pair (kept at every re-run) or forbid it (never suggested)."""
    _skip, _skip, program = get_admin_program_or_404(slug, program_id)
    mentor = get_enrollment_or_404(program, request.form.get("mentor"))
    mentee = get_enrollment_or_404(program, request.form.get("mentee"))
    decision = {"lock": "locked", "forbid": "forbidden"}.get(request.form.get("decision", ""), "")
    try:
        service.set_pair_decision(program, mentor, mentee, decision, current_user)
    except service.MatchingError as error:
        db.session.rollback()
        return refuse(str(error), _matching_url(slug, program_id, "#rules"))
    names = {"mentor": mentor.user.display_name, "mentee": mentee.user.display_name}
    if decision == "locked":
        flash(_("%(mentor)s and %(mentee)s locked: kept at every re-run.", **names), "success")
    else:
        flash(_("%(mentor)s and %(mentee)s forbidden: never suggested.", **names), "success")
    return _back(slug, program_id, "#rules")


@login_required
def remove_rule(slug: str, program_id: int, rule_id: int):
    """Undo a lock, forbid or rejection."""
    _skip, _skip, program = get_admin_program_or_404(slug, program_id)
    service.remove_pair_decision(get_pair_rule_or_404(program, rule_id))
    flash(_("Rule removed."), "info")
    return _back(slug, program_id, "#rules")


@login_required
def pair(slug: str, program_id: int):
    """Pair a mentor with a mentee (or a circle) by hand."""
    community, _skip, program = get_admin_program_or_404(slug, program_id)
    form = PairForm()
    if form.validate_on_submit():
        mentor = get_enrollment_or_404(program, form.mentor.data)
        mentees = [get_enrollment_or_404(program, i) for i in form.mentees.data]
        try:
            service.pair_by_hand(program, mentor, mentees, current_user)
            flash(_("Paired and introduced."), "success")
            return _back(slug, program_id)
        except service.MatchingError as error:
            db.session.rollback()
            return _page(community, program, status=422, pair_form=form, pair_error=str(error))
    return _page(community, program, status=422, pair_form=form, pair_error="Choose a mentor and a mentee.")
