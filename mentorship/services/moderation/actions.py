"""What moderators do about reports: dismiss, hide, restore, warn, suspend, remove. Every action is audited.

An action applies to the reported thing and closes every open report about it; each reporter is
told the outcome (a "report_outcome" notification), the member concerned is told what happened
and why. Reading the audit log is here too.
"""

from datetime import timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext
from sqlalchemy import delete, select
from sqlalchemy.orm import joinedload

from mentorship.dates import in_zone
from mentorship.extensions import db
from mentorship.models import AuditLog, Community, Membership, MemberWarning, Post, Program, Report, Topic, User, utcnow
from mentorship.permissions.moderation import SANCTION_REFUSAL, can_sanction, content_row, is_hideable
from mentorship.services.communities import audit
from mentorship.services.moderation.queue import QueueItem
from mentorship.services.moderation.reports import TARGET_NAMES, ModerationError
from mentorship.services.notify.links import site_path
from mentorship.services.notify.notifications import notify
from mentorship.signals import person_erased, person_exported

ACTIONS = {
    "dismiss": _l("Dismiss"),
    "hide": _l("Hide"),
    "restore": _l("Restore"),
    "warn": _l("Warn the member"),
    "suspend": _l("Suspend"),
    "remove": _l("Remove from the community"),
}
REASON_REQUIRED = ("hide", "warn", "suspend", "remove")
MEMBER_ACTIONS = ("warn", "suspend", "remove")
REASON_MAX = 1000
SUSPEND_DAYS = range(1, 366)
# What each action is called in the audit log (older entries come from the communities area).
AUDIT_LABELS = {
    "dismissed": _l("Report dismissed"),
    "hidden": _l("Content hidden"),
    "restored": _l("Content restored"),
    "auto_hidden": _l("Hidden automatically (many reports)"),
    "warned": _l("Member warned"),
    "suspended": _l("Member suspended"),
    "suspension_lifted": _l("Suspension lifted"),
    "removed": _l("Member removed (moderation)"),
    "member_removed": _l("Member removed"),
    "role_changed": _l("Role changed"),
    "join_request_approved": _l("Join request approved"),
    "join_request_declined": _l("Join request declined"),
    "moderation_settings_changed": _l("Moderation settings changed"),
    "program_created": _l("Program created"),
    "program_edited": _l("Program edited"),
    "program_status": _l("Program status changed"),
    "program_deleted": _l("Program deleted"),
    "matching_run": _l("Matching run"),
    "match_accepted": _l("Suggested pair accepted"),
    "pair_by_hand": _l("Pair made by hand"),
}
OUTCOMES = {
    "dismiss": _l("The moderators reviewed it and found that it doesn't break the community's rules."),
    "restore": _l("The moderators reviewed it and decided to keep it up."),
    "hide": _l("The moderators hid it."),
    "warn": _l("The moderators warned the member."),
    "suspend": _l("The moderators suspended the member for a while."),
    "remove": _l("The moderators removed the member from the community."),
}


def available_actions(item: QueueItem, actor: Membership) -> list[str]:
    """The actions that make sense for this target now, in the order the queue shows them."""
    actions = []
    if item.target_type in ("topic", "post"):
        actions += ["restore"] if item.hidden else ["dismiss", "hide"]
    else:
        actions.append("dismiss")
    if can_sanction(actor, item.author_membership):
        actions += list(MEMBER_ACTIONS)
    return actions


def _clean_reason(action: str, reason: str | None) -> str:
    reason = (reason or "").strip()
    if action in REASON_REQUIRED and not reason:
        raise ModerationError(_("Give a reason: the member is told it, and it goes into the audit log."), "reason")
    if len(reason) > REASON_MAX:
        raise ModerationError(f"Keep the reason under {REASON_MAX:,} characters.", "reason")
    return reason


def act(
    community: Community,
    actor: User,
    actor_membership: Membership,
    item: QueueItem,
    action: str,
    reason: str | None,
    days: int | None = None,
    also_hide: bool = False,
) -> str:
    """Carry out a moderator's decision on a reported target; returns a line for the moderator. Commits."""
    if action not in available_actions(item, actor_membership):
        raise ModerationError(_("That action isn't available for this report (it may have changed meanwhile)."))
    reason = _clean_reason(action, reason)
    if action == "suspend" and (days is None or days not in SUSPEND_DAYS):
        raise ModerationError(_("Suspend for 1 to 365 days."), "days")
    report_ids = [r.id for r in item.reports]
    content = content_row(item.target_type, item.target_id)
    done = []
    if action in ("dismiss", "restore"):
        done.append(_keep_up(community, actor, item, content, action, reason, report_ids))
    if content is not None and (action == "hide" or (also_hide and action in MEMBER_ACTIONS)):
        done.append(_hide(community, actor, item, content, reason, report_ids))
    if action in MEMBER_ACTIONS:
        done.append(sanction(community, actor, item.author_membership, action, reason, days, report_ids))
    outcome = OUTCOMES[action]
    if action in MEMBER_ACTIONS and content is not None and content.hidden_at is not None:
        outcome += " The reported content is hidden."
    status = "dismissed" if action in ("dismiss", "restore") else "actioned"
    resolve_reports(community, actor, item.reports, status, outcome)
    db.session.commit()
    return " ".join(done)


def _keep_up(
    community: Community,
    actor: User,
    item: QueueItem,
    content: Topic | Post | None,
    action: str,
    reason: str,
    report_ids: list[int],
) -> str:
    """Dismiss or restore: the content shows again (if it was hidden); audited."""
    if content is not None and content.hidden_at is not None:
        content.hidden_at = None
    logged = "dismissed" if action == "dismiss" else "restored"
    audit.log(community.id, actor.id, logged, item.target_type, item.target_id, reason, reports=report_ids)
    return "Dismissed." if action == "dismiss" else "Restored: it is visible again."


def _hide(
    community: Community, actor: User, item: QueueItem, content: Topic | Post, reason: str, report_ids: list[int]
) -> str:
    """Hide the reported content (audited) and tell its author why."""
    if content.hidden_at is None:
        content.hidden_at = utcnow()
    audit.log(community.id, actor.id, "hidden", item.target_type, item.target_id, reason, reports=report_ids)
    _tell_author_hidden(community, content, reason)
    return "Hidden."


def sanction(
    community: Community,
    actor: User,
    target: Membership,
    action: str,
    reason: str,
    days: int | None = None,
    report_ids: list[int] = (),
) -> str:
    """Warn, suspend or remove a member (in the caller's transaction); returns a line for the moderator."""
    name = target.user.display_name
    if action == "warn":
        db.session.add(
            MemberWarning(
                community_id=community.id,
                user_id=target.user_id,
                moderator_id=actor.id,
                report_id=report_ids[0] if report_ids else None,
                reason=reason,
            )
        )
        audit.log(community.id, actor.id, "warned", "user", target.user_id, reason, reports=list(report_ids))
        notify(
            target.user_id,
            "moderation",
            _l("A moderator of %(community)s warned you: %(reason)s", community=community.name, reason=reason),
            site_path("communities.show", slug=community.slug),
        )
        return _("%(name)s was warned.", name=name)
    if action == "suspend":
        until = utcnow() + timedelta(days=days)
        target.suspended_until = until
        target.status = "suspended"
        details = {"reports": list(report_ids), "days": days, "until": until.isoformat()}
        audit.log(community.id, actor.id, "suspended", "user", target.user_id, reason, **details)
        notify(
            target.user_id,
            "moderation",
            lazy_ngettext(
                "You are suspended in %(community)s for %(num)d day: %(reason)s You can still read, but not "
                "post, message or sign up until then.",
                "You are suspended in %(community)s for %(num)d days: %(reason)s You can still read, but not "
                "post, message or sign up until then.",
                days,
                community=community.name,
                reason=reason,
            ),
            site_path("communities.show", slug=community.slug),
        )
        return _("%(name)s is suspended until %(in_zone)s.", name=name, in_zone=in_zone(until, actor.timezone))
    audit.log(community.id, actor.id, "removed", "user", target.user_id, reason, reports=list(report_ids))
    notify(
        target.user_id,
        "moderation",
        _l(
            "You were removed from %(community)s by its moderators: %(reason)s", community=community.name, reason=reason
        ),
    )
    db.session.delete(target)
    return _("%(name)s was removed from %(community)s.", name=name, community=community.name)


def _tell_author_hidden(community: Community, content: Topic | Post, reason: str) -> None:
    if content.author_id:
        what = "topic" if isinstance(content, Topic) else "post"
        notify(
            content.author_id,
            "moderation",
            _l(
                "A moderator of %(community)s hid your %(what)s: %(reason)s",
                community=community.name,
                what=what,
                reason=reason,
            ),
        )


def resolve_reports(community: Community, actor: User, reports: list[Report], status: str, outcome: str) -> None:
    """Close reports and tell each reporter the outcome (once per reporter)."""
    now = utcnow()
    told = set()
    link = site_path("reports.mine")
    for report in reports:
        report.status, report.outcome = status, outcome
        report.resolved_by_id, report.resolved_at = actor.id, now
        if report.reporter_id and report.reporter_id not in told:
            told.add(report.reporter_id)
            what = TARGET_NAMES.get(report.target_type, "something")
            text = _l(
                "Your report about %(what)s in %(community)s: %(outcome)s",
                what=what,
                community=community.name,
                outcome=outcome,
            )
            notify(report.reporter_id, "report_outcome", text, link)


def set_hidden(
    community: Community, actor: User, target_type: str, target_id: int, hidden: bool, reason: str | None
) -> str:
    """Hide or restore a topic or post straight from the board; open reports about it are closed. Commits."""
    content = content_row(target_type, target_id)
    if not is_hideable(community, content):
        raise ModerationError(_("That can't be hidden."))
    reason = _clean_reason("hide" if hidden else "restore", reason)
    if (content.hidden_at is not None) == hidden:
        return "It is already hidden." if hidden else "It is already visible."
    reports = list(
        db.session.scalars(
            select(Report).where(
                Report.community_id == community.id,
                Report.target_type == target_type,
                Report.target_id == target_id,
                Report.status == "open",
            )
        )
    )
    report_ids = [r.id for r in reports]
    content.hidden_at = utcnow() if hidden else None
    logged = "hidden" if hidden else "restored"
    audit.log(community.id, actor.id, logged, target_type, target_id, reason, reports=report_ids)
    if hidden:
        _tell_author_hidden(community, content, reason)
    if reports:
        action = "hide" if hidden else "restore"
        resolve_reports(community, actor, reports, "actioned" if hidden else "dismissed", OUTCOMES[action])
    db.session.commit()
    return "Hidden: only moderators see it now." if hidden else "Restored: everyone sees it again."


def lift_suspension(community: Community, actor: User, actor_membership: Membership, target: Membership) -> str:
    """End a suspension early. Commits."""
    if not can_sanction(actor_membership, target):
        raise ModerationError(SANCTION_REFUSAL)
    if not target.is_suspended:
        return _("%(user)s is not suspended.", user=target.user.display_name)
    target.suspended_until = None
    target.status = "active"
    audit.log(community.id, actor.id, "suspension_lifted", "user", target.user_id)
    text = _l("Your suspension in %(community)s was lifted. Welcome back.", community=community.name)
    notify(target.user_id, "moderation", text, site_path("communities.show", slug=community.slug))
    db.session.commit()
    return _("%(user)s can post again.", user=target.user.display_name)


def update_settings(community: Community, actor: User, threshold: int, slow_mode: bool) -> None:
    """Change the automatic-hiding threshold (0 turns it off) and slow mode. Commits."""
    if not 0 <= threshold <= 50:
        raise ModerationError(_("Use a number from 0 (never hide automatically) to 50."), "report_hide_threshold")
    before = {
        "report_hide_threshold": community.report_hide_threshold,
        "slow_mode_enabled": community.slow_mode_enabled,
    }
    community.report_hide_threshold, community.slow_mode_enabled = threshold, slow_mode
    after = {"report_hide_threshold": threshold, "slow_mode_enabled": slow_mode}
    if before != after:
        changed = "moderation_settings_changed"
        audit.log(community.id, actor.id, changed, "community", community.id, before=before, after=after)
    db.session.commit()


# --- the audit log ---------------------------------------------------------------------------------

TARGET_KINDS = ("user", "topic", "post", "program")


def audit_page(community_id: int, action: str | None, page: int, per_page: int = 50):
    """The community's audit log, newest first, optionally one kind of action."""
    query = (
        select(AuditLog)
        .where(AuditLog.community_id == community_id)
        .options(joinedload(AuditLog.actor))
        .order_by(AuditLog.created_at.desc(), AuditLog.id.desc())
    )
    if action:
        query = query.where(AuditLog.action == action)
    result = db.paginate(query, page=page, per_page=per_page, error_out=False)
    result.targets = describe_targets(result.items)
    return result


def _pairs(statement) -> dict:
    return {key: value for key, value in db.session.execute(statement)}


def describe_targets(entries: list[AuditLog]) -> dict[int, str]:
    """entry id -> what it was about, in words (one query per kind; a message is never described)."""
    ids = {kind: {e.target_id for e in entries if e.target_type == kind and e.target_id} for kind in TARGET_KINDS}
    names = _pairs(select(User.id, User.display_name).where(User.id.in_(ids["user"]))) if ids["user"] else {}
    titles = _pairs(select(Topic.id, Topic.title).where(Topic.id.in_(ids["topic"]))) if ids["topic"] else {}
    programs = _pairs(select(Program.id, Program.title).where(Program.id.in_(ids["program"]))) if ids["program"] else {}
    post_titles = {}
    if ids["post"]:
        post_titles = _pairs(
            select(Post.id, Topic.title).join(Topic, Topic.id == Post.topic_id).where(Post.id.in_(ids["post"]))
        )
    described = {}
    for e in entries:
        if e.target_type == "user":
            described[e.id] = names.get(e.target_id, "a former member")
        elif e.target_type == "topic":
            described[e.id] = f"topic “{titles.get(e.target_id, 'deleted')}”"
        elif e.target_type == "post":
            described[e.id] = f"a post in “{post_titles.get(e.target_id, 'a deleted topic')}”"
        elif e.target_type == "message":
            described[e.id] = "a private message (reported)"
        elif e.target_type == "program":
            title = programs.get(e.target_id) or e.details.get("title") or "deleted"
            described[e.id] = f"program “{title}”"
        elif e.target_type == "community":
            described[e.id] = "community settings"
        else:
            described[e.id] = e.target_type or ""
    return described


# --- a person's data --------------------------------------------------------------------------------


def _export_warnings(user: User) -> list[dict]:
    rows = db.session.scalars(
        select(MemberWarning)
        .where(MemberWarning.user_id == user.id)
        .options(joinedload(MemberWarning.community))
        .order_by(MemberWarning.id)
    )
    return [{"community": w.community.name, "reason": w.reason, "created_at": w.created_at} for w in rows]


def _erase_warnings(user: User, erase_written: bool) -> None:
    db.session.execute(delete(MemberWarning).where(MemberWarning.user_id == user.id))


@person_exported.connect
def _export_section(user: User) -> tuple[str, list[dict]]:
    return "moderation_warnings", _export_warnings(user)


person_erased.connect(_erase_warnings)
