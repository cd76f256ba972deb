"""Program and community health dashboards for a community's admins: aggregates, charts, CSV, nudges."""

import csv
import io

from flask import Response, abort, flash, redirect, request, url_for
from flask_login import current_user
from sqlalchemy import select

from mentorship.extensions import db
from mentorship.models import Mentorship
from mentorship.permissions.communities import get_admin_community_or_404
from mentorship.services.board.read import duration_words
from mentorship.services.programs import health as service
from mentorship.views.programs.helpers import load_admin_program
from mentorship.web.errors import abort_with
from mentorship.web.htmx import is_htmx, render


def _csv(table: service.Table, filename: str) -> Response:
    """A table as a CSV download, from the same rows the page shows."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(table.columns)
    writer.writerows([["" if value is None else value for value in row] for row in table.rows])
    return Response(
        out.getvalue(),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}.csv"', "Cache-Control": "no-store"},
    )


def _page() -> int:
    return max(request.args.get("page", 1, type=int) or 1, 1)


def _attention_context(program_id: int) -> dict:
    table, total = service.attention_rows(program_id, _page())
    pages = max((total + service.ATTENTION_PER_PAGE - 1) // service.ATTENTION_PER_PAGE, 1)
    nudged = service.nudged_this_week([row[0] for row in table.rows])
    return {"attention": table, "attention_total": total, "page_number": _page(), "pages": pages, "nudged": nudged}


def program(slug: str, program_id: int):
    """The program dashboard: sign-ups, mentorships, weekly rates, feedback and pairs needing attention."""
    community, _, program = load_admin_program(slug, program_id)
    context = _attention_context(program.id)
    if is_htmx() and request.headers.get("HX-Target") == "attention":
        return render("programs/health/program.html", "attention", community=community, program=program, **context)
    return render(
        "programs/health/program.html",
        community=community,
        program=program,
        health=service.program_health(program.id),
        **context,
    )


def program_csv(slug: str, program_id: int, key: str):
    """One table of the program dashboard as CSV (the attention list in full)."""
    _, _, program = load_admin_program(slug, program_id)
    if key == "attention":
        table, _ = service.attention_rows(program.id, page=None)
    else:
        table = service.program_health(program.id)["tables"].get(key) or abort(404)
    return _csv(table, f"program-{program.id}-{key}")


def nudge(slug: str, program_id: int, mentorship_id: int):
    """Send a pair a gentle nudge (once a week); htmx swaps the button in place."""
    community, _, program = load_admin_program(slug, program_id)
    mentorship = db.session.scalar(
        select(Mentorship).where(Mentorship.id == mentorship_id, Mentorship.program_id == program.id)
    )
    if mentorship is None:
        abort(404)
    try:
        sent = service.nudge(mentorship, current_user.id)
    except service.NudgeError as error:
        if is_htmx():
            abort_with(409, str(error))
        flash(str(error), "error")
        return redirect(url_for("health.program", slug=slug, program_id=program.id), 303)
    message = "Nudge sent to the members." if sent else "This pair was already nudged this week."
    if is_htmx():
        return render(
            "programs/health/_nudge.html",
            mentorship_id=mentorship.id,
            nudged=True,
            message=message,
            community=community,
            program=program,
        )
    flash(message, "success" if sent else "info")
    return redirect(url_for("health.program", slug=slug, program_id=program.id, page=_page()) + "#attention", 303)


def community(slug: str):
    """The community dashboard: members, board activity, help requests and moderation."""
    community, membership = get_admin_community_or_404(slug)
    return render(
        "programs/health/community.html",
        community=community,
        membership=membership,
        health=service.community_health(community.id),
        duration_words=duration_words,
    )


def community_csv(slug: str, key: str):
    """One table of the community dashboard as CSV."""
    community, _ = get_admin_community_or_404(slug)
    table = service.community_health(community.id)["tables"].get(key) or abort(404)
    return _csv(table, f"community-{community.slug}-{key}")
