""" "What we achieved": the summary a completed mentorship's members keep, their own words, and the link they
may share and revoke (the link's page names nobody and needs no log-in)."""

from flask import flash, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from mentorship.database import write_transaction
from mentorship.extensions import db
from mentorship.forms.outcomes import WordsForm
from mentorship.permissions.outcomes import get_shared_achievement_or_404
from mentorship.permissions.space import get_mentorship_or_404, mentorship_with_members
from mentorship.services.outcomes import OutcomeError
from mentorship.services.outcomes import summary as service
from mentorship.views.space.common import space_title
from mentorship.web.errors import refuse
from mentorship.web.htmx import redirect_or_hx, render


def _back(mentorship_id: int) -> str:
    return url_for("outcomes.show", mentorship_id=mentorship_id)


def _page(mentorship, achievement, form, status: int = 200):
    mine = next((w for w in achievement.words if w.user_id == current_user.id), None) if achievement else None
    if achievement is not None and mine is not None and not form.is_submitted():
        form.text.data, form.on_link.data = mine.text, mine.on_link
    member = mentorship.member_for(current_user.id)
    return render(
        "outcomes/achieved.html",
        status=status,
        mentorship=mentorship,
        title=space_title(mentorship, current_user.id),
        tab="achieved",
        achievement=achievement,
        goals=service.goals_for(achievement, mentorship, current_user.id) if achievement else [],
        names={m.user_id: m.user.display_name for m in mentorship.members},
        form=form,
        is_mentee=member.role == "mentee",
    )


def _summary(mentorship):
    """The stored summary; a completed mentorship without one (completed before outcomes existed) gets it now."""
    achievement = service.summary_of(mentorship.id)
    if achievement is None and mentorship.status == "completed":
        achievement = service.write_summary(mentorship)
    return achievement


@login_required
def show(mentorship_id: int):
    """The summary: goals and how far they got, weeks, sessions held, the mentees' words."""
    mentorship, _member = get_mentorship_or_404(mentorship_id)
    achievement = service.summary_of(mentorship.id)
    if achievement is None and mentorship.status == "completed":
        with write_transaction(db.session):  # a GET that writes once: a completion without its summary
            achievement = _summary(mentorship)
    return _page(mentorship, achievement, WordsForm())


@login_required
def words(mentorship_id: int):
    """A mentee's own words in the summary."""
    mentorship, _member = get_mentorship_or_404(mentorship_id)
    achievement = _summary(mentorship)
    if achievement is None:
        return refuse(_("The summary is written when the mentorship is completed."), _back(mentorship.id))
    form = WordsForm()
    if form.validate_on_submit():
        try:
            service.save_words(achievement, mentorship, current_user, form.text.data, form.on_link.data)
        except OutcomeError as error:
            form.text.errors = [str(error)]
        else:
            flash(_("Your words are saved."), "success")
            return redirect_or_hx(_back(mentorship.id))
    return _page(mentorship, achievement, form, 422)


@login_required
def share(mentorship_id: int):
    """Create the link (a new one replaces the old)."""
    mentorship, _member = get_mentorship_or_404(mentorship_id)
    achievement = _summary(mentorship)
    if achievement is None:
        return refuse(_("The summary is written when the mentorship is completed."), _back(mentorship.id))
    service.share(achievement, current_user)
    flash(_("Link created. Anyone with it can read the summary; revoke it here at any time."), "success")
    return redirect_or_hx(_back(mentorship.id) + "#share")


@login_required
def revoke(mentorship_id: int):
    """The link stops working at once."""
    mentorship, _member = get_mentorship_or_404(mentorship_id)
    achievement = service.summary_of(mentorship.id)
    if achievement is not None and achievement.share_token:
        service.revoke(achievement)
    flash(_("The link no longer works."), "info")
    return redirect_or_hx(_back(mentorship.id) + "#share")


def shared(token: str):
    """The summary as shared by one of its members: no names, the shared goals, the words they allowed."""
    achievement = get_shared_achievement_or_404(token)
    mentorship = db.session.scalar(mentorship_with_members(achievement.mentorship_id))
    return render(
        "outcomes/shared.html",
        achievement=achievement,
        mentorship=mentorship,
        goals=service.goals_for(achievement, mentorship, None),
        words=service.public_words(achievement),
    )
