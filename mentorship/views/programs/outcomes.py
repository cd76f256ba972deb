"""A program's surveys (the admins add, edit and remove them) and its outcome report (aggregates only)."""

from flask import abort, flash, url_for
from flask_babel import gettext as _
from flask_login import login_required

from mentorship.forms.outcomes import QuestionForm, SurveyForm, SurveySettingsForm
from mentorship.permissions.outcomes import get_admin_survey_or_404
from mentorship.permissions.programs import get_admin_program_or_404
from mentorship.services.outcomes import OutcomeError
from mentorship.services.outcomes import report as report_service
from mentorship.services.outcomes import surveys as service
from mentorship.web.downloads import csv_response
from mentorship.web.errors import refuse
from mentorship.web.htmx import redirect_or_hx, render


def _surveys_page(community, program, form, status: int = 200, error: str = ""):
    return render(
        "outcomes/admin/surveys.html",
        "new_survey",
        status=status,
        community=community,
        program=program,
        surveys=service.program_surveys(program.id),
        form=form,
        error=error,
        moments=service.MOMENT_LABELS,
    )


@login_required
def surveys(slug: str, program_id: int):
    """The program's surveys, and a new one with its first question."""
    community, _m, program = get_admin_program_or_404(slug, program_id)
    form = SurveyForm()
    if not form.is_submitted():
        return _surveys_page(community, program, form)
    if form.validate_on_submit():
        try:
            survey = service.create_survey(program, form.title.data, form.moment.data, form.intro.data, form.question())
        except OutcomeError as error:
            return _surveys_page(community, program, form, 422, str(error))
        flash(_("Survey added. Add more questions below."), "success")
        return redirect_or_hx(url_for("outcome_admin.survey", slug=slug, program_id=program.id, survey_id=survey.id))
    return _surveys_page(community, program, form, 422)


def _survey_page(community, program, survey, settings=None, question=None, status: int = 200, error: str = ""):
    return render(
        "outcomes/admin/survey.html",
        status=status,
        community=community,
        program=program,
        survey=survey,
        settings=settings or SurveySettingsForm(obj=survey),
        question_form=question or QuestionForm(),
        error=error,
        kinds=service.KIND_LABELS,
    )


@login_required
def survey(slug: str, program_id: int, survey_id: int):
    """One survey: its settings and questions."""
    community, _m, program = get_admin_program_or_404(slug, program_id)
    survey = get_admin_survey_or_404(program, survey_id)
    form = SurveySettingsForm(obj=survey)
    if form.is_submitted():
        if form.validate_on_submit():
            try:
                service.edit_survey(survey, form.title.data, form.moment.data, form.intro.data)
            except OutcomeError as error:
                return _survey_page(community, program, survey, form, status=422, error=str(error))
            flash(_("Survey saved."), "success")
            return redirect_or_hx(
                url_for("outcome_admin.survey", slug=slug, program_id=program.id, survey_id=survey.id)
            )
        return _survey_page(community, program, survey, form, status=422)
    return _survey_page(community, program, survey)


@login_required
def add_question(slug: str, program_id: int, survey_id: int):
    """Add a question to a survey."""
    community, _m, program = get_admin_program_or_404(slug, program_id)
    survey = get_admin_survey_or_404(program, survey_id)
    form = QuestionForm()
    if form.validate_on_submit():
        try:
            service.add_question(survey, form.question())
        except OutcomeError as error:
            return _survey_page(community, program, survey, question=form, status=422, error=str(error))
        flash(_("Question added."), "success")
        back = url_for("outcome_admin.survey", slug=slug, program_id=program.id, survey_id=survey.id)
        return redirect_or_hx(back + "#questions")
    return _survey_page(community, program, survey, question=form, status=422)


@login_required
def delete_question(slug: str, program_id: int, survey_id: int, question_id: int):
    """Remove a question and its answers (a survey keeps at least one)."""
    _c, _m, program = get_admin_program_or_404(slug, program_id)
    survey = get_admin_survey_or_404(program, survey_id)
    question = next((q for q in survey.questions if q.id == question_id), None) or abort(404)
    back = url_for("outcome_admin.survey", slug=slug, program_id=program.id, survey_id=survey.id)
    try:
        service.delete_question(survey, question)
    except OutcomeError as error:
        return refuse(str(error), back)
    flash(_("Question removed."), "info")
    return redirect_or_hx(back + "#questions")


@login_required
def delete_survey(slug: str, program_id: int, survey_id: int):
    """Remove a survey with its answers."""
    _c, _m, program = get_admin_program_or_404(slug, program_id)
    service.delete_survey(get_admin_survey_or_404(program, survey_id))
    flash(_("Survey removed."), "info")
    return redirect_or_hx(url_for("outcome_admin.surveys", slug=slug, program_id=program.id))


@login_required
def report(slug: str, program_id: int):
    """The outcome report: answers in aggregate, before and after, goals, sessions and weeks."""
    community, _m, program = get_admin_program_or_404(slug, program_id)
    return render(
        "outcomes/admin/report.html",
        community=community,
        program=program,
        report=report_service.program_report(program.id),
        min_people=report_service.MIN_PEOPLE,
    )


@login_required
def report_csv(slug: str, program_id: int, key: str):
    """One table of the report as CSV; a figure from fewer than 5 people stays hidden."""
    _c, _m, program = get_admin_program_or_404(slug, program_id)
    table = report_service.program_report(program.id)["tables"].get(key) or abort(404)
    return csv_response(table.columns, table.csv_rows(), f"program-{program.id}-outcomes-{key}.csv")
