"""Forms of a mentorship's sessions: propose or move a time, answer, write the shared note."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, RadioField, SelectField, StringField, TextAreaField, TimeField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from mentorship.forms.once import SubmittedOnceMixin
from mentorship.services.sessions.times import MAX_MINUTES, MIN_MINUTES

PLACE_CHOICES = [
    SelectChoice("jitsi", "A video room the site makes (Jitsi Meet, no account needed)"),
    SelectChoice("link", "A video link I paste"),
    SelectChoice("phone", "A phone call"),
    SelectChoice("in_person", "In person"),
]


class TimeFields(FlaskForm):
    day = DateField("Date", validators=[InputRequired(message="Pick a date.")])
    at = TimeField("Start time", validators=[InputRequired(message="Pick a start time.")])
    end = TimeField("End time (or give a duration)", validators=[Optional()])
    minutes = IntegerField(
        "Duration in minutes",
        validators=[
            Optional(),
            NumberRange(MIN_MINUTES, MAX_MINUTES, message=f"A session lasts {MIN_MINUTES} to {MAX_MINUTES} minutes."),
        ],
        default=45,
    )
    zone = SelectField("Time zone", validators=[InputRequired(message="Pick a time zone.")], validate_choice=False)


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
    place_kind = RadioField("Where", choices=PLACE_CHOICES, default="jitsi", validate_choice=True)
    place = StringField("Link, phone number or address", validators=[Length(max=500)])
    agenda = TextAreaField("Agenda (only the members see it)", validators=[Length(max=4000)])


class MoveForm(TimeFields):
    pass


class NoteForm(FlaskForm):
    note = TextAreaField("Shared note (only the members see it)", validators=[Length(max=4000)])


class AnswerForm(FlaskForm):
    """Accept, decline and cancel carry nothing but the CSRF token."""
