"""Community forms."""

from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, ValidationError

from mentorship.forms.auth import strip
from mentorship.forms.once import SubmittedOnceMixin


class CommunityForm(SubmittedOnceMixin, FlaskForm):
    name = StringField(
        "Name",
        filters=[strip],
        validators=[
            DataRequired(message="Give your community a name."),
            Length(min=3, max=80, message="Use 3 to 80 characters."),
        ],
    )
    description = TextAreaField(
        "What is this community about?", validators=[Length(max=2000, message="Keep it under 2,000 characters.")]
    )
    is_private = BooleanField("Private: people ask to join and an admin approves them")
    code_of_conduct = TextAreaField(
        "Code of conduct",
        validators=[Length(max=5000, message="Keep it under 5,000 characters.")],
        description="Every member accepts it when joining. Leave empty for our default.",
    )


class JoinForm(SubmittedOnceMixin, FlaskForm):
    accept = BooleanField("I have read and accept the code of conduct")
    message = TextAreaField("A note for the admins (optional)", validators=[Length(max=1000)])

    def validate_accept(self, field):
        if not field.data:
            raise ValidationError("Please accept the code of conduct to join.")


class RoleForm(FlaskForm):
    role = SelectField(
        "Role",
        choices=[
            SelectChoice("member", "Member"),
            SelectChoice("moderator", "Moderator"),
            SelectChoice("admin", "Admin"),
        ],
    )
