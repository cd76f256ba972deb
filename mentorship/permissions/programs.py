"""Who may do what with programs: see one, run it, edit a sign-up, answer a mentor request; the program loaders.

A draft exists only for the community's admins (a 404 to other members); everything an admin does to a program
(settings, sign-ups, matching, health) needs the admin role. Loaders load and check in one step and take the
program a row belongs to, so an id from another program is a 404.
"""

from flask import abort
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from mentorship.database import as_database_id
from mentorship.extensions import db
from mentorship.models import Community, Enrollment, Membership, Mentorship, Program, ProgramStep
from mentorship.models.matching import MatchSuggestion, MentorRequest, PairDecision
from mentorship.permissions.communities import get_admin_community_or_404, get_member_community_or_404, is_admin

# A sign-up the person may still edit (and an admin may still decide on).
EDITABLE_SIGNUP_STATUSES = ("pending", "approved", "waitlisted")
SIGNUP_LOCKED = _l("This sign-up can no longer be edited.")
# Who answers a mentor request: the mentor accepts or declines, the mentee withdraws.
ANSWERED_BY = {"accept": "mentor", "decline": "mentor", "withdraw": "mentee"}
NOT_YOUR_ANSWER = {
    "mentor": _l("Only the mentor who was asked can accept or decline this request."),
    "mentee": _l("Only the mentee who sent this request can withdraw it."),
}


def can_see_program(membership: Membership | None, program: Program) -> bool:
    """Members see a program once it has opened; a draft only its community's admins."""
    return membership is not None and (program.status != "draft" or membership.is_admin)


def can_manage_program(user, community: Community) -> bool:
    """A community's admins create programs, edit them, decide sign-ups, match and read health."""
    return is_admin(user, community)


def can_edit_signup(enrollment: Enrollment | None) -> bool:
    """A sign-up is edited (and withdrawn or paused from the program page) while it is live and the program not
    closed."""
    return (
        enrollment is not None
        and enrollment.status in EDITABLE_SIGNUP_STATUSES
        and enrollment.program.status != "closed"
    )


def uses_mentor_directory(program: Program) -> bool:
    """Mentees choose their mentor from a directory only in a mentee-choice program."""
    return program.matching_mode == "mentee_choice"


def can_answer_request(user, item: MentorRequest, action: str) -> bool:
    """The mentor asked accepts or declines; the mentee who asked withdraws."""
    side = ANSWERED_BY.get(action)
    person = item.mentor if side == "mentor" else item.mentee if side == "mentee" else None
    return person is not None and user is not None and person.user_id == getattr(user, "id", None)


def _program_in(community: Community, program_id: int) -> Program:
    program = db.session.scalar(
        select(Program)
        .where(Program.id == program_id, Program.community_id == community.id)
        .options(selectinload(Program.steps))
    )
    if program is None:
        abort(404)
    return program


def get_program_or_404(slug: str, program_id: int) -> tuple[Community, Membership, Program]:
    """A program a member may see: a draft is a 404 to anyone but the community's admins."""
    community, membership = get_member_community_or_404(slug)
    program = _program_in(community, program_id)
    if not can_see_program(membership, program):
        abort(404)
    return community, membership, program


def get_admin_program_or_404(slug: str, program_id: int) -> tuple[Community, Membership, Program]:
    """A program of a community the person administers (other members get 403)."""
    community, membership = get_admin_community_or_404(slug)
    return community, membership, _program_in(community, program_id)


def get_directory_program_or_404(slug: str, program_id: int) -> tuple[Community, Membership, Program]:
    """A program whose mentees choose their mentor: other programs have no directory (404)."""
    community, membership, program = get_program_or_404(slug, program_id)
    if not uses_mentor_directory(program):
        abort(404)
    return community, membership, program


def get_step_or_404(program: Program, week: int) -> ProgramStep:
    """One week's step of the program (its steps are loaded with it)."""
    step = next((s for s in program.steps if s.week == week), None)
    if step is None:
        abort(404)
    return step


def get_enrollment_or_404(program: Program, enrollment_id) -> Enrollment:
    """A sign-up of this program (the id may come from a form, so anything not a number is a 404)."""
    number = as_database_id(enrollment_id)
    enrollment = db.session.get(Enrollment, number) if number is not None else None
    if enrollment is None or enrollment.program_id != program.id:
        abort(404)
    return enrollment


def get_my_enrollment_or_404(program: Program) -> Enrollment:
    """The logged-in person's sign-up to this program."""
    enrollment = db.session.scalar(
        select(Enrollment).where(Enrollment.program_id == program.id, Enrollment.user_id == current_user.id)
    )
    if enrollment is None:
        abort(404)
    return enrollment


def get_directory_mentor_or_404(program: Program, enrollment_id: int) -> Enrollment:
    """A mentor the directory lists: approved, in this program."""
    mentor = get_enrollment_or_404(program, enrollment_id)
    if mentor.role != "mentor" or mentor.status != "approved":
        abort(404)
    return mentor


def get_suggestion_or_404(program: Program, suggestion_id: int) -> MatchSuggestion:
    suggestion = db.session.get(MatchSuggestion, suggestion_id)
    if suggestion is None or suggestion.program_id != program.id:
        abort(404)
    return suggestion


def get_pair_rule_or_404(program: Program, rule_id: int) -> PairDecision:
    rule = db.session.get(PairDecision, rule_id)
    if rule is None or rule.program_id != program.id:
        abort(404)
    return rule


def get_program_mentorship_or_404(program: Program, mentorship_id: int) -> Mentorship:
    """A mentorship of this program, for its admins (health and nudges; never its private space)."""
    mentorship = db.session.scalar(
        select(Mentorship).where(Mentorship.id == mentorship_id, Mentorship.program_id == program.id)
    )
    if mentorship is None:
        abort(404)
    return mentorship


def get_request_to_answer_or_404(program: Program, request_id: int, action: str) -> MentorRequest:
    """A mentor request one of its two people answers: 404 to anyone else, 403 with a sentence to the wrong side."""
    item = db.session.get(MentorRequest, request_id)
    if item is None or item.program_id != program.id or action not in ANSWERED_BY:
        abort(404)
    if current_user.id not in (item.mentor.user_id, item.mentee.user_id):
        abort(404)
    if not can_answer_request(current_user, item, action):
        abort(403, description=NOT_YOUR_ANSWER[ANSWERED_BY[action]])
    return item


TEMPLATE_PREDICATES = {
    "can_manage_program": can_manage_program,
    "can_edit_signup": can_edit_signup,
    "uses_mentor_directory": uses_mentor_directory,
}
