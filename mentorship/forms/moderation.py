"""Moderation forms: a report, a moderator's decision, hiding from the board, the community's settings."""

from flask_babel import format_number
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, IntegerField, RadioField, SelectChoice, TextAreaField
from wtforms.validators import InputRequired, Optional, ValidationError

from mentorship.forms.numbers import NumberRange
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
            raise ValueError(_("Enter a whole number.")) from None


class ReportForm(SubmittedOnceMixin, FlaskForm):
    reason = RadioField(
        _l("Why are you reporting this?"),
        choices=[SelectChoice(value, label) for value, label in REASONS.items()],
        validate_choice=False,
    )
    details = TextAreaField(
        _l("Anything the moderators should know? (optional)"),
        description=_l("Only the community's moderators read this. Your report doesn't notify the person you report."),
    )
    next = HiddenField()

    def validate_reason(self, field):
        if field.data not in REASONS:
            raise ValidationError(_("Choose a reason."))

    def validate_details(self, field):
        text = (field.data or "").strip()
        if len(text) > DETAILS_MAX:
            raise ValidationError(
                _(
                    "Keep the details under %(max)s characters (this has %(count)s).",
                    max=format_number(DETAILS_MAX),
                    count=format_number(len(text)),
                )
            )


class ActionForm(FlaskForm):
    """One moderator decision on a reported target; the action comes from the button pressed."""

    action = HiddenField()
    reason = TextAreaField(_l("Reason"))
    days = WholeNumberField(_l("Days"), validators=[Optional(), NumberRange(1, 365, _l("Suspend for 1 to 365 days."))])
    also_hide = BooleanField(_l("Also hide the reported content"), default=True)

    def validate_action(self, field):
        if field.data not in ACTIONS:
            raise ValidationError(_("Choose what to do."))

    def validate_reason(self, field):
        text = (field.data or "").strip()
        if self.action.data in REASON_REQUIRED and not text:
            raise ValidationError(_("Give a reason: the member is told it, and it goes into the audit log."))
        if len(text) > REASON_MAX:
            raise ValidationError(_("Keep the reason under %(max)s characters.", max=format_number(REASON_MAX)))

    def validate_days(self, field):
        if self.action.data == "suspend" and field.data is None:
            raise ValidationError(_("Suspend for 1 to 365 days."))


class HideForm(FlaskForm):
    """Hide or restore a topic or post from the board (a reason is needed to hide)."""

    reason = TextAreaField(_l("Reason"))

    hiding = True

    def validate_reason(self, field):
        text = (field.data or "").strip()
        if self.hiding and not text:
            raise ValidationError(_("Give a reason: the author is told it, and it goes into the audit log."))
        if len(text) > REASON_MAX:
            raise ValidationError(_("Keep the reason under %(max)s characters.", max=format_number(REASON_MAX)))


class ModerationSettingsForm(FlaskForm):
    report_hide_threshold = WholeNumberField(
        _l("Hide a topic or post at once when this many members report it"),
        description=_l("It stays hidden until a moderator reviews it. 0 turns automatic hiding off."),
        validators=[InputRequired(_l("Enter a number.")), NumberRange(0, 50, _l("Use a number from 0 to 50."))],
    )
    slow_mode_enabled = BooleanField(
        _l("Slow mode switches on by itself in busy topics"),
        description=_l(
            "When a topic gets more than 10 replies in 5 minutes, each member waits a minute between posts."
        ),
    )
