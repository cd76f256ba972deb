"""Forms of the mentorship space."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, RadioField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError

from mentorship.forms.once import SubmittedOnceMixin
from mentorship.models.space import MAX_MESSAGE_LENGTH

RATING_CHOICES = [
    SelectChoice(1, "1 · Struggling"),
    SelectChoice(2, "2 · Not great"),
    SelectChoice(3, "3 · OK"),
    SelectChoice(4, "4 · Good"),
    SelectChoice(5, "5 · Going really well"),
]
HELPFUL_CHOICES = [
    SelectChoice(1, "1 · Not at all"),
    SelectChoice(2, "2"),
    SelectChoice(3, "3"),
    SelectChoice(4, "4"),
    SelectChoice(5, "5 · Very"),
]


class MessageForm(SubmittedOnceMixin, FlaskForm):
    body = TextAreaField(
        "Message",
        validators=[
            InputRequired(message="Write something first."),
            Length(max=MAX_MESSAGE_LENGTH, message=f"Keep a message under {MAX_MESSAGE_LENGTH:,} characters."),
        ],
        description="Markdown works: *emphasis*, **bold**, lists, [links](https://example.com) and `code`.",
    )

    def validate_body(self, field):
        if not (field.data or "").strip():
            raise ValidationError("Write something first.")


class StepDoneForm(FlaskForm):
    note = TextAreaField(
        "Note (optional)",
        validators=[Length(max=2000, message="Keep the note under 2,000 characters.")],
        description="What you did, what you learned, what's next.",
    )


MET_CHOICES = [SelectChoice("yes", _l("Yes, we met")), SelectChoice("no", _l("Not this week"))]


class CheckInForm(FlaskForm):
    rating = RadioField(
        "How is it going?", choices=RATING_CHOICES, coerce=int, validators=[InputRequired("Choose from 1 to 5.")]
    )
    note = TextAreaField("A note", validators=[Length(max=2000, message="Keep the note under 2,000 characters.")])
    next_goal = StringField(
        "Your next goal", validators=[Length(max=300, message="Keep the goal under 300 characters.")]
    )
    # Sessions: "Did you meet this week?" (templates/space/_checkin_met.html).
    met = RadioField(_l("Did you meet this week?"), choices=MET_CHOICES, validators=[Optional()], validate_choice=True)


class FeedbackForm(FlaskForm):
    helpful = RadioField(
        "How helpful was this mentorship?",
        choices=HELPFUL_CHOICES,
        coerce=int,
        validators=[InputRequired("Choose from 1 to 5.")],
    )
    would_recommend = RadioField(
        "Would you recommend the program to others?",
        choices=[SelectChoice("yes", "Yes"), SelectChoice("no", "No")],
        validators=[InputRequired("Choose yes or no.")],
    )
    comment = TextAreaField(
        "A comment for the admins (optional)",
        validators=[Length(max=2000, message="Keep the comment under 2,000 characters.")],
        description="Admins only see comments pooled with everyone else's, never next to your name.",
    )


class EndForm(FlaskForm):
    reason = TextAreaField(
        "Why is it ending?",
        validators=[
            InputRequired("Please tell the admins briefly why it is ending."),
            Length(min=3, max=2000, message="Use 3 to 2,000 characters."),
        ],
        description="Only the program admins read this; your partner is told that it ended, not why.",
    )


class ExtendForm(FlaskForm):
    weeks = IntegerField(
        "Extend by (weeks)",
        default=2,
        validators=[
            InputRequired("Enter a number of weeks from 1 to 12."),
            NumberRange(min=1, max=12, message="Extend by 1 to 12 weeks."),
        ],
    )


class UneasyForm(SubmittedOnceMixin, FlaskForm):
    text = TextAreaField(
        "What worries you?",
        validators=[
            InputRequired("Please write a few words so the admins can help."),
            Length(min=10, max=4000, message="Use 10 to 4,000 characters."),
        ],
        description="Only the community's admins read this. Your partner never sees it and isn't told.",
    )
