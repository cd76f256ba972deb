"""Sign-up, log-in and password forms."""

from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, EmailField, HiddenField, PasswordField, StringField
from wtforms.validators import Email, EqualTo, InputRequired, Length, ValidationError

from ..services.passwords import MAX_LENGTH, password_problem


class NewPasswordMixin:
    def validate_password(self, field):
        email = self.email.data if hasattr(self, "email") else ""
        problem = password_problem(field.data or "", email or "")
        if problem:
            raise ValidationError(problem)


class SignupForm(NewPasswordMixin, FlaskForm):
    email = EmailField(
        "E-mail", validators=[InputRequired(), Email(message="Enter a valid e-mail address."), Length(max=254)]
    )
    display_name = StringField(
        "Display name", validators=[InputRequired(), Length(min=2, max=60, message="Use 2 to 60 characters.")]
    )
    password = PasswordField(
        "Password",
        validators=[InputRequired(), Length(max=MAX_LENGTH)],
        description="At least 8 characters. Long passphrases are welcome.",
    )
    date_of_birth = DateField(
        "Date of birth",
        validators=[InputRequired(message="Enter your date of birth.")],
        description="Only adults (18 or older) can join. We never show your birth date.",
    )
    timezone = HiddenField("Timezone", default="UTC")


class LoginForm(FlaskForm):
    email = EmailField("E-mail", validators=[InputRequired(), Length(max=254)])
    password = PasswordField("Password", validators=[InputRequired(), Length(max=MAX_LENGTH)])
    remember = BooleanField("Remember me for 30 days")


class ForgotPasswordForm(FlaskForm):
    email = EmailField("E-mail", validators=[InputRequired(), Email(message="Enter a valid e-mail address.")])


class ResetPasswordForm(NewPasswordMixin, FlaskForm):
    password = PasswordField("New password", validators=[InputRequired(), Length(max=MAX_LENGTH)])
    confirm = PasswordField(
        "Repeat the new password",
        validators=[InputRequired(), EqualTo("password", message="The two passwords differ.")],
    )
