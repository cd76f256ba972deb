"""Hooks through which other areas feed the reminders, nudges and digests.

The private space owns messages and check-ins; reminders only need a few facts about
them. The space registers its functions here at import time (e.g. at the bottom of
services/space.py), so this module never imports theirs:

    from .reminder_hooks import LAST_ACTIVITY_PROVIDERS, REMINDER_CONTEXT_PROVIDERS
    REMINDER_CONTEXT_PROVIDERS.append(last_checkin_summary)
    LAST_ACTIVITY_PROVIDERS.append(last_activity_at)

With no provider registered, reminders say nothing about the last check-in and a
pair's last activity is the moment it started.
"""

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime

# (mentorship_id, user_id) -> one line about the person's last check-in, e.g.
# "Your last check-in, 3 March: “On track, the portfolio has two pieces.”", or None.
REMINDER_CONTEXT_PROVIDERS: list[Callable[[int, int], str | None]] = []

# [mentorship_id, ...] -> {mentorship_id: when something last happened there (a message,
# a check-in, a step marked done)}. Aware UTC datetimes; missing ids mean "nothing yet".
LAST_ACTIVITY_PROVIDERS: list[Callable[[Sequence[int]], Mapping[int, datetime]]] = []

# [mentorship_id, ...] -> {mentorship_id: ["2 check-ins missed", ...]}: extra reasons a
# pair needs an admin's attention. Only facts about rhythm, never private content.
ATTENTION_PROVIDERS: list[Callable[[Sequence[int]], Mapping[int, list[str]]]] = []


def last_checkin_summary(mentorship_id: int, user_id: int) -> str | None:
    """The first provider's line about this person's last check-in, or None."""
    for provider in REMINDER_CONTEXT_PROVIDERS:
        line = provider(mentorship_id, user_id)
        if line:
            return line
    return None


def last_activity(started: Mapping[int, datetime]) -> dict[int, datetime]:
    """For each mentorship (id -> started_at), the latest activity any provider knows of."""
    latest = dict(started)
    ids = list(started)
    for provider in LAST_ACTIVITY_PROVIDERS:
        for mentorship_id, moment in provider(ids).items():
            if mentorship_id in latest and moment is not None and moment > latest[mentorship_id]:
                latest[mentorship_id] = moment
    return latest


def attention_reasons(mentorship_ids: Sequence[int]) -> dict[int, list[str]]:
    """Every provider's reasons, merged per mentorship."""
    reasons: dict[int, list[str]] = {}
    for provider in ATTENTION_PROVIDERS:
        for mentorship_id, items in provider(mentorship_ids).items():
            reasons.setdefault(mentorship_id, []).extend(items)
    return reasons
