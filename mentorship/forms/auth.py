"""Sign-up, log-in and password forms."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, EmailField, PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, EqualTo, InputRequired, Length, ValidationError

from mentorship.languages import LANGUAGES
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


def language_field(**kwargs) -> SelectField:
    """The shipped languages, each in its own name (what a person looks for in a language menu)."""
    # Not required: a client that leaves it out keeps the language the page is in (the service checks the code).
    return SelectField(
        _l("Language"),
        choices=[SelectChoice(code, name, render_kw={"lang": code}) for code, name in LANGUAGES.items()],
        validate_choice=False,
        description=kwargs.pop("description", _l("Pages and e-mails are written in this language.")),
        **kwargs,
    )


def email_field(label=None, **kwargs) -> EmailField:
    return EmailField(
        label or _l("E-mail"),
        filters=[strip],
        validators=[
            InputRequired(message=_l("Enter your e-mail address.")),
            Email(message=_l("Enter a valid e-mail address, like name@example.com.")),
            Length(max=254, message=_l("That address is too long.")),
        ],
        **kwargs,
    )


def new_password_field(label: str) -> PasswordField:
    return PasswordField(
        label,
        validators=[
            InputRequired(message=_l("Choose a password.")),
            Length(max=MAX_LENGTH, message=_l("Use at most %(MAX_LENGTH)s characters.", MAX_LENGTH=MAX_LENGTH)),
        ],
        description=_l(
            "At least %(count)s characters. Long passphrases are welcome; very common passwords are not.",
            count=MIN_LENGTH,
        ),
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
        _l("Display name"),
        filters=[strip],
        validators=[
            DataRequired(message=_l("Choose a display name.")),
            Length(min=2, max=60, message=_l("Use 2 to 60 characters.")),
        ],
        description=_l("Shown to other members. You can change it later."),
    )
    password = new_password_field(_l("Password"))
    date_of_birth = DateField(
        _l("Date of birth"),
        validators=[InputRequired(message=_l("Enter your date of birth."))],
        description=_l("Only adults (18 or older) can join. We never show your birth date."),
    )
    # A plain select (with JavaScript the browser's own zone is chosen for you): without it the zone can't silently
    # stay UTC. Labelled by city and offset, sorted by region.
    timezone = SelectField(
        _l("Time zone"),
        choices=lambda: timezone_choices(),
        default="UTC",
        validate_choice=False,  # an unknown zone (a stale browser's guess) falls back to UTC in the service
        description=_l("Weekly check-ins and times are shown in this zone. Type your city's first letters to find it."),
        render_kw={"data-guess-timezone": "1"},
    )
    locale = language_field(description=_l("Guessed from your browser: change it here if it is wrong."))


class LoginForm(FlaskForm):
    email = EmailField(
        _l("E-mail"),
        filters=[strip],
        validators=[InputRequired(message=_l("Enter your e-mail address.")), Length(max=254)],
    )
    password = PasswordField(
        _l("Password"), validators=[InputRequired(message=_l("Enter your password.")), Length(max=1024)]
    )
    remember = BooleanField(_l("Remember me on this device for 30 days"))


class ForgotPasswordForm(FlaskForm):
    email = email_field()


class ResetPasswordForm(NewPasswordMixin, FlaskForm):
    password = new_password_field(_l("New password"))
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[
            InputRequired(message=_l("Type the new password again.")),
            EqualTo("password", message=_l("The two passwords differ.")),
        ],
    )
