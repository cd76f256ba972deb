"""Settings forms: profile, e-mail preferences, password, e-mail address, account deletion."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, PasswordField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, ValidationError

from mentorship.forms.auth import NewPasswordMixin, email_field, new_password_field, strip, timezone_choices
from mentorship.services.accounts.profile import MAX_SKILLS, PREFERENCE_LABELS, is_timezone
from mentorship.text import parse_tags


class PictureForm(FlaskForm):
    picture = FileField(
        "Profile picture",
        validators=[FileRequired(message="Choose a picture to upload.")],
        description="A JPEG, PNG, WebP or GIF up to 5 MB. We crop it square and remove its hidden details "
        "(camera, place, date).",
        render_kw={"accept": "image/jpeg,image/png,image/webp,image/gif"},
    )


class ProfileForm(FlaskForm):
    display_name = StringField(
        "Display name",
        filters=[strip],
        validators=[
            DataRequired(message="Choose a display name."),
            Length(min=2, max=60, message="Use 2 to 60 characters."),
        ],
    )
    timezone = SelectField(
        "Timezone",
        choices=timezone_choices,
        validate_choice=False,
        description="Dates and weekly check-ins are shown in this timezone.",
        render_kw={"data-guess-timezone": "1"},
    )
    skills = StringField(
        "Skills and interests",
        filters=[strip],
        description="Comma-separated tags, e.g. python, public speaking, career change. "
        "You'll hear about help requests that match them.",
    )
    bio = TextAreaField(
        "About you",
        filters=[strip],
        validators=[Length(max=2000, message="Keep it under 2,000 characters.")],
    )

    def validate_timezone(self, field):
        if not is_timezone(field.data):
            raise ValidationError("Choose your timezone from the list.")

    def validate_skills(self, field):
        tags, invalid = parse_tags(field.data or "")
        if invalid:
            raise ValidationError("Tags use letters, digits, + # . and - (up to 30 characters): " + ", ".join(invalid))
        if len(tags) > MAX_SKILLS:
            raise ValidationError(f"Choose at most {MAX_SKILLS} skills (you have {len(tags)}).")


def notifications_form(prefs: dict[str, bool]) -> FlaskForm:
    """A form with one checkbox per e-mail preference (PREFERENCE_LABELS), filled from `prefs`."""

    class NotificationsForm(FlaskForm):
        pass

    for key, (label, hint) in PREFERENCE_LABELS.items():
        setattr(NotificationsForm, key, BooleanField(label, description=hint, default=prefs.get(key, True)))
    return NotificationsForm()


class ChangePasswordForm(NewPasswordMixin, FlaskForm):
    current_password = PasswordField(
        "Current password", validators=[InputRequired(message="Enter your current password.")]
    )
    password = new_password_field("New password")
    confirm = PasswordField(
        "Repeat the new password",
        validators=[InputRequired(message="Type the new password again.")],
    )

    def validate_confirm(self, field):
        if field.data != self.password.data:
            raise ValidationError("The two new passwords differ.")


class ChangeEmailForm(FlaskForm):
    email = email_field("New e-mail address")
    # Its own id: the password form on the same page has a `password` field too, and a label points to one id.
    password = PasswordField(
        "Your password",
        id="email-password",
        validators=[InputRequired(message="Enter your password to change the address.")],
    )


class DeleteAccountForm(FlaskForm):
    password = PasswordField(
        "Type your password to confirm", validators=[InputRequired(message="Type your password to confirm.")]
    )
    erase_written = BooleanField(
        _l("Also erase what I wrote (board posts, messages, notes and comments)"),
        description=_l(
            "Without this, your posts and messages stay so conversations still make sense, signed “Deleted member”."
        ),
    )
