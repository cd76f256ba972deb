"""Program forms: admin settings, steps, import; member sign-up; matching controls; mentor requests."""

from zoneinfo import available_timezones

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from mentorship.forms.once import SubmittedOnceMixin
from mentorship.models.program import WEEKDAYS
from mentorship.services.matching.suggest import DEFAULT_WEIGHTS
from mentorship.services.programs.enrollments import AVAILABILITY_SLOTS, MAX_CAPACITY
from mentorship.services.programs.setup import (
    BUILT_IN_TEMPLATES,
    LIMITS,
    MAX_CIRCLE,
    MAX_IMPORT_BYTES,
    MAX_QUESTIONS,
    MAX_WEEKS,
    MIN_CIRCLE,
)
from mentorship.text import MAX_TAGS, parse_tags

TIMEZONES = sorted(available_timezones() - {"localtime", "Factory"})
_TIMEZONE_SET = frozenset(TIMEZONES)


def choices(pairs) -> list[SelectChoice]:
    """(value, label) pairs as WTForms choices."""
    return [SelectChoice(value, label) for value, label in pairs]


FORMAT_CHOICES = [
    ("one_to_one", _l("One-to-one")),
    ("group", _l("Group circles")),
    ("reverse", _l("Reverse mentorship")),
]
MODE_CHOICES = [
    ("suggested", _l("Suggested: the matcher proposes pairs, an admin accepts them")),
    ("admin", _l("Admin: admins pair people by hand (the matcher can still help)")),
    ("mentee_choice", _l("Mentee choice: mentees request a mentor from a directory")),
]
FIELD_LABELS = {
    "topics": _l("Shared topics"),
    "goals": _l("Goals in common"),
    "timezone": _l("Close time zones"),
    "availability": _l("Shared free time"),
    "experience": _l("Experience fit"),
    "language": _l("Shared language"),
}


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def whole_number(low: int, high: int, when=None):
    """Validator that turns the text into an int from low to high (or says so in words)."""

    def check(form, field):
        if when is not None and not when(form):
            field.data = None
            return
        text = str(field.data if field.data is not None else "").strip()
        try:
            value = int(text)
        except ValueError:
            value = None
        if value is None or not low <= value <= high:
            field.data = text
            raise ValidationError(_("Enter a whole number from %(low)s to %(high)s.", low=low, high=high))
        field.data = value

    return check


def _whole(label: str, low: int, high: int, **kwargs) -> StringField:
    return StringField(label, validators=[whole_number(low, high)], render_kw={"inputmode": "numeric"}, **kwargs)


class NewProgramForm(SubmittedOnceMixin, FlaskForm):
    template = RadioField(_l("Start from"), choices=choices((key, key) for key in BUILT_IN_TEMPLATES))
    title = StringField(
        _l("Title (optional)"),
        validators=[
            Length(max=LIMITS["title"], message=_l("Use at most %(LIMITS)s characters.", LIMITS=LIMITS["title"]))
        ],
        description=_l("Leave empty to use the template's title."),
    )

    def validate_template(self, field):
        if field.data not in BUILT_IN_TEMPLATES:
            raise ValidationError(_("Choose a template to start from."))


class ImportForm(SubmittedOnceMixin, FlaskForm):
    file = FileField(_l("Program file (.json)"))
    text = TextAreaField(_l("…or paste the file's contents"))

    def read(self) -> str | bytes:
        """The uploaded file's bytes, else the pasted text."""
        upload = self.file.data
        if upload is not None and getattr(upload, "filename", ""):
            return upload.read(MAX_IMPORT_BYTES + 1)
        return self.text.data or ""

    def validate_text(self, field):
        upload = self.file.data
        if not (upload is not None and getattr(upload, "filename", "")) and not (field.data or "").strip():
            raise ValidationError(_("Choose a file or paste its contents."))


class ProgramForm(FlaskForm):
    title = StringField(
        _l("Title"),
        validators=[
            InputRequired(_l("Give the program a title.")),
            Length(min=3, max=LIMITS["title"], message=_l("Use 3 to %(LIMITS)s characters.", LIMITS=LIMITS["title"])),
        ],
    )
    description = TextAreaField(
        _l("Description"),
        validators=[
            Length(
                max=LIMITS["description"],
                message=_l("Keep it under %(description)s characters.", description=LIMITS["description"]),
            )
        ],
        description=_l("What members sign up for: who it's for, how much time it takes, what they'll get out of it."),
    )
    format = SelectField(_l("Format"), choices=choices(FORMAT_CHOICES))
    weeks = _whole(
        _l("Weeks"), 1, MAX_WEEKS, description=_l("New weeks get an empty step to write; later weeks are removed.")
    )
    matching_mode = SelectField(_l("How people are paired"), choices=choices(MODE_CHOICES))
    default_capacity = _whole(
        _l("Default mentor capacity"),
        1,
        MAX_CAPACITY,
        description=_l("How many mentees (or circles) a mentor takes on."),
    )
    circle_size = _whole(
        _l("Circle size"), MIN_CIRCLE, MAX_CIRCLE, description=_l("Mentees per circle (group programs).")
    )
    checkin_weekday = SelectField(_l("Check-in day"), choices=choices(enumerate(WEEKDAYS)), coerce=int)
    signup_questions = TextAreaField(
        _l("Sign-up questions"),
        description=_l(
            "One question per line, up to %(count)s. Everyone who signs up answers them.", count=MAX_QUESTIONS
        ),
    )
    mentor_label = StringField(_l("Name for mentors"), validators=[Length(max=60)])
    mentor_help = TextAreaField(_l("What mentors do"), validators=[Length(max=500)])
    mentee_label = StringField(_l("Name for mentees"), validators=[Length(max=60)])
    mentee_help = TextAreaField(_l("What mentees do"), validators=[Length(max=500)])

    def questions(self) -> list[str]:
        data = self.signup_questions.data or ""
        lines = data if isinstance(data, list) else data.splitlines()
        return [line.strip() for line in lines if line.strip()]

    def validate_signup_questions(self, field):
        questions = self.questions()
        if len(questions) > MAX_QUESTIONS:
            raise ValidationError(_("Ask at most %(MAX_QUESTIONS)s questions.", MAX_QUESTIONS=MAX_QUESTIONS))
        if any(len(q) > LIMITS["question"] for q in questions):
            raise ValidationError(_("Keep each question under %(question)s characters.", question=LIMITS["question"]))


class StepForm(FlaskForm):
    title = StringField(
        _l("Title"),
        validators=[
            InputRequired(_l("Every week needs a title.")),
            Length(
                max=LIMITS["step_title"],
                message=_l("Use at most %(step_title)s characters.", step_title=LIMITS["step_title"]),
            ),
        ],
    )
    guidance = TextAreaField(
        _l("Guidance"),
        validators=[
            InputRequired(_l("Write some guidance for this week.")),
            Length(
                max=LIMITS["guidance"],
                message=_l("Keep it under %(guidance)s characters.", guidance=LIMITS["guidance"]),
            ),
        ],
    )
    activity = TextAreaField(
        _l("Suggested activity"),
        default="",  # optional: a post without the field saves no activity (it is None otherwise)
        validators=[
            Length(
                max=LIMITS["activity"],
                message=_l("Keep it under %(activity)s characters.", activity=LIMITS["activity"]),
            )
        ],
    )


def _tags_validator(required: bool, missing=None):
    def check(form, field):
        tags, invalid = parse_tags(field.data or "")
        if invalid:
            raise ValidationError(
                _("Tags use letters, digits, + # . and - (up to 30 characters): ") + ", ".join(invalid)
            )
        if required and not tags:
            raise ValidationError(str(missing))
        if len(tags) > MAX_TAGS:
            raise ValidationError(_("Choose at most %(MAX_TAGS)s.", MAX_TAGS=MAX_TAGS))

    return check


class SignupForm(SubmittedOnceMixin, FlaskForm):
    role = RadioField(_l("I'd like to join as"), choices=choices([("mentor", "Mentor"), ("mentee", "Mentee")]))
    goals = TextAreaField(
        _l("Your goals"),
        validators=[
            InputRequired(_l("Tell us your goals: they are how we find you a good match.")),
            Length(min=10, max=2000, message=_l("Write 10 to 2,000 characters.")),
        ],
    )
    topics = StringField(
        _l("Topics"),
        validators=[_tags_validator(True, _l("Add at least one topic."))],
        description=_l("Comma-separated, e.g. python, career change, public speaking."),
    )
    experience_years = _whole(_l("Years of experience in these topics"), 0, 60)
    availability = MultiCheckboxField(
        _l("When you're usually free"), choices=choices((s, s) for s in AVAILABILITY_SLOTS)
    )
    timezone = SelectField(
        _l("Your timezone"), choices=choices((tz, tz.replace("_", " ")) for tz in TIMEZONES), validate_choice=False
    )
    languages = StringField(
        _l("Languages you can mentor or learn in"),
        validators=[_tags_validator(False)],
        description=_l("Optional, comma-separated, e.g. english, spanish."),
    )
    capacity = StringField(
        _l("How many mentees can you take on?"),
        validators=[whole_number(1, MAX_CAPACITY, when=lambda form: form.role.data == "mentor")],
        render_kw={"inputmode": "numeric"},
        description=_l("Mentors only: 1 to %(count)s.", count=MAX_CAPACITY),
    )

    def validate_role(self, field):
        if field.data not in ("mentor", "mentee"):
            raise ValidationError(_("Choose mentor or mentee."))

    def validate_timezone(self, field):
        if field.data not in _TIMEZONE_SET:
            raise ValidationError(_("Choose a timezone from the list, e.g. Europe/Paris."))

    def validate_availability(self, field):
        if not field.data:
            raise ValidationError(_("Tick at least one time you're usually free."))

    def answer_fields(self):
        return [getattr(self, name) for name in sorted(n for n in self._fields if n.startswith("answer_"))]

    def values(self, questions: list[str]) -> dict:
        """The sign-up as Enrollment fields."""
        return {
            "role": self.role.data,
            "goals": self.goals.data.strip(),
            "topics": parse_tags(self.topics.data or "")[0],
            "experience_years": self.experience_years.data,
            "availability": [s for s in AVAILABILITY_SLOTS if s in (self.availability.data or [])],
            "timezone": self.timezone.data,
            "languages": parse_tags(self.languages.data or "")[0],
            "capacity": self.capacity.data if self.role.data == "mentor" else 1,
            "answers": {q: f.data.strip() for q, f in zip(questions, self.answer_fields(), strict=False)},
        }


def signup_form_for(program, **kwargs) -> SignupForm:
    """A sign-up form with one required answer field per sign-up question of the program."""
    questions = list(program.signup_questions or [])

    class ProgramSignupForm(SignupForm):
        pass

    for index, question in enumerate(questions):
        setattr(
            ProgramSignupForm,
            f"answer_{index}",
            TextAreaField(
                question,
                validators=[
                    InputRequired(_l("Please answer this question.")),
                    Length(max=1000, message=_l("Keep your answer under 1,000 characters.")),
                ],
            ),
        )
    ProgramSignupForm.goals = TextAreaField(
        SignupForm.goals.args[0], validators=SignupForm.goals.kwargs["validators"], description=goals_audience(program)
    )
    return ProgramSignupForm(**kwargs)


GOALS_PRIVATE = _l("Seen by the program's admins and, once you are paired, by your partner: nobody else.")
GOALS_IN_DIRECTORY = _l(
    "Mentors: your goals and topics are shown to this community's members in the program's mentor directory, "
    "where mentees choose whom to ask. Mentees: your goals are seen by the program's admins and by the mentors "
    "you ask; nobody else."
)


def goals_audience(program) -> str:
    """Who reads the goals written on this program's sign-up (the form says it; the pages keep it)."""
    return GOALS_IN_DIRECTORY if program.matching_mode == "mentee_choice" else GOALS_PRIVATE


class WeightsForm(FlaskForm):
    must = MultiCheckboxField(_l("Must have"), choices=choices((f, FIELD_LABELS[f]) for f in DEFAULT_WEIGHTS))


for _field in DEFAULT_WEIGHTS:
    setattr(WeightsForm, f"w_{_field}", _whole(FIELD_LABELS[_field], 0, 100))


class PairForm(FlaskForm):
    mentor = SelectField(_l("Mentor"), coerce=int, validate_choice=False)
    mentees = SelectMultipleField(_l("Mentee"), coerce=int, validate_choice=False)

    def validate_mentor(self, field):
        if not field.data:
            raise ValidationError(_("Choose a mentor."))

    def validate_mentees(self, field):
        if not field.data:
            raise ValidationError(_("Choose at least one mentee."))


class RequestForm(SubmittedOnceMixin, FlaskForm):
    message = TextAreaField(
        _l("A note for the mentor"),
        validators=[Length(max=1000, message=_l("Keep it under 1,000 characters."))],
        description=_l("Optional: why you'd like them as your mentor."),
    )
