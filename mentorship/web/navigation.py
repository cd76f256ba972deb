"""The navigation every page shows, built once per request and only when the layout reads it.

`nav` in every template: `nav.badges` (unread notifications, unread messages: one query), `nav.todo` (what waits
for a moderator or admin, one query) and, on a community's pages, `nav.waiting_review(community)` for its
moderators. A page whose first
query already carried the counts hands them to `remember()` (the board's topic page does) and the navigation
asks nothing more. Views pass everything else a page shows.
"""

from flask import Flask, g
from flask_login import current_user

from mentorship.services.communities.todo import CommunityTodo, todo_for
from mentorship.services.moderation.queue import open_count
from mentorship.services.space.navigation import Badges, badges

NO_BADGES = Badges(0, 0)


class Navigation:
    """What the header needs for the person looking at the page."""

    @property
    def badges(self) -> Badges:
        """The counts for this request: remembered ones, else one query (nothing for visitors)."""
        if "nav_badges" not in g:
            g.nav_badges = badges(current_user.id) if current_user.is_authenticated else NO_BADGES
        return g.nav_badges

    @property
    def todo(self) -> list[CommunityTodo]:
        """What waits for a moderator or admin in each community they run (one query; empty for others)."""
        if "nav_todo" not in g:
            g.nav_todo = todo_for(current_user.id) if self.badges.staff else []
        return g.nav_todo

    @property
    def todo_total(self) -> int:
        return sum(item.total for item in self.todo)

    def waiting_review(self, community) -> int:
        """For a moderator's community navigation: how many reported things wait for their review."""
        cache = g.setdefault("nav_waiting_review", {})
        if community.id not in cache:
            cache[community.id] = open_count(community.id, current_user.id)
        return cache[community.id]


def remember(notifications: int, messages: int, staff: bool = False) -> None:
    """Keep the counts a page's own query carried, so the navigation does not count again."""
    g.nav_badges = Badges(int(notifications), int(messages), bool(staff))


def forget() -> None:
    """After an action that changed a count (e.g. everything marked read) within this request."""
    g.pop("nav_badges", None)
    g.pop("nav_todo", None)
    g.pop("nav_waiting_review", None)


NAVIGATION = Navigation()


def register(app: Flask) -> None:
    app.jinja_env.globals["nav"] = NAVIGATION
