"""Sign-ups to programs: sign up, edit, withdraw, pause; admins approve, waitlist or decline."""

from flask_babel import gettext as _
from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import selectinload

from mentorship.extensions import db
from mentorship.models import Enrollment, Membership, Mentorship, MentorshipMember, Program, User, utcnow
from mentorship.models.matching import MatchSuggestion, MentorRequest
from mentorship.permissions.programs import (
    EDITABLE_SIGNUP_STATUSES,
    SIGNUP_LOCKED,
    can_edit_signup,
    uses_mentor_directory,
)
from mentorship.services.communities.suspension import active_suspension, suspension_text
from mentorship.services.notify.links import site_path
from mentorship.services.notify.notifications import mail_notification, notify
from mentorship.services.notify.prefs import pref_for_kind

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_NAMES = dict(zip(DAYS, ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"), strict=True))
PARTS = ("morning", "afternoon", "evening")
AVAILABILITY_SLOTS = tuple(f"{day}-{part}" for day in DAYS for part in PARTS)
LIVE_STATUSES = ("proposed", "active", "paused")
DECISIONS = {"approve": "approved", "waitlist": "waitlisted", "decline": "declined"}
SIGNUP_TABS = ("pending", "approved", "waitlisted", "declined", "withdrawn")
MAX_CAPACITY = 10


class EnrollmentError(ValueError):
    """A sign-up action refused, with a message for the person."""


def enrollment_of(program: Program, user_id: int) -> Enrollment | None:
    return db.session.scalar(
        select(Enrollment).where(Enrollment.program_id == program.id, Enrollment.user_id == user_id)
    )


def signups_with_status(program: Program, status: str) -> Select:
    """A program's sign-ups in one status, oldest first, as a statement to paginate."""
    return (
        select(Enrollment)
        .where(Enrollment.program_id == program.id, Enrollment.status == status)
        .options(selectinload(Enrollment.user))
        .order_by(Enrollment.created_at, Enrollment.id)
    )


def signup_tallies(program: Program) -> dict[str, int]:
    """How many sign-ups the program has in each status."""
    rows = db.session.execute(
        select(Enrollment.status, func.count(Enrollment.id))
        .where(Enrollment.program_id == program.id)
        .group_by(Enrollment.status)
    )
    return dict(rows.all())


def live_mentorship_count(program_id: int, user_id: int, role: str | None = None) -> int:
    """How many pairs or circles in this program the person is in and which are not over."""
    query = (
        select(func.count(Mentorship.id))
        .join(MentorshipMember)
        .where(
            Mentorship.program_id == program_id,
            Mentorship.status.in_(LIVE_STATUSES),
            MentorshipMember.user_id == user_id,
        )
    )
    if role:
        query = query.where(MentorshipMember.role == role)
    return db.session.scalar(query)


def signup(program: Program, user: User, **fields) -> Enrollment:
    """Sign up as mentor or mentee (again, after withdrawing or being declined); commits."""
    if program.status != "open":
        raise EnrollmentError("Sign-up for this program is closed.")
    _refuse_if_suspended(program, user)
    enrollment = enrollment_of(program, user.id)
    if enrollment is not None and enrollment.status in EDITABLE_SIGNUP_STATUSES:
        raise EnrollmentError("You've already signed up; you can edit your sign-up instead.")
    if enrollment is None:
        enrollment = Enrollment(program_id=program.id, user_id=user.id)
        db.session.add(enrollment)
    enrollment.role = fields.get("role", enrollment.role or "mentee")
    _apply(enrollment, fields)
    enrollment.status, enrollment.paused, enrollment.unmatched_rounds = "pending", False, 0
    enrollment.created_at = utcnow()
    db.session.flush()
    _tell_admins(program, user, enrollment.role)
    db.session.commit()
    return enrollment


def _refuse_if_suspended(program: Program, user: User) -> None:
    suspended = active_suspension(program.community_id, user.id)
    if suspended is not None:
        raise EnrollmentError(suspension_text(program.community, suspended, user.timezone))


def _apply(enrollment: Enrollment, fields: dict) -> None:
    """Copy the form's values; the role is set by the caller, which knows whether it may change."""
    for key, value in fields.items():
        if key != "role":
            setattr(enrollment, key, value)
    if enrollment.role != "mentor":
        enrollment.capacity = 1


def _tell_admins(program: Program, user: User, role: str) -> None:
    admin_ids = db.session.scalars(
        select(Membership.user_id).where(Membership.community_id == program.community_id, Membership.role == "admin")
    )
    link = site_path("program_admin.signups", slug=program.community.slug, program_id=program.id)
    for admin_id in admin_ids:
        notify(
            admin_id,
            "program_signup",
            f"{user.display_name} signed up as {role} for {program.title}.",
            link,
            bundle_key=f"signups-{program.id}",
            author=user,
        )


def update_enrollment(enrollment: Enrollment, **fields) -> None:
    """Edit a sign-up; the role is fixed once an admin approved it; commits."""
    if not can_edit_signup(enrollment):
        raise EnrollmentError(SIGNUP_LOCKED)
    _refuse_if_suspended(enrollment.program, enrollment.user)
    new_role = fields.get("role", enrollment.role)
    if new_role != enrollment.role and enrollment.status != "pending":
        raise EnrollmentError("Your role can't change after an admin approved your sign-up.")
    if enrollment.role == "mentor" and "capacity" in fields:
        taken = live_mentorship_count(enrollment.program_id, enrollment.user_id, "mentor")
        if fields["capacity"] < taken:
            raise EnrollmentError(f"You already mentor {taken}; your capacity can't be lower than that.")
    enrollment.role = new_role
    _apply(enrollment, fields)
    db.session.commit()


def withdraw(enrollment: Enrollment) -> None:
    """Withdraw a sign-up; refused while the person is in a live mentorship of the program; commits."""
    if enrollment.status == "withdrawn":
        return
    if live_mentorship_count(enrollment.program_id, enrollment.user_id):
        raise EnrollmentError("You're in a mentorship in this program. End it from its page before withdrawing.")
    enrollment.status = "withdrawn"
    _drop_open_work(enrollment, "withdrew from the program")
    db.session.commit()


def set_paused(enrollment: Enrollment, paused: bool) -> None:
    """A mentor pauses (or resumes) taking new mentees; commits."""
    if enrollment.role != "mentor":
        raise EnrollmentError("Only mentors can pause their availability.")
    if enrollment.status not in EDITABLE_SIGNUP_STATUSES:
        raise EnrollmentError("This sign-up is not active.")
    enrollment.paused = paused
    if paused:
        for suggestion in _pending_suggestions_with(enrollment):
            suggestion.status = "superseded"
    db.session.commit()


def decide(enrollment: Enrollment, actor: User, decision: str) -> None:
    """An admin approves, waitlists or declines a sign-up and the person is told; commits."""
    if decision not in DECISIONS:
        raise EnrollmentError("Choose approve, waitlist or decline.")
    if enrollment.status == "withdrawn":
        raise EnrollmentError("This person withdrew their sign-up.")
    status = DECISIONS[decision]
    if status != "approved" and live_mentorship_count(enrollment.program_id, enrollment.user_id):
        raise EnrollmentError("This person is already in a mentorship in this program.")
    if enrollment.status == status:
        return
    enrollment.status = status
    if status != "approved":
        _drop_open_work(enrollment, "is no longer approved")
    program = enrollment.program
    words = {
        "approved": f"You're in! Your sign-up as {enrollment.role} for {program.title} is approved.",
        "waitlisted": f"You're on the waiting list for {program.title}. We'll tell you when a place opens up.",
        "declined": f"Your sign-up for {program.title} wasn't accepted this time.",
    }
    link = site_path("programs.show", slug=program.community.slug, program_id=program.id)
    if status == "approved" and enrollment.role == "mentee" and uses_mentor_directory(program):
        # In a mentee-choice program nobody pairs her: the next step is hers, and every channel says so.
        text = _("You're approved: now choose your mentor in %(title)s.", title=program.title)
        link = site_path("programs.mentors", slug=program.community.slug, program_id=program.id)
        notify(enrollment.user_id, "program_signup_decided", text, link, email=False)
        user = enrollment.user
        if user.wants_email(pref_for_kind("program_signup_decided")):
            mail_notification(user, "program_signup_decided", text, link, button=_("Choose your mentor"))
    else:
        notify(enrollment.user_id, "program_signup_decided", words[status], link)
    db.session.commit()


def _pending_suggestions_with(enrollment: Enrollment) -> list[MatchSuggestion]:
    pending = db.session.scalars(
        select(MatchSuggestion).where(
            MatchSuggestion.program_id == enrollment.program_id, MatchSuggestion.status == "pending"
        )
    )
    return [
        s
        for s in pending
        if s.mentor_enrollment_id == enrollment.id or enrollment.id in (s.mentee_enrollment_ids or [])
    ]


def _drop_open_work(enrollment: Enrollment, why: str) -> None:
    """Suggestions and open requests involving someone who left no longer make sense."""
    for suggestion in _pending_suggestions_with(enrollment):
        suggestion.status = "superseded"
    requests = db.session.scalars(
        select(MentorRequest).where(
            MentorRequest.status == "open",
            or_(
                MentorRequest.mentee_enrollment_id == enrollment.id,
                MentorRequest.mentor_enrollment_id == enrollment.id,
            ),
        )
    )
    for request in requests:
        request.status, request.decided_at = "closed", utcnow()
        other = request.mentee if request.mentor_enrollment_id == enrollment.id else request.mentor
        notify(
            other.user_id,
            "request_closed",
            f"Your mentor request in {enrollment.program.title} was closed: {enrollment.user.display_name} {why}.",
        )
