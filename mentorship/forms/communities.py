"""Community forms."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, ValidationError

from mentorship.forms.auth import language_field, strip
from mentorship.forms.once import SubmittedOnceMixin


class CommunityForm(SubmittedOnceMixin, FlaskForm):
    name = StringField(
        _l("Name"),
        filters=[strip],
        validators=[
            DataRequired(message=_l("Give your community a name.")),
            Length(min=3, max=80, message=_l("Use 3 to 80 characters.")),
        ],
    )
    description = TextAreaField(
        _l("What is this community about?"),
        validators=[Length(max=2000, message=_l("Keep it under 2,000 characters."))],
    )
    is_private = BooleanField(_l("Private: people ask to join and an admin approves them"))
    code_of_conduct = TextAreaField(
        _l("Code of conduct"),
        validators=[Length(max=5000, message=_l("Keep it under 5,000 characters."))],
        description=_l("Every member accepts it when joining. Leave empty for our default."),
    )
    default_locale = language_field(
        description=_l("Visitors and new members read the community in it until they choose their own.")
    )


class JoinForm(FlaskForm):
    accept = BooleanField(_l("I have read and accept the code of conduct"))
    message = TextAreaField(_l("A note for the admins (optional)"), validators=[Length(max=1000)])

    def validate_accept(self, field):
        if not field.data:
            raise ValidationError(_("Please accept the code of conduct to join."))


ROLE_WORDS = (("member", _l("Member")), ("moderator", _l("Moderator")), ("admin", _l("Admin")))


class RoleForm(FlaskForm):
    role = SelectField(_l("Role"), choices=[SelectChoice(value, label) for value, label in ROLE_WORDS])
