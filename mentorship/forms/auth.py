"""Sign-up, log-in and password forms."""

from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, EmailField, PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, EqualTo, InputRequired, Length, ValidationError

from mentorship.services.accounts.passwords import MAX_LENGTH, MIN_LENGTH, password_problem
from mentorship.services.accounts.profile import grouped_timezones


def timezone_choices() -> list[SelectChoice]:
    """Every zone for a <select>, in <optgroup>s by region, labelled by city and offset."""
    return [
        SelectChoice(name, label, optgroup=region)
        for region, zones in grouped_timezones().items()
        for name, label in zones
    ]


def strip(value):
    return value.strip() if isinstance(value, str) else value


def email_field(label: str = "E-mail", **kwargs) -> EmailField:
    return EmailField(
        label,
        filters=[strip],
        validators=[
            InputRequired(message="Enter your e-mail address."),
            Email(message="Enter a valid e-mail address, like name@example.com."),
            Length(max=254, message="That address is too long."),
        ],
        **kwargs,
    )


def new_password_field(label: str) -> PasswordField:
    return PasswordField(
        label,
        validators=[
            InputRequired(message="Choose a password."),
            Length(max=MAX_LENGTH, message=f"Use at most {MAX_LENGTH} characters."),
        ],
        description=f"At least {MIN_LENGTH} characters. Long passphrases are welcome; very common passwords are not.",
    )


class NewPasswordMixin:
    """Refuse short, overlong and common passwords, and the account's own e-mail address."""

    account_email = ""

    def validate_password(self, field):
        email = self.email.data if hasattr(self, "email") else self.account_email
        problem = password_problem(field.data or "", email or "")
        if problem:
            raise ValidationError(problem)


class SignupForm(NewPasswordMixin, FlaskForm):
    email = email_field()
    display_name = StringField(
        "Display name",
        filters=[strip],
        validators=[
            DataRequired(message="Choose a display name."),
            Length(min=2, max=60, message="Use 2 to 60 characters."),
        ],
        description="Shown to other members. You can change it later.",
    )
    password = new_password_field("Password")
    date_of_birth = DateField(
        "Date of birth",
        validators=[InputRequired(message="Enter your date of birth.")],
        description="Only adults (18 or older) can join. We never show your birth date.",
    )
    # A plain select (with JavaScript the browser's own zone is chosen for you): without it the zone can't silently
    # stay UTC. Labelled by city and offset, sorted by region.
    timezone = SelectField(
        "Time zone",
        choices=lambda: timezone_choices(),
        default="UTC",
        validate_choice=False,  # an unknown zone (a stale browser's guess) falls back to UTC in the service
        description="Weekly check-ins and times are shown in this zone. Type your city's first letters to find it.",
        render_kw={"data-guess-timezone": "1"},
    )


class LoginForm(FlaskForm):
    email = EmailField(
        "E-mail", filters=[strip], validators=[InputRequired(message="Enter your e-mail address."), Length(max=254)]
    )
    password = PasswordField("Password", validators=[InputRequired(message="Enter your password."), Length(max=1024)])
    remember = BooleanField("Remember me on this device for 30 days")


class ForgotPasswordForm(FlaskForm):
    email = email_field()


class ResetPasswordForm(NewPasswordMixin, FlaskForm):
    password = new_password_field("New password")
    confirm = PasswordField(
        "Repeat the new password",
        validators=[
            InputRequired(message="Type the new password again."),
            EqualTo("password", message="The two passwords differ."),
        ],
    )
