"""The route x person table: one row per endpoint of app.url_map.

Each row gives the path (URL parameters named after tests/security/world.py), the status each person gets
for GET and, for an endpoint that changes state, for POST with the form data given. A new endpoint without
a row fails tests/security/test_route_matrix.py, so every route states who may use it.

Shorthands: V visitor, M member, O other community's member, P pair member, Q other pair's member,
D moderator, A admin.
"""

from dataclasses import dataclass, field

from tests.factories import PASSWORD

from .world import PEOPLE

NEW_PASSWORD = "lighthouse-marmalade-42"
PERSON_KEYS = dict(zip("VMOPQDA", PEOPLE, strict=True))


def statuses(spec: str | int, **exceptions: int) -> dict[str, int]:
    """`statuses(200)` everyone 200; `statuses(403, V=302, A=200)` with exceptions by shorthand letter."""
    base = dict.fromkeys(PEOPLE, spec)
    base.update({PERSON_KEYS[key]: value for key, value in exceptions.items()})
    return base


def everyone(status: int) -> dict[str, int]:
    return statuses(status)


def logged_in(status: int) -> dict[str, int]:
    return statuses(status, V=302)


def members(status: int, outsider: int = 403) -> dict[str, int]:
    """Every member of A gets `status`; the other community's member `outsider`; visitors go to log in."""
    return statuses(status, V=302, O=outsider)


def admins(status: int, outsider: int = 403) -> dict[str, int]:
    return statuses(403, V=302, O=outsider, A=status)


def pair_only(status: int, outsider: int = 403) -> dict[str, int]:
    """A mentorship's own pages: its member alone; a 404 to every other member, admins included."""
    return statuses(404, V=302, O=outsider, P=status)


@dataclass
class Row:
    path: str
    get: dict[str, int] | None = None
    post: dict[str, int] | None = None
    data: dict = field(default_factory=dict)
    # The person whose POST without a CSRF token must be refused (default: the first one allowed).
    csrf_as: str | None = None
    # A GET link that does something once (an e-mail confirmation): each person gets a fresh world.
    get_changes_state: bool = False


SIGNUP_FORM = {"email": "fresh@example.com", "display_name": "Fresh", "password": NEW_PASSWORD}
PROGRAM_SIGNUP = {
    "role": "mentee",
    "goals": "Learn to analyse data with SQL",
    "topics": "sql, python",
    "experience_years": "1",
    "availability": ["mon-evening"],
    "timezone": "Europe/Paris",
    "capacity": "1",
    "answer_0": "Lead a data team",
    "answer_1": "I like written notes",
}
PROGRAM_SETTINGS = {
    "title": "Renamed",
    "format": "one_to_one",
    "weeks": "8",
    "matching_mode": "suggested",
    "default_capacity": "2",
    "circle_size": "5",
    "checkin_weekday": "1",
}
WEIGHTS = {
    "w_topics": "50",
    "w_goals": "20",
    "w_timezone": "10",
    "w_availability": "10",
    "w_experience": "10",
    "w_language": "0",
}
IMPORT_FILE = '{"title": "Shared", "steps": [{"title": "One", "guidance": "Meet.", "activity": ""}]}'
PROGRAMS = "/c/{c}/programs/{p}"
MODERATORS_200 = statuses(403, V=302, D=200, A=200)
MODERATORS_303 = statuses(403, V=302, D=303, A=303)
SPACE_200 = pair_only(200, outsider=404)
SPACE_303 = pair_only(303, outsider=404)
EVENT_FORM = {
    "title": "AMA",
    "day": "2031-06-02",
    "at": "18:00",
    "minutes": "60",
    "zone": "Europe/Paris",
    "place_kind": "link",
    "place": "https://meet.example.org/ama",
}
SESSION_FORM = {"day": "2031-06-02", "at": "18:00", "minutes": "45", "zone": "Europe/Paris", "place_kind": "jitsi"}
# The author's own post or help request: the member alone.
MEMBER_ONLY_200 = statuses(403, V=302, M=200)
MEMBER_ONLY_303 = statuses(403, V=302, M=303)
MATCHING = "/c/{c}/programs/{p}/matching"
# A browser's push subscription as its page's script posts it (a real P-256 public key; a 16-byte secret).
DEVICE = {
    "endpoint": "https://push.example.com/send/fresh-device",
    "p256dh": "BCf8lX_KNx0X9LiGAn4eRhaN6qQju9GuwRiwGEuH7Dxougmq6_-YgyH2MxQLXZCpdDK5Z8inwOfW9_fYFjXFm90",
    "auth": "AAECAwQFBgcICQoLDA0ODw",
}
PUSH_SETTINGS = {"kind_messages": "y", "quiet_hours": "y", "quiet_start": "22:30", "quiet_end": "07:00"}

ROUTES: dict[str, Row] = {
    "static": Row("/static/css/site.css", get=everyone(200)),
    # main
    "main.home": Row("/", get=everyone(200)),
    "main.about": Row("/about", get=everyone(200)),
    "main.healthz": Row("/healthz", get=everyone(200)),
    "main.choose_language": Row("/language", post=everyone(303), data={"locale": "es", "next": "/about"}),
    # auth: the sign-up and log-in pages send a logged-in person home
    "auth.signup": Row(
        "/signup",
        get=statuses(302, V=200),
        post=statuses(302, V=303),
        data={**SIGNUP_FORM, "date_of_birth": "1990-01-01"},
    ),
    "auth.login": Row(
        "/login",
        get=statuses(302, V=200),
        post=statuses(302, V=303),
        data={"email": "{target_email}", "password": PASSWORD},
    ),
    "auth.logout": Row("/logout", post=logged_in(303)),
    "auth.verify_email": Row("/verify/{verify_token}", get=everyone(302), get_changes_state=True),
    "auth.confirm_email_change": Row("/email/confirm/{email_token}", get=everyone(302), get_changes_state=True),
    "auth.resend_verification": Row("/verify/resend", post=logged_in(303)),
    "auth.forgot_password": Row("/forgot", get=everyone(200), post=everyone(200), data={"email": "{target_email}"}),
    "auth.reset_password": Row(
        "/reset/{reset_token}",
        get=everyone(200),
        post=everyone(303),
        data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    ),
    # settings: one's own account only
    "settings.profile": Row(
        "/settings/",
        get=logged_in(200),
        post=logged_in(303),
        data={"display_name": "Renamed", "timezone": "Europe/Oslo", "skills": "go", "bio": ""},
    ),
    # a POST without a file is a clear 422 for everyone logged in (tests/people/test_pictures.py uploads)
    "settings.picture": Row("/settings/picture", get=logged_in(200), post=logged_in(422), csrf_as="member"),
    "settings.remove_picture": Row("/settings/picture/remove", post=logged_in(303)),
    "settings.skills_preview": Row("/settings/skills-preview?skills=a,b", get=logged_in(200)),
    "settings.notifications": Row(
        "/settings/notifications", get=logged_in(200), post=logged_in(303), data={"email_help": "y"}
    ),
    "settings.account": Row("/settings/account", get=logged_in(200)),
    "settings.change_password": Row(
        "/settings/account/password",
        post=logged_in(303),
        data={"current_password": PASSWORD, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    ),
    "settings.change_email": Row(
        "/settings/account/email", post=logged_in(303), data={"email": "elsewhere@example.com", "password": PASSWORD}
    ),
    "settings.sign_out_other_sessions": Row("/settings/account/sessions/sign-out-others", post=logged_in(303)),
    "settings.export_data": Row("/settings/account/export", get=logged_in(200)),
    # The admin must hand A over first; the other community's admin is its only member (it goes with them).
    "settings.delete_account": Row(
        "/settings/account/delete",
        get=logged_in(200),
        post={**logged_in(303), "admin": 422},
        data={"password": PASSWORD},
    ),
    # push notifications: one's own settings and devices
    "settings.push": Row("/settings/push", get=logged_in(200), post=logged_in(303), data=PUSH_SETTINGS),
    "settings.add_device": Row("/settings/push/devices", post=logged_in(303), data=DEVICE),
    "settings.remove_device": Row("/settings/push/devices/{device}/remove", post=statuses(404, V=302, M=303)),
    # the installable app: the same for everyone, nothing personal
    "app.manifest": Row("/manifest.webmanifest", get=everyone(200)),
    "app.service_worker": Row("/sw.js", get=everyone(200)),
    "app.offline": Row("/offline", get=everyone(200)),
    # communities
    "communities.index": Row("/c/", get=everyone(200)),
    "communities.create": Row("/c/new", get=logged_in(200), post=logged_in(303), data={"name": "Brand New"}),
    "communities.show": Row("/c/{c}", get=everyone(200)),
    "communities.join": Row("/c/{c}/join", get=statuses(302, O=200), post=statuses(302, O=303), data={"accept": "y"}),
    "communities.leave": Row("/c/{c}/leave", post=members(303)),
    "communities.members": Row("/c/{c}/members", get=members(200)),
    # people: a private community's profiles are a 404 to everyone outside it, visitors included (a public
    # community's: tests/people/test_profiles.py); a picture only to those who share a community with its member
    "people.profile": Row("/c/{priv}/people/{target}", get=statuses(200, V=404, O=404)),
    "people.picture": Row("/people/{target}/picture/1/64.jpg", get=statuses(200, V=302, O=404)),
    # a community's settings and invitations: its admins; an invitation link opens for anyone who holds it
    # (members are sent to the community; a visitor's join goes to log in first)
    "communities.edit_settings": Row(
        "/c/{c}/settings", get=admins(200), post=admins(303), data={"name": "Alpha", "code_of_conduct": "Be kind."}
    ),
    "communities.invitations": Row("/c/{c}/invitations", get=admins(200)),
    "communities.create_link": Row("/c/{c}/invitations/link", post=admins(303), data={"expires_in": "7"}),
    "communities.invite_by_email": Row(
        "/c/{c}/invitations/email", post=admins(303), data={"addresses": "friend@example.com"}
    ),
    "communities.resend": Row("/c/{c}/invitations/{mailed_invitation}/resend", post=admins(303)),
    "communities.revoke": Row("/c/{c}/invitations/{mailed_invitation}/revoke", post=admins(303)),
    "invitations.open": Row(
        "/invite/{invite_token}",
        get=statuses(302, V=200, O=200),
        post=statuses(302, V=303, O=303),
        data={"accept": "y"},
    ),
    "communities.change_role": Row("/c/{c}/members/{target}/role", post=admins(303), data={"role": "moderator"}),
    "communities.remove_member": Row("/c/{c}/members/{target}/remove", post=admins(303)),
    "communities.join_requests": Row("/c/{priv}/requests", get=admins(200, outsider=404)),
    "communities.decide_request": Row(
        "/c/{priv}/requests/{join_request}", post=admins(303, outsider=404), data={"decision": "approve"}
    ),
    # programs: members of the community
    "programs.mine": Row("/programs", get=logged_in(200)),
    "programs.index": Row("/c/{c}/programs", get=members(200)),
    "programs.show": Row(PROGRAMS, get=members(200)),
    # Both pairs' mentors are approved mentors: a sign-up saying "mentee" can't change their role.
    "programs.signup": Row(
        PROGRAMS + "/signup",
        get=members(200),
        post={**members(303), "pair": 422, "other_pair": 422},
        data=PROGRAM_SIGNUP,
    ),
    "programs.check_signup": Row(PROGRAMS + "/signup/check?field=goals", post=members(303), data=PROGRAM_SIGNUP),
    # Only people with a sign-up (the member and both pairs' mentors) can withdraw or pause one.
    "programs.withdraw": Row(PROGRAMS + "/withdraw", post=statuses(303, V=302, O=403, D=404, A=404)),
    "programs.pause": Row(PROGRAMS + "/pause", post=statuses(303, V=302, O=403, D=404, A=404), data={"paused": "1"}),
    "programs.mentors": Row("/c/{c}/programs/{choice}/mentors", get=members(200)),
    "programs.request_mentor": Row(
        "/c/{c}/programs/{choice}/mentors/{req_mentor}/request",
        get=members(200),
        post=statuses(422, V=302, O=403, M=303),  # the member alone signed up as a mentee ("sign up first")
        data={"message": "Would you mentor me on SQL?"},
    ),
    # One's own mentor requests: people signed up to the program (the member); the two people of a request
    # alone can answer it (both tested in tests/programs/test_access.py).
    "programs.requests": Row("/c/{c}/programs/{choice}/requests", get=statuses(404, V=302, O=403, M=200)),
    "programs.answer_request": Row(
        "/c/{c}/programs/{choice}/requests/{mentor_request}/accept", post=members(404), csrf_as="member"
    ),
    # program administration: the community's admins
    "program_admin.create": Row(
        "/c/{c}/programs/new", get=admins(200), post=admins(303), data={"template": "group-circle"}
    ),
    "program_admin.import_program": Row(
        "/c/{c}/programs/import", get=admins(200), post=admins(303), data={"text": IMPORT_FILE}
    ),
    "program_admin.edit": Row(PROGRAMS + "/edit", get=admins(200), post=admins(303), data=PROGRAM_SETTINGS),
    "program_admin.steps": Row(PROGRAMS + "/steps", get=admins(200)),
    "program_admin.save_step": Row(
        PROGRAMS + "/steps/1", post=admins(303), data={"w1-title": "Hello", "w1-guidance": "Meet.", "w1-activity": ""}
    ),
    "program_admin.export": Row(PROGRAMS + "/export", get=admins(200)),
    "program_admin.change_status": Row(PROGRAMS + "/status", post=admins(303), data={"status": "closed"}),
    "program_admin.delete": Row("/c/{c}/programs/{draft}/delete", post=admins(303)),
    "program_admin.signups": Row(PROGRAMS + "/signups", get=admins(200)),
    "program_admin.decide_signup": Row(PROGRAMS + "/signups/{pending}", post=admins(303), data={"decision": "approve"}),
    "program_review.matching": Row(MATCHING + "/", get=admins(200)),
    "program_review.save_weights": Row(MATCHING + "/weights", post=admins(303), data=WEIGHTS),
    "program_review.run": Row(MATCHING + "/run", post=admins(303)),
    "program_review.accept_all": Row(MATCHING + "/accept-all", post=admins(303)),
    "program_review.decide_suggestion": Row(MATCHING + "/suggestions/{suggestion}/accept", post=admins(303)),
    "program_review.add_rule": Row(
        MATCHING + "/rules",
        post=admins(303),
        data={"mentor": "{pair_mentor}", "mentee": "{free_mentee}", "decision": "lock"},
    ),
    "program_review.remove_rule": Row(MATCHING + "/rules/{rule}/delete", post=admins(303)),
    "program_review.pair": Row(
        MATCHING + "/pair", post=admins(303), data={"mentor": "{pair_mentor}", "mentees": "{free_mentee}"}
    ),
    # the board: members of the community; one's own posts and help requests; an invitation's two people
    "board.index": Row("/c/{c}/board/", get=members(200)),
    "board.search": Row("/c/{c}/board/search?q=stack", get=members(200)),
    "board.new_topic": Row(
        "/c/{c}/board/new",
        get=members(200),
        post=members(303),
        data={"kind": "help", "title": "Hello all", "body": "Glad to be here", "tags": "python"},
    ),
    "board.show_topic": Row("/c/{c}/board/t/{topic}", get=members(200)),
    "board.show_post": Row("/c/{c}/board/p/{writer_post}", get=statuses(302, O=403)),  # to the post in its topic
    "board.reply": Row("/c/{c}/board/t/{topic}/reply", post=members(303), data={"body": "Me too"}),
    "board.react": Row("/c/{c}/board/p/{writer_post}/react/thanks", post=members(303)),
    "board.edit_post": Row(
        "/c/{c}/board/p/{member_post}/edit", get=MEMBER_ONLY_200, post=MEMBER_ONLY_303, data={"body": "All sorted"}
    ),
    "board.delete_post": Row("/c/{c}/board/p/{member_post}/delete", post=MEMBER_ONLY_303),
    "board.mark_solution": Row(
        "/c/{c}/board/t/{topic}/solution", post=MEMBER_ONLY_303, data={"post_id": "{writer_post}"}
    ),
    "board.invite_helper": Row(
        "/c/{c}/board/t/{topic}/invite", get=MEMBER_ONLY_200, post=MEMBER_ONLY_303, data={"message": "Weekly?"}
    ),
    "board.show_invite": Row("/c/{c}/board/invites/{invite}", get=statuses(404, V=302, O=403, M=200, P=200)),
    "board.decide_invite": Row(
        "/c/{c}/board/invites/{invite}",
        post=statuses(404, V=302, O=403, M=403, P=303),
        data={"decision": "accept"},
    ),
    # the mentorship space: its own member alone; a 404 to everyone else, admins and moderators included
    "mentorships.index": Row("/m/", get=logged_in(200)),
    "mentorships.show": Row("/m/{m}", get=SPACE_200),
    # The main thread's own address is an alias of the space's page, the same redirect for any id;
    # a circle's side threads answer like the space (tests/space/test_access.py).
    "mentorships.thread": Row("/m/{m}/t/main", get=everyone(302)),
    "mentorships.poll": Row("/m/{m}/t/main/poll?after=0", get=SPACE_200),
    "mentorships.post_message": Row("/m/{m}/t/main/messages", post=SPACE_303, data={"body": "Hello"}),
    "mentorships.message": Row("/m/{m}/messages/{msg}", get=pair_only(302, outsider=404)),
    "mentorships.edit_message": Row(
        "/m/{m}/messages/{msg}/edit", get=SPACE_200, post=SPACE_303, data={"body": "Hello again"}
    ),
    "mentorships.delete_message": Row("/m/{m}/messages/{msg}/delete", post=SPACE_303),
    "mentorships.program": Row("/m/{m}/program", get=SPACE_200),
    "mentorships.step_done": Row("/m/{m}/program/1/done", post=SPACE_303, data={"note": "Done"}),
    "mentorships.step_undo": Row("/m/{m}/program/1/undo", post=SPACE_303),
    "mentorships.checkin": Row(
        "/m/{m}/checkin", get=SPACE_200, post=SPACE_303, data={"rating": "4", "note": "Fine", "next_goal": "More"}
    ),
    "mentorships.manage": Row("/m/{m}/manage", get=SPACE_200),
    "sessions.index": Row("/m/{m}/sessions", get=SPACE_200),
    # The welcome card's fragment (htmx); a plain request is sent to the Sessions tab.
    "sessions.first_call": Row("/m/{m}/sessions/first-call", get=pair_only(302, outsider=404)),
    "sessions.propose": Row("/m/{m}/sessions", post=SPACE_303, data=SESSION_FORM),
    "sessions.accept": Row("/m/{m}/sessions/{sess}/accept", post=SPACE_303),
    "sessions.decline": Row("/m/{m}/sessions/{sess}/decline", post=SPACE_303),
    "sessions.cancel": Row("/m/{m}/sessions/{sess}/cancel", post=SPACE_303),
    "sessions.move": Row("/m/{m}/sessions/{sess}/move", get=SPACE_200, post=SPACE_303, data=SESSION_FORM),
    "sessions.move_one": Row(
        "/m/{m}/sessions/{series}/occurrences/{stamp}/move", get=SPACE_200, post=SPACE_303, data=SESSION_FORM
    ),
    "sessions.cancel_one": Row("/m/{m}/sessions/{series}/occurrences/{stamp}/cancel", post=SPACE_303),
    "sessions.note": Row("/m/{m}/sessions/{sess}/note", post=SPACE_303, data={"note": "We talked"}),
    "sessions.download": Row("/m/{m}/sessions/{sess}.ics", get=SPACE_200),
    # The signed link is the key (no log-in): whoever holds it sees the invitation and may accept it.
    "sessions.calendar": Row("/calendar/{feed_token}.ics", get=everyone(200)),
    "sessions.settings": Row("/settings/calendar", get=logged_in(200)),
    "sessions.reset": Row("/settings/calendar/reset", post=logged_in(303)),
    "sessions.revoke": Row("/settings/calendar/revoke", post=logged_in(303)),
    "sessions.one_click": Row("/sessions/accept/{accept_token}", get=everyone(200), post=everyone(200)),
    # a community's events: its members; creating, changing and the setting: the admins (members when allowed)
    "events.index": Row("/c/{c}/events", get=members(200)),
    "events.show": Row("/c/{c}/events/{ev}", get=members(200)),
    "events.answer": Row("/c/{c}/events/{ev}/answer", post=members(303), data={"answer": "going"}),
    "events.download": Row("/c/{c}/events/{ev}.ics", get=members(200)),
    "events.create": Row("/c/{c}/events/new", get=admins(200), post=admins(303), data=EVENT_FORM),
    "events.edit": Row("/c/{c}/events/{ev}/edit", get=admins(200), post=admins(303), data=EVENT_FORM),
    # A member who may not cancel is refused with a flash and a 303 back to the event.
    "events.cancel": Row("/c/{c}/events/{ev}/cancel", post=members(303)),
    "events.settings": Row("/c/{c}/events/settings", post=admins(303), data={"members_create": "y"}),
    "mentorships.pause": Row("/m/{m}/pause", post=SPACE_303),
    "mentorships.resume": Row("/m/{m}/resume", post=SPACE_303),
    "mentorships.swap": Row("/m/{m}/swap", post=SPACE_303),
    "mentorships.extend": Row("/m/{m}/extend", post=SPACE_303, data={"weeks": "2"}),
    "mentorships.complete": Row(
        "/m/{m}/complete", get=SPACE_200, post=SPACE_303, data={"helpful": "4", "would_recommend": "yes"}
    ),
    "mentorships.end": Row("/m/{m}/end", get=SPACE_200, post=SPACE_303, data={"reason": "We drifted apart"}),
    # Feedback opens once the mentorship is over: refused with a message while it runs.
    "mentorships.feedback": Row(
        "/m/{m}/feedback",
        get=SPACE_200,
        post=pair_only(409, outsider=404),
        data={"helpful": "4", "would_recommend": "yes"},
        csrf_as="pair",
    ),
    "mentorships.uneasy": Row(
        "/m/{m}/uneasy", get=SPACE_200, post=SPACE_303, data={"text": "Something about this worries me."}
    ),
    # development only (no SMTP server, from this machine: the test client's address): the outbox viewer
    "notifications.dev_mail": Row("/dev/mail", get=everyone(200)),
    "notifications.dev_mail_one": Row("/dev/mail/{mail}", get=everyone(200)),
    # outcomes: a mentorship's goals, milestones, progress, surveys and summary are its members' alone
    "outcomes.index": Row("/m/{m}/goals", get=SPACE_200),
    "outcomes.add_goal": Row("/m/{m}/goals", post=SPACE_303, data={"title": "Ship the report", "success": "Shipped"}),
    "outcomes.confirm": Row("/m/{m}/goals/confirm", post=SPACE_303),  # nothing to confirm: refused, back
    "outcomes.edit": Row(
        "/m/{m}/goals/{goal}/edit", get=SPACE_200, post=SPACE_303, data={"title": "Ship it", "success": "Done"}
    ),
    "outcomes.done": Row("/m/{m}/goals/{goal}/done", post=SPACE_303),
    "outcomes.reopen": Row("/m/{m}/goals/{goal}/reopen", post=SPACE_303),
    "outcomes.delete": Row("/m/{m}/goals/{goal}/delete", post=SPACE_303),
    "outcomes.move": Row("/m/{m}/goals/{goal}/progress", post=SPACE_303, data={"level": "2"}),
    "outcomes.add_milestone": Row("/m/{m}/goals/{goal}/milestones", post=SPACE_303, data={"title": "First draft"}),
    "outcomes.change_milestone": Row("/m/{m}/goals/{goal}/milestones/{milestone}/done", post=SPACE_303),
    "outcomes.answer": Row("/m/{m}/surveys/{survey}", get=SPACE_200, post=SPACE_303, data={"q-{question}": "4"}),
    "outcomes.show": Row("/m/{m}/achieved", get=SPACE_200),
    # The pair member is the mentor: only mentees add their own words (a clear 422).
    "outcomes.words": Row(
        "/m/{m}/achieved/words", post=pair_only(422, outsider=404), data={"text": "It helped"}, csrf_as="pair"
    ),
    "outcomes.share": Row("/m/{m}/achieved/share", post=SPACE_303),
    "outcomes.revoke": Row("/m/{m}/achieved/revoke", post=SPACE_303),
    # The link is the key (no log-in): whoever a member gave it to reads the summary, which names nobody.
    "outcomes.shared": Row("/achieved/{share_token}", get=everyone(200)),
    # a program's surveys and outcome report: the community's admins
    "outcome_admin.surveys": Row(
        PROGRAMS + "/surveys",
        get=admins(200),
        post=admins(303),
        data={"title": "Pulse", "moment": "midpoint", "kind": "rating", "text": "How is it going?"},
    ),
    "outcome_admin.survey": Row(
        PROGRAMS + "/surveys/{survey}", get=admins(200), post=admins(303), data={"title": "Renamed", "moment": "start"}
    ),
    "outcome_admin.add_question": Row(
        PROGRAMS + "/surveys/{survey}/questions", post=admins(303), data={"kind": "nps", "text": "Recommend us?"}
    ),
    "outcome_admin.delete_question": Row(PROGRAMS + "/surveys/{survey}/questions/{question}/delete", post=admins(303)),
    "outcome_admin.delete_survey": Row(PROGRAMS + "/surveys/{survey}/delete", post=admins(303)),
    "outcome_admin.report": Row(PROGRAMS + "/outcomes", get=admins(200)),
    "outcome_admin.report_csv": Row(PROGRAMS + "/outcomes/change.csv", get=admins(200)),
    # notifications: one's own; the unsubscribe link works for anyone who holds it (it is signed)
    "notifications.index": Row("/notifications", get=logged_in(200)),
    "notifications.bell": Row("/notifications/bell", get=statuses(200, V=286)),  # 286: htmx stops polling
    "notifications.open_notification": Row("/notifications/{notice}/open", get=statuses(404, V=302, M=303)),
    "notifications.mark_read": Row("/notifications/{notice}/read", post=statuses(404, V=302, M=303)),
    "notifications.mark_all_read": Row("/notifications/read-all", post=logged_in(303)),
    "notifications.unsubscribe": Row(
        "/unsubscribe/{unsubscribe_token}", get=everyone(200), post=everyone(200), data={"action": "unsubscribe"}
    ),
    # program and community health: the community's admins
    "health.program": Row(PROGRAMS + "/health", get=admins(200)),
    "health.program_csv": Row(PROGRAMS + "/health/checkins.csv", get=admins(200)),
    "health.nudge": Row(PROGRAMS + "/health/nudge/{m}", post=admins(303)),
    "health.community": Row("/c/{c}/health", get=admins(200)),
    "health.community_csv": Row("/c/{c}/health/members.csv", get=admins(200)),
    # moderation: the community's moderators and admins; its settings and audit log: admins
    "moderation.queue": Row("/c/{c}/moderation/", get=MODERATORS_200),
    "moderation.show_item": Row("/c/{c}/moderation/post/{member_post}", get=MODERATORS_200),
    "moderation.act": Row("/c/{c}/moderation/post/{member_post}/act", post=MODERATORS_303, data={"action": "dismiss"}),
    "moderation.hide_or_restore": Row(
        "/c/{c}/moderation/post/{writer_post}/hide", get=MODERATORS_200, post=MODERATORS_303, data={"reason": "Ads"}
    ),
    "moderation_admin.audit_log": Row("/c/{c}/moderation/log", get=admins(200)),
    "moderation_admin.settings": Row(
        "/c/{c}/moderation/settings", get=admins(200), post=admins(303), data={"report_hide_threshold": "5"}
    ),
    "moderation_admin.lift_suspension": Row(
        "/c/{c}/moderation/members/{suspended}/lift-suspension", post=MODERATORS_303
    ),
    # reporting and blocking: people of the community the thing lives in; a 404 to everyone else
    "reports.report": Row(
        "/report/post/{writer_post}",
        get=members(200, outsider=404),
        post=members(303, outsider=404),
        data={"reason": "spam"},
    ),
    "reports.mine": Row("/reports/mine", get=logged_in(200)),
    "blocking.block": Row("/people/{writer}/block", get=members(200, outsider=404), post=members(303, outsider=404)),
    "blocking.blocked": Row("/settings/blocked", get=logged_in(200)),
    "blocking.unblock": Row("/settings/blocked/{blocked}/unblock", post=statuses(404, V=302, M=303)),
}
