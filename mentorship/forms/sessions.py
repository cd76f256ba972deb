"""Forms of a mentorship's sessions: propose or move a time, answer, write the shared note."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, RadioField, SelectField, StringField, TextAreaField, TimeField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional

from mentorship.forms.numbers import NumberRange
from mentorship.forms.once import SubmittedOnceMixin
from mentorship.services.sessions.times import MAX_MINUTES, MIN_MINUTES

PLACE_CHOICES = [
    SelectChoice("jitsi", _l("A video room the site makes (Jitsi Meet, no account needed)")),
    SelectChoice("link", _l("A video link I paste")),
    SelectChoice("phone", _l("A phone call")),
    SelectChoice("in_person", _l("In person")),
]


class TimeFields(FlaskForm):
    day = DateField(_l("Date"), validators=[InputRequired(message=_l("Pick a date."))])
    at = TimeField(_l("Start time"), validators=[InputRequired(message=_l("Pick a start time."))])
    end = TimeField(_l("End time (or give a duration)"), validators=[Optional()])
    minutes = IntegerField(
        _l("Duration in minutes"),
        validators=[
            Optional(),
            NumberRange(
                MIN_MINUTES,
                MAX_MINUTES,
                message=_l(
                    "A session lasts %(MIN_MINUTES)s to %(MAX_MINUTES)s minutes.",
                    MIN_MINUTES=MIN_MINUTES,
                    MAX_MINUTES=MAX_MINUTES,
                ),
            ),
        ],
        default=45,
    )
    zone = SelectField(
        _l("Time zone"), validators=[InputRequired(message=_l("Pick a time zone."))], validate_choice=False
    )


REPEAT_CHOICES = [
    SelectChoice("0", _l("Once")),
    SelectChoice("1", _l("Every week until the program ends")),
    SelectChoice("2", _l("Every two weeks until the program ends")),
]


class ProposeForm(SubmittedOnceMixin, TimeFields):
    repeat = SelectField(_l("Repeat"), choices=REPEAT_CHOICES, default="0", validate_choice=True)
    occurrences = IntegerField(
        _l("Number of sessions (empty: until the program ends, 26 at most)"),
        validators=[Optional(), NumberRange(2, 26, message=_l("A series has 2 to 26 sessions."))],
    )
    place_kind = RadioField(_l("Where"), choices=PLACE_CHOICES, default="jitsi", validate_choice=True)
    place = StringField(_l("Link, phone number or address"), validators=[Length(max=500)])
    agenda = TextAreaField(_l("Agenda (only the members see it)"), validators=[Length(max=4000)])


class MoveForm(TimeFields):
    pass


class NoteForm(FlaskForm):
    note = TextAreaField(_l("Shared note (only the members see it)"), validators=[Length(max=4000)])


class AnswerForm(FlaskForm):
    """Accept, decline and cancel carry nothing but the CSRF token."""
