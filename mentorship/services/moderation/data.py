"""A moderator's or admin's own decisions, for their data export: each action they took, with the reason they
wrote (the audit log keeps the decision for the community; the words are theirs too)."""

from sqlalchemy import select

from mentorship.extensions import db
from mentorship.models import AuditLog, User
from mentorship.signals import person_exported


def export_decisions(user: User) -> list[dict]:
    rows = db.session.scalars(select(AuditLog).where(AuditLog.actor_id == user.id).order_by(AuditLog.id))
    return [
        {
            "community_id": r.community_id,
            "action": r.action,
            "target": f"{r.target_type} {r.target_id}" if r.target_type else "",
            "reason": r.reason,
            "at": r.created_at.isoformat() if r.created_at else None,
        }
        for r in rows
    ]


@person_exported.connect
def _export_section(user: User) -> tuple[str, list[dict]]:
    return "decisions", export_decisions(user)
