"""Forms of a community's events: create or change one, answer it, and the admins' setting."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from mentorship.forms.numbers import NumberRange
from mentorship.services.events.hosting import MAX_CAPACITY, MAX_DESCRIPTION, MAX_PLACE, MAX_TITLE
from mentorship.services.sessions.times import MAX_MINUTES, MIN_MINUTES

PLACE_CHOICES = [
    SelectChoice("link", _l("Online: a link people open")),
    SelectChoice("address", _l("In a room: an address")),
]
ANSWER_CHOICES = [
    SelectChoice("going", _l("Going")),
    SelectChoice("maybe", _l("Maybe")),
    SelectChoice("cant", _l("Can't go")),
]


class EventForm(FlaskForm):
    title = StringField(
        _l("Title"), validators=[DataRequired(message=_l("Give the event a title.")), Length(max=MAX_TITLE)]
    )
    description = TextAreaField(_l("Description"), validators=[Length(max=MAX_DESCRIPTION)])
    day = DateField(_l("Date"), validators=[InputRequired(message=_l("Pick a date."))])
    at = TimeField(_l("Start time"), validators=[InputRequired(message=_l("Pick a start time."))])
    minutes = IntegerField(
        _l("Duration in minutes"),
        validators=[
            InputRequired(message=_l("Say how long the event lasts.")),
            NumberRange(MIN_MINUTES, MAX_MINUTES, message=_l("An event lasts 15 to 120 minutes.")),
        ],
        default=60,
    )
    zone = SelectField(
        _l("Time zone"), validators=[InputRequired(message=_l("Pick a time zone."))], validate_choice=False
    )
    place_kind = RadioField(_l("Where"), choices=PLACE_CHOICES, default="link", validate_choice=True)
    place = StringField(_l("Link or address"), validators=[Length(max=MAX_PLACE)])
    capacity = IntegerField(
        _l("Capacity (leave empty for no limit)"),
        validators=[Optional(), NumberRange(1, MAX_CAPACITY, message=_l("Capacity is 1 to 10000 people."))],
    )
    with_topic = BooleanField(_l("Open a board topic for discussion"))


class AnswerForm(FlaskForm):
    answer = RadioField(_l("Your answer"), choices=ANSWER_CHOICES, validate_choice=True)


class ButtonForm(FlaskForm):
    """Cancel and the admins' setting carry nothing but the CSRF token (and a checkbox)."""

    members_create = BooleanField(_l("Members may create events"))
