"""Push forms: the push settings (kinds, quiet hours, the sender's name) and a browser's subscription."""

from datetime import time

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, StringField, TimeField
from wtforms.validators import InputRequired, Length, ValidationError

from mentorship.forms.auth import strip
from mentorship.models import PushSettings
from mentorship.services.notify.prefs import EMAIL_PREF_LABELS
from mentorship.services.push.choices import group_of

TIME_MESSAGE = _l("Enter a time like 22:00.")


class LocalTimeField(TimeField):
    """A time of day ("22:00") with our own words when it is not one."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            self.data = None
            raise ValueError(TIME_MESSAGE)


def push_groups() -> dict[str, str]:
    """The push groups and their labels: the same as e-mail's ("messages": "New messages in my mentorships")."""
    return {group_of(pref): label for pref, label in EMAIL_PREF_LABELS.items()}


class PushSettingsBase(FlaskForm):
    quiet_hours = BooleanField(
        _l("Hold notifications during quiet hours"),
        description=_l("They arrive together when the quiet hours end, in your own time zone."),
    )
    quiet_start = LocalTimeField(_l("Quiet from"), format="%H:%M", validators=[InputRequired(message=TIME_MESSAGE)])
    quiet_end = LocalTimeField(_l("Until"), format="%H:%M", validators=[InputRequired(message=TIME_MESSAGE)])
    show_sender = BooleanField(
        _l("Show the sender's name"),
        description=_l(
            "Off, a notification says only what kind of news it is (“New message in your mentorship”). "
            "It never shows what was written."
        ),
    )

    def validate_quiet_end(self, field):
        if self.quiet_hours.data and self.quiet_start.data and field.data == self.quiet_start.data:
            raise ValidationError(_("Quiet hours need an end different from their start."))


def push_settings_form(settings: PushSettings) -> FlaskForm:
    """The push settings form with one checkbox per group, filled from the person's settings (a GET) or
    from the posted form."""

    class PushSettingsForm(PushSettingsBase):
        pass

    kinds = settings.kinds or {}
    for group, label in push_groups().items():
        setattr(PushSettingsForm, f"kind_{group}", BooleanField(label, default=bool(kinds.get(group, True))))
    return PushSettingsForm(
        data={
            "quiet_hours": settings.quiet_hours,
            "quiet_start": _time(settings.quiet_start),
            "quiet_end": _time(settings.quiet_end),
            "show_sender": settings.show_sender,
        }
    )


def _time(minutes: int) -> time:
    return time(minutes // 60, minutes % 60)


def chosen_kinds(form: FlaskForm) -> dict[str, bool]:
    return {group: bool(form[f"kind_{group}"].data) for group in push_groups()}


def minutes(value: time) -> int:
    return value.hour * 60 + value.minute


class DeviceForm(FlaskForm):
    """What a browser's PushSubscription.toJSON() holds (posted by the page's script)."""

    endpoint = StringField(
        filters=[strip], validators=[InputRequired(message=_l("This browser sent no push address."))]
    )
    p256dh = StringField(
        filters=[strip], validators=[InputRequired(message=_l("This browser sent no key.")), Length(max=100)]
    )
    auth = StringField(
        filters=[strip], validators=[InputRequired(message=_l("This browser sent no secret.")), Length(max=32)]
    )
