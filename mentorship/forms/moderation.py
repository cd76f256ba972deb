"""Moderation forms: a report, a moderator's decision, hiding from the board, the community's settings."""

from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, IntegerField, RadioField, SelectChoice, TextAreaField
from wtforms.validators import InputRequired, NumberRange, Optional, ValidationError

from mentorship.forms.once import SubmittedOnceMixin
from mentorship.models.moderation import REASONS
from mentorship.services.moderation.actions import ACTIONS, REASON_MAX, REASON_REQUIRED
from mentorship.services.moderation.reports import DETAILS_MAX


class WholeNumberField(IntegerField):
    """An integer field whose parse error reads as a sentence for people."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError("Enter a whole number.") from None


class ReportForm(SubmittedOnceMixin, FlaskForm):
    reason = RadioField(
        "Why are you reporting this?",
        choices=[SelectChoice(value, label) for value, label in REASONS.items()],
        validate_choice=False,
    )
    details = TextAreaField(
        "Anything the moderators should know? (optional)",
        description="Only the community's moderators read this. Your report doesn't notify the person you report.",
    )
    next = HiddenField()

    def validate_reason(self, field):
        if field.data not in REASONS:
            raise ValidationError("Choose a reason.")

    def validate_details(self, field):
        text = (field.data or "").strip()
        if len(text) > DETAILS_MAX:
            raise ValidationError(f"Keep the details under {DETAILS_MAX:,} characters (this has {len(text):,}).")


class ActionForm(FlaskForm):
    """One moderator decision on a reported target; the action comes from the button pressed."""

    action = HiddenField()
    reason = TextAreaField("Reason")
    days = WholeNumberField("Days", validators=[Optional(), NumberRange(1, 365, "Suspend for 1 to 365 days.")])
    also_hide = BooleanField("Also hide the reported content", default=True)

    def validate_action(self, field):
        if field.data not in ACTIONS:
            raise ValidationError("Choose what to do.")

    def validate_reason(self, field):
        text = (field.data or "").strip()
        if self.action.data in REASON_REQUIRED and not text:
            raise ValidationError("Give a reason: the member is told it, and it goes into the audit log.")
        if len(text) > REASON_MAX:
            raise ValidationError(f"Keep the reason under {REASON_MAX:,} characters.")

    def validate_days(self, field):
        if self.action.data == "suspend" and field.data is None:
            raise ValidationError("Suspend for 1 to 365 days.")


class HideForm(FlaskForm):
    """Hide or restore a topic or post from the board (a reason is needed to hide)."""

    reason = TextAreaField("Reason")

    hiding = True

    def validate_reason(self, field):
        text = (field.data or "").strip()
        if self.hiding and not text:
            raise ValidationError("Give a reason: the author is told it, and it goes into the audit log.")
        if len(text) > REASON_MAX:
            raise ValidationError(f"Keep the reason under {REASON_MAX:,} characters.")


class ModerationSettingsForm(FlaskForm):
    report_hide_threshold = WholeNumberField(
        "Hide a topic or post at once when this many members report it",
        description="It stays hidden until a moderator reviews it. 0 turns automatic hiding off.",
        validators=[InputRequired("Enter a number."), NumberRange(0, 50, "Use a number from 0 to 50.")],
    )
    slow_mode_enabled = BooleanField(
        "Slow mode switches on by itself in busy topics",
        description="When a topic gets more than 10 replies in 5 minutes, each member waits a minute between posts.",
    )
