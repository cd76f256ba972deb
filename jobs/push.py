"""Send pushes from the push outbox, and the sweep that finds due ones (held by quiet hours, or missed)."""

from jobs.context import app_context
from mentorship.services.push.outbox import enqueue_due_pushes
from mentorship.services.push.sending import send_push as send


def send_push(push_id: int) -> str:
    """Send one push; a sent, held or claimed one is left alone, so a retry never sends twice."""
    with app_context():
        return send(push_id)


def sweep_push() -> int:
    """Enqueue every due push: those quiet hours held, and any whose job was lost (Redis down)."""
    with app_context():
        return enqueue_due_pushes()
