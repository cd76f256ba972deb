"""Forms of outcomes: goals and milestones, the summary's own words, surveys and their questions, answers.

The rules (at most 5 goals, a target date on or after the start, a survey's first question, the scales) are
the services' (services/outcomes/); these forms carry the fields, CSRF and the user's input back on an error."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from mentorship.models.outcomes import QuestionKind, SurveyMoment
from mentorship.services.outcomes.surveys import KIND_LABELS, MOMENT_LABELS


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class GoalForm(FlaskForm):
    title = StringField(
        _l("Goal"),
        filters=[_strip],
        validators=[DataRequired(_l("Write the goal in a few words.")), Length(max=200)],
        description=_l("What you want to reach, in a few words."),
    )
    success = TextAreaField(
        _l("What success looks like"),
        validators=[Length(max=1000, message=_l("Keep what success looks like under 1,000 characters."))],
        description=_l("How will you both know it is reached?"),
    )
    target_date = DateField(
        _l("Target date (optional)"),
        validators=[Optional()],
        description=_l("On or after the start of the program."),
    )
    owner = SelectField(_l("Whose goal"), default="shared", validate_choice=False)


class MilestoneForm(FlaskForm):
    title = StringField(
        _l("New milestone"),
        filters=[_strip],
        validators=[DataRequired(_l("Write the milestone in a few words.")), Length(max=200)],
    )


class WordsForm(FlaskForm):
    text = TextAreaField(
        _l("In your own words (optional)"),
        validators=[Length(max=2000, message=_l("Keep your words under 2,000 characters."))],
        description=_l("What changed for you? Your partner sees this; admins never do."),
    )
    on_link = BooleanField(_l("Show my words on shared links"))


def _moments():
    return [SelectChoice(m.value, MOMENT_LABELS[m.value]) for m in SurveyMoment]


def _kinds():
    return [SelectChoice(k.value, KIND_LABELS[k.value]) for k in QuestionKind]


class QuestionForm(FlaskForm):
    kind = SelectField(_l("Kind of question"), choices=_kinds, default="rating")
    text = StringField(_l("Question"), validators=[Length(max=300)])
    choices = TextAreaField(_l("Choices (one per line)"), description=_l("For one or several choices: 2 to 10 lines."))
    measure = StringField(
        _l("Measure (optional)"),
        validators=[Length(max=40)],
        description=_l(
            "For a rating asked at the start and the end: the same short name in both (like “confidence”) "
            "shows the change in the report."
        ),
    )
    admins_read = BooleanField(
        _l("Pass the answers on to the admins"),
        description=_l("For short text: the survey says so above the question; names only if the person agrees."),
    )

    def question(self) -> dict:
        return {
            "kind": self.kind.data,
            "text": self.text.data or "",
            "choices": [c.strip() for c in (self.choices.data or "").splitlines() if c.strip()],
            "measure": (self.measure.data or "").strip(),
            "admins_read": bool(self.admins_read.data),
        }


class SurveyForm(QuestionForm):
    title = StringField(_l("Survey title"), validators=[Length(max=120)])
    moment = SelectField(_l("When it arrives"), choices=_moments, default="start")
    intro = TextAreaField(_l("A line above the questions (optional)"), validators=[Length(max=1000)])


class SurveySettingsForm(FlaskForm):
    title = StringField(_l("Survey title"), validators=[Length(max=120)])
    moment = SelectField(_l("When it arrives"), choices=_moments, default="start")
    intro = TextAreaField(_l("A line above the questions (optional)"), validators=[Length(max=1000)])


class AnswerForm(FlaskForm):
    """The survey's questions are read from the request (q-<id>); this form carries CSRF and "show my name"."""

    show_name = BooleanField(_l("Show my name next to my written answers"))
