"""A member answers a survey of their program: one screen, answering again changes the answers."""

from flask import flash, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from mentorship.forms.outcomes import AnswerForm
from mentorship.permissions.outcomes import get_member_survey_or_404
from mentorship.permissions.space import get_mentorship_or_404
from mentorship.services.outcomes import OutcomeError
from mentorship.services.outcomes import surveys as service
from mentorship.views.space.common import space_title
from mentorship.web.htmx import redirect_or_hx, render
from mentorship.web.inputs import query_id


@login_required
def answer(mentorship_id: int, survey_id: int):
    """The survey's questions on one screen; a second answer replaces the first."""
    mentorship, _member = get_mentorship_or_404(mentorship_id)
    occasion = query_id("occasion", minimum=0) or 0
    survey = get_member_survey_or_404(mentorship, survey_id, occasion)
    mine = service.my_response(survey.id, current_user.id, occasion)
    form = AnswerForm(obj=mine)
    values, problems, status = service.answer_values(mine), {}, 200
    if form.validate_on_submit():
        answers, problems = service.parse_answers(survey, request.form)
        values = {int(k[2:]): request.form.getlist(k) for k in request.form if k.startswith("q-") and k[2:].isdigit()}
        if not problems:
            try:
                service.save_response(survey, mentorship, current_user, occasion, answers, form.show_name.data)
            except OutcomeError as error:
                problems = {0: str(error)}
            else:
                flash(_("Thank you! Your answers are saved. You can change them here at any time."), "success")
                back = url_for("outcomes.answer", mentorship_id=mentorship.id, survey_id=survey.id)
                return redirect_or_hx(back + (f"?occasion={occasion}" if occasion else ""))
    if form.is_submitted():
        status = 422
    return render(
        "outcomes/answer.html",
        "survey_form",
        status=status,
        mentorship=mentorship,
        title=space_title(mentorship, current_user.id),
        tab="goals",
        survey=survey,
        occasion=occasion,
        form=form,
        values=values,
        problems=problems,
        answered=mine is not None,
    )
