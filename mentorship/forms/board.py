"""Board forms: a new topic, a reply, an edit, a help invitation. Limits match services/board/posting.py."""

from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, RadioField, SelectChoice, StringField, TextAreaField
from wtforms.validators import Length, ValidationError

from mentorship.forms.once import SubmittedOnceMixin
from mentorship.models.board import URGENCIES
from mentorship.services.board.posting import BODY_MAX, TITLE_MAX, TITLE_MIN, BoardError, clean_tags

URGENCY_CHOICES = [SelectChoice(value, label) for value, label in URGENCIES.items()]
BODY_HINT = "Markdown works: *emphasis*, **bold**, lists, `code`, > quotes and links."


class BodyMixin:
    def validate_body(self, field):
        text = (field.data or "").strip()
        if not text:
            raise ValidationError("Write something first.")
        if len(text) > BODY_MAX:
            raise ValidationError(f"Keep it under {BODY_MAX:,} characters (this has {len(text):,}).")


class CodeOfConductMixin:
    """Shown to a member who has not accepted the community's code of conduct yet."""

    needs_coc = False

    def validate_accept_coc(self, field):
        if self.needs_coc and not field.data:
            raise ValidationError("Please accept the code of conduct before your first post.")


class TopicForm(SubmittedOnceMixin, BodyMixin, CodeOfConductMixin, FlaskForm):
    kind = HiddenField(default="discussion")
    title = StringField("Title")
    body = TextAreaField("What would you like to say?", description=BODY_HINT)
    tags = StringField("Tags", description="Comma-separated, e.g. python, career-change (up to 8).")
    urgency = RadioField("How urgent is it?", choices=URGENCY_CHOICES, default="normal", validate_choice=False)
    anonymous = BooleanField(
        "Post anonymously",
        description="Members won't see your name; the community's moderators can. "
        "If you later invite a helper into a mentorship, they will see it.",
    )
    accept_coc = BooleanField("I have read and accept the code of conduct")

    def validate_title(self, field):
        text = " ".join((field.data or "").split())
        if not TITLE_MIN <= len(text) <= TITLE_MAX:
            raise ValidationError(f"Give it a title of {TITLE_MIN} to {TITLE_MAX} characters.")

    def validate_tags(self, field):
        try:
            clean_tags(field.data or "", required=self.is_help)
        except BoardError as error:
            raise ValidationError(str(error))

    def validate_urgency(self, field):
        if self.is_help and field.data not in URGENCIES:
            raise ValidationError("Choose how urgent it is.")

    @property
    def is_help(self) -> bool:
        return self.kind.data == "help"

    def topic_fields(self) -> dict:
        """The answers as services.board.posting.create_topic's keyword arguments."""
        return {
            "kind": self.kind.data,
            "title": self.title.data,
            "body": self.body.data,
            "tags": self.tags.data or "",
            "urgency": self.urgency.data or "normal",
            "anonymous": self.anonymous.data,
            "accept_code_of_conduct": self.accept_coc.data,
        }


class ReplyForm(SubmittedOnceMixin, BodyMixin, CodeOfConductMixin, FlaskForm):
    body = TextAreaField("Your reply", description=BODY_HINT)
    accept_coc = BooleanField("I have read and accept the code of conduct")
    page = HiddenField()


class EditPostForm(BodyMixin, FlaskForm):
    title = StringField("Title")
    body = TextAreaField("Post", description=BODY_HINT)
    tags = StringField("Tags", description="Comma-separated (up to 8).")
    urgency = RadioField("How urgent is it?", choices=URGENCY_CHOICES, validate_choice=False)

    is_opening = False
    is_help = False

    @classmethod
    def for_post(cls, post) -> "EditPostForm":
        """The form for `post`: its body, and for an opening post the topic's title, tags and urgency."""
        form = cls(obj=post)
        topic = post.topic
        form.is_opening, form.is_help = post.is_opening, topic.is_help
        if not form.is_submitted():
            form.title.data, form.tags.data, form.urgency.data = topic.title, ", ".join(topic.tag_names), topic.urgency
        return form

    def changes(self) -> dict:
        """The answers as services.board.posting.edit_post's keyword arguments (the topic's for an opening post)."""
        opening = self.is_opening
        return {
            "body": self.body.data,
            "title": self.title.data if opening else None,
            "tags": (self.tags.data or "") if opening else None,
            "urgency": self.urgency.data if opening else None,
        }

    def validate_title(self, field):
        if self.is_opening:
            TopicForm.validate_title(self, field)

    def validate_tags(self, field):
        if self.is_opening:
            try:
                clean_tags(field.data or "", required=self.is_help)
            except BoardError as error:
                raise ValidationError(str(error))

    def validate_urgency(self, field):
        if self.is_opening and self.is_help and field.data not in URGENCIES:
            raise ValidationError("Choose how urgent it is.")


class InviteForm(SubmittedOnceMixin, FlaskForm):
    message = TextAreaField(
        "A note for them (optional)",
        validators=[Length(max=2000, message="Keep the note under 2,000 characters.")],
        description="What you'd like to work on together, and how often you'd like to talk.",
    )
