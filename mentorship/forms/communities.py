"""Community forms."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from mentorship.forms.auth import language_field, strip
from mentorship.forms.numbers import NumberRange
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


class JoinForm(SubmittedOnceMixin, FlaskForm):
    accept = BooleanField(_l("I have read and accept the code of conduct"))
    message = TextAreaField(_l("A note for the admins (optional)"), validators=[Length(max=1000)])

    def validate_accept(self, field):
        if not field.data:
            raise ValidationError(_("Please accept the code of conduct to join."))


ROLE_WORDS = (("member", _l("Member")), ("moderator", _l("Moderator")), ("admin", _l("Admin")))


class RoleForm(FlaskForm):
    role = SelectField(_l("Role"), choices=[SelectChoice(value, label) for value, label in ROLE_WORDS])


class CommunitySettingsForm(FlaskForm):
    """An admin edits what the community is; its address (slug) stays, so no link breaks."""

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
        filters=[strip],
        validators=[Length(max=2000, message=_l("Keep it under 2,000 characters."))],
    )
    code_of_conduct = TextAreaField(
        _l("Code of conduct"),
        filters=[strip],
        validators=[
            DataRequired(message=_l("A community needs a code of conduct: every member accepts it when joining.")),
            Length(max=5000, message=_l("Keep it under 5,000 characters.")),
        ],
        description=_l("Every member accepts it when joining. Members who joined before are not asked again."),
    )
    is_private = BooleanField(_l("Private: people ask to join and an admin approves them (or they join by invitation)"))


EXPIRY_CHOICES = [
    SelectChoice("", _l("Never")),
    SelectChoice("1", _l("After 1 day")),
    SelectChoice("7", _l("After 7 days")),
    SelectChoice("30", _l("After 30 days")),
]


class InviteLinkForm(FlaskForm):
    expires_in = SelectField(_l("The link stops working"), choices=EXPIRY_CHOICES, default="")
    max_uses = IntegerField(
        _l("How many people may join with it (optional)"),
        validators=[
            Optional(),
            NumberRange(min=1, max=10000, message=_l("Enter a number from 1 to 10,000, or leave it empty.")),
        ],
        description=_l("Leave empty for no limit."),
    )


class InviteEmailsForm(FlaskForm):
    addresses = TextAreaField(
        _l("E-mail addresses"),
        validators=[DataRequired(message=_l("Enter at least one e-mail address."))],
        description=_l("Several at once: one a line, or separated by commas. Each address is invited once."),
    )


class InvitationJoinForm(FlaskForm):
    accept = BooleanField(_l("I have read and accept the code of conduct"))

    def validate_accept(self, field):
        if not field.data:
            raise ValidationError(_("Please accept the code of conduct to join."))
