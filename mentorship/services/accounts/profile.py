"""A person's own profile and preferences."""

from functools import lru_cache
from zoneinfo import ZoneInfo, available_timezones

from flask_babel import lazy_gettext as _l

from mentorship.extensions import db
from mentorship.languages import supported
from mentorship.models import User, UserSkill, utcnow
from mentorship.models.user import DEFAULT_REMINDER_PREFS
from mentorship.text import parse_tags

# What each e-mail preference (User.reminder_prefs) means, in the person's words.
# An area that adds a key to DEFAULT_REMINDER_PREFS adds its label here too.
PREFERENCE_LABELS = {
    "email_checkin": (
        _l("Weekly check-in reminders"),
        _l("An e-mail on the day your mentorship's weekly check-in is due."),
    ),
    "email_messages": (
        _l("New messages"),
        _l("An e-mail when someone writes in one of your mentorships and you haven't read it."),
    ),
    "email_help": (
        _l("Help requests for my skills"),
        _l("An e-mail when someone asks for help with a skill you offer."),
    ),
    "email_mentorship": (
        _l("My mentorships"),
        _l("Introductions, mentor requests and changes to your mentorships."),
    ),
    "email_reports": (_l("Reports I made"), _l("What moderators decided about content you reported.")),
    "email_admin": (
        _l("Admin and moderator alerts"),
        _l("Join requests, sign-ups and reports in communities you run."),
    ),
}
MAX_SKILLS = 16


@lru_cache(maxsize=1)
def timezones() -> tuple[str, ...]:
    """Every IANA timezone name, sorted (no aliases like 'localtime')."""
    return tuple(sorted(available_timezones() - {"localtime", "Factory"}))


def is_timezone(name: str | None) -> bool:
    return bool(name) and name in timezones()


def grouped_timezones() -> dict[str, list[tuple[str, str]]]:
    """Timezones grouped by region for a <select> with <optgroup>s, each labelled by its city and today's offset
    ('Europe' -> [('Europe/Paris', 'Paris (UTC+01:00)')]): typing a city's first letters finds it, without
    JavaScript too, and the offset tells two cities of one zone apart."""
    return _grouped_timezones(utcnow().strftime("%Y%m%d%H"))


@lru_cache(maxsize=2)
def _grouped_timezones(_hour: str) -> dict[str, list[tuple[str, str]]]:
    groups: dict[str, list[tuple[str, str]]] = {}
    now = utcnow()
    for name in timezones():
        region, _, city = name.partition("/")
        if not city:
            region, city = "Other", name
        offset = now.astimezone(ZoneInfo(name)).strftime("%z")
        label = f"{city.replace('_', ' ').replace('/', ' / ')} (UTC{offset[:3]}:{offset[3:]})"
        groups.setdefault(region, []).append((name, label))
    return groups


def update_profile(
    user: User, display_name: str, timezone: str, skills: str | None, bio: str | None, locale: str | None = None
) -> None:
    """Save profile fields and replace the skill tags; commits."""
    user.display_name = display_name.strip()
    user.locale = supported(locale) or user.locale
    user.timezone = timezone if is_timezone(timezone) else user.timezone
    user.bio = (bio or "").strip()
    tags, _ = parse_tags(skills or "")
    wanted = tags[:MAX_SKILLS]
    kept = [skill for skill in user.skills if skill.tag in wanted]
    kept_tags = {skill.tag for skill in kept}
    user.skills = kept + [UserSkill(tag=tag) for tag in wanted if tag not in kept_tags]
    db.session.commit()


def set_locale(user: User, locale: str | None) -> None:
    """The member's language from the switcher at the foot of every page (a shipped one only); commits."""
    if supported(locale):
        user.locale = supported(locale)
        db.session.commit()


def reminder_prefs(user: User) -> dict[str, bool]:
    """The person's e-mail preferences with defaults for keys they never set."""
    return {key: bool(value) for key, value in {**DEFAULT_REMINDER_PREFS, **(user.reminder_prefs or {})}.items()}


def update_reminder_prefs(user: User, choices: dict[str, bool]) -> None:
    """Store the e-mail preferences (only known keys); commits."""
    prefs = reminder_prefs(user)
    prefs.update({key: bool(value) for key, value in choices.items() if key in DEFAULT_REMINDER_PREFS})
    user.reminder_prefs = prefs
    db.session.commit()
