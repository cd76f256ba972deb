"""The audit log: who did what to whom, when and why, for every area's moderation and admin actions."""

from mentorship.extensions import db
from mentorship.models import AuditLog


def log(
    community_id: int | None,
    actor_id: int | None,
    action: str,
    target_type: str = "",
    target_id: int | None = None,
    reason: str | None = None,
    **details,
) -> AuditLog:
    """Add one entry to the caller's transaction (the caller commits with the action it records)."""
    entry = AuditLog(
        community_id=community_id,
        actor_id=actor_id,
        action=action,
        target_type=target_type,
        target_id=target_id,
        reason=reason or "",
        details=details,
    )
    db.session.add(entry)
    return entry
