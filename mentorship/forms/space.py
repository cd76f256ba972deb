"""Forms of the mentorship space."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, RadioField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from mentorship.forms.numbers import NumberRange
from mentorship.forms.once import SubmittedOnceMixin
from mentorship.models.space import MAX_MESSAGE_LENGTH

RATING_CHOICES = [
    SelectChoice(1, _l("1 · Struggling")),
    SelectChoice(2, _l("2 · Not great")),
    SelectChoice(3, _l("3 · OK")),
    SelectChoice(4, _l("4 · Good")),
    SelectChoice(5, _l("5 · Going really well")),
]
HELPFUL_CHOICES = [
    SelectChoice(1, _l("1 · Not at all")),
    SelectChoice(2, "2"),
    SelectChoice(3, "3"),
    SelectChoice(4, "4"),
    SelectChoice(5, _l("5 · Very")),
]


class MessageForm(SubmittedOnceMixin, FlaskForm):
    body = TextAreaField(
        _l("Message"),
        validators=[
            InputRequired(message=_l("Write something first.")),
            Length(
                max=MAX_MESSAGE_LENGTH,
                message=_l("Keep a message under %(count)s characters.", count=f"{MAX_MESSAGE_LENGTH:,}"),
            ),
        ],
        description=_l("Markdown works: *emphasis*, **bold**, lists, [links](https://example.com) and `code`."),
    )

    def validate_body(self, field):
        if not (field.data or "").strip():
            raise ValidationError(_("Write something first."))


class StepDoneForm(FlaskForm):
    note = TextAreaField(
        _l("Note (optional)"),
        validators=[Length(max=2000, message=_l("Keep the note under 2,000 characters."))],
        description=_l("What you did, what you learned, what's next."),
    )


MET_CHOICES = [SelectChoice("yes", _l("Yes, we met")), SelectChoice("no", _l("Not this week"))]


class CheckInForm(FlaskForm):
    rating = RadioField(
        _l("How is it going?"),
        choices=RATING_CHOICES,
        coerce=int,
        validators=[InputRequired(_l("Choose from 1 to 5."))],
    )
    note = TextAreaField(
        _l("A note"), validators=[Length(max=2000, message=_l("Keep the note under 2,000 characters."))]
    )
    next_goal = StringField(
        _l("Your next goal"), validators=[Length(max=300, message=_l("Keep the goal under 300 characters."))]
    )
    # Sessions: "Did you meet this week?" (templates/space/_checkin_met.html).
    met = RadioField(_l("Did you meet this week?"), choices=MET_CHOICES, validators=[Optional()], validate_choice=True)


class FeedbackForm(FlaskForm):
    helpful = RadioField(
        _l("How helpful was this mentorship?"),
        choices=HELPFUL_CHOICES,
        coerce=int,
        validators=[InputRequired(_l("Choose from 1 to 5."))],
    )
    would_recommend = RadioField(
        _l("Would you recommend the program to others?"),
        choices=[SelectChoice("yes", _l("Yes")), SelectChoice("no", _l("No"))],
        validators=[InputRequired(_l("Choose yes or no."))],
    )
    comment = TextAreaField(
        _l("A comment for the admins (optional)"),
        validators=[Length(max=2000, message=_l("Keep the comment under 2,000 characters."))],
        description=_l("Admins only see comments pooled with everyone else's, never next to your name."),
    )


class EndForm(FlaskForm):
    reason = TextAreaField(
        _l("Why is it ending?"),
        validators=[
            InputRequired(_l("Please tell the admins briefly why it is ending.")),
            Length(min=3, max=2000, message=_l("Use 3 to 2,000 characters.")),
        ],
        description=_l("Only the program admins read this; your partner is told that it ended, not why."),
    )


class ExtendForm(FlaskForm):
    weeks = IntegerField(
        _l("Extend by (weeks)"),
        default=2,
        validators=[
            InputRequired(_l("Enter a number of weeks from 1 to 12.")),
            NumberRange(min=1, max=12, message=_l("Extend by 1 to 12 weeks.")),
        ],
    )


class UneasyForm(SubmittedOnceMixin, FlaskForm):
    text = TextAreaField(
        _l("What worries you?"),
        validators=[
            InputRequired(_l("Please write a few words so the admins can help.")),
            Length(min=10, max=4000, message=_l("Use 10 to 4,000 characters.")),
        ],
        description=_l("Only the community's admins read this. Your partner never sees it and isn't told."),
    )
