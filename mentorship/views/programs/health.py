"""Program and community health dashboards for a community's admins: aggregates, charts, CSV, nudges."""

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from mentorship.permissions.communities import get_admin_community_or_404
from mentorship.permissions.programs import get_admin_program_or_404, get_program_mentorship_or_404
from mentorship.services.board.read import duration_words
from mentorship.services.programs import community as community_service
from mentorship.services.programs import health as service
from mentorship.services.programs import notes
from mentorship.services.sessions.held import held_in_program
from mentorship.web.downloads import csv_response
from mentorship.web.errors import refuse
from mentorship.web.htmx import is_htmx, render
from mentorship.web.inputs import page_number


def _attention_context(program_id: int) -> dict:
    page = service.attention_page(program_id, page_number())
    nudged = service.nudged_this_week([row[0] for row in page.table.rows])
    return {
        "attention": page.table,
        "attention_total": page.total,
        "page_number": page.page,
        "pages": page.pages,
        "nudged": nudged,
    }


def _notes(community_id: int, program_id: int | None) -> dict:
    """What members wrote for the admins: a program's, or the mentorships' outside programs."""
    return {
        "concerns": notes.concerns(community_id, program_id),
        "end_reasons": notes.end_reasons(community_id, program_id),
        "comments": notes.pooled_comments(community_id, program_id),
        "pool_min": notes.POOL_MIN,
    }


@login_required
def program(slug: str, program_id: int):
    """The program dashboard: sign-ups, mentorships, weekly rates, feedback and pairs needing attention."""
    community, _skip, program = get_admin_program_or_404(slug, program_id)
    context = _attention_context(program.id)
    if is_htmx() and request.headers.get("HX-Target") == "attention":
        return render("programs/health/program.html", "attention", community=community, program=program, **context)
    return render(
        "programs/health/program.html",
        community=community,
        program=program,
        health=service.program_health(program.id),
        sessions_held=held_in_program(program.id),
        **_notes(community.id, program.id),
        **context,
    )


@login_required
def program_csv(slug: str, program_id: int, key: str):
    """One table of the program dashboard as CSV (the attention list in full)."""
    _skip, _skip, program = get_admin_program_or_404(slug, program_id)
    if key == "attention":
        table, _skip = service.attention_rows(program.id, page=None)
    else:
        table = service.program_health(program.id)["tables"].get(key) or abort(404)
    return csv_response(table.columns, table.rows, f"program-{program.id}-{key}.csv")


@login_required
def nudge(slug: str, program_id: int, mentorship_id: int):
    """Send a pair a gentle nudge (once a week); htmx swaps the button in place."""
    community, _skip, program = get_admin_program_or_404(slug, program_id)
    mentorship = get_program_mentorship_or_404(program, mentorship_id)
    try:
        sent = service.nudge(mentorship, current_user.id)
    except service.NudgeError as error:
        return refuse(str(error), url_for("health.program", slug=slug, program_id=program.id))
    message = _("Nudge sent to the members.") if sent else _("This pair was already nudged this week.")
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
    back = url_for("health.program", slug=slug, program_id=program.id, page=page_number())
    return redirect(back + "#attention", 303)


@login_required
def community(slug: str):
    """The community dashboard: members, board activity, help requests and moderation."""
    community, membership = get_admin_community_or_404(slug)
    return render(
        "programs/health/community.html",
        community=community,
        membership=membership,
        health=community_service.community_health(community.id),
        duration_words=duration_words,
        **_notes(community.id, None),
    )


@login_required
def community_csv(slug: str, key: str):
    """One table of the community dashboard as CSV."""
    community, _skip = get_admin_community_or_404(slug)
    table = community_service.community_health(community.id)["tables"].get(key) or abort(404)
    return csv_response(table.columns, table.rows, f"community-{community.slug}-{key}.csv")
