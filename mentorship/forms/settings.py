"""Settings forms."""

from zoneinfo import available_timezones

from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, ValidationError

from ..services.text import MAX_TAGS, parse_tags

TIMEZONES = sorted(available_timezones() - {"localtime", "Factory"})


class ProfileForm(FlaskForm):
    display_name = StringField(
        "Display name", validators=[InputRequired(), Length(min=2, max=60, message="Use 2 to 60 characters.")]
    )
    timezone = SelectField("Timezone", choices=[(tz, tz.replace("_", " ")) for tz in TIMEZONES])
    skills = StringField(
        "Skills and interests",
        description="Comma-separated tags, e.g. python, public speaking, career change. "
        "You'll hear about help requests that match them.",
    )
    bio = TextAreaField("About you", validators=[Length(max=2000, message="Keep it under 2,000 characters.")])

    def validate_skills(self, field):
        tags, invalid = parse_tags(field.data or "")
        if invalid:
            raise ValidationError("Tags use letters, digits, + # . and - (up to 30 characters): " + ", ".join(invalid))
        if len(tags) > MAX_TAGS * 2:
            raise ValidationError(f"Choose at most {MAX_TAGS * 2} skills.")
