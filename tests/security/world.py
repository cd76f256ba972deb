"""One world for the security suite: every kind of person, and one of each thing a URL can point at.

People (the keys of `World.people`):
- visitor: not logged in
- member: a plain member of community A
- other: a member of community B only (another community's member)
- pair: the mentor of pair 1 in A's program
- other_pair: the mentor of pair 2 in the same program (a member of A, not of pair 1)
- moderator, admin: of A (and of the private community P)

Rows of the route matrix name URL parameters by the attributes below (`{c}`, `{p}`, `{m}`, ...).
"""

from datetime import timedelta
from types import SimpleNamespace

from sqlalchemy import select

from mentorship.extensions import db
from mentorship.models import (
    Achievement,
    CallSession,
    EmailOutbox,
    Goal,
    Invitation,
    JoinRequest,
    Milestone,
    Notification,
    PushSubscription,
    Survey,
    utcnow,
)
from mentorship.models.matching import MatchSuggestion, MentorRequest, PairDecision
from mentorship.services.sessions.feed import reset_feed
from mentorship.services.sessions.links import make_accept_token
from tests.factories import add_member, make_community, make_enrollment, make_mentorship, make_program, make_user

PEOPLE = ("visitor", "member", "other", "pair", "other_pair", "moderator", "admin")


def build_world() -> SimpleNamespace:
    """Create the world in the database; return ids, slugs and tokens (plain values) and the people."""
    from mentorship.services.accounts.auth import make_reset_token, make_verify_token
    from mentorship.services.notify.prefs import make_unsubscribe_token

    admin, moderator, member = make_user("Ada Admin"), make_user("Mo Moderator"), make_user("Mia Member")
    pair, other_pair = make_user("Pia Pair"), make_user("Oli Otherpair")
    partner, other_partner = make_user("Pat Partner"), make_user("Ola Otherpartner")
    other, target, applicant = make_user("Otto Other"), make_user("Tom Target"), make_user("Ann Applicant")
    unverified = make_user("Una Unverified", verified=False)

    community = make_community(admin=admin, name="Alpha", members=[member, pair, other_pair, partner, other_partner])
    add_member(community, moderator, "moderator", commit=False)
    add_member(community, target, commit=False)
    private = make_community(admin=admin, name="Private Place", private=True, members=[member, pair, other_pair])
    add_member(private, moderator, "moderator", commit=False)
    add_member(private, target, commit=False)
    make_community(admin=other, name="Beta")
    join_request = JoinRequest(community_id=private.id, user_id=applicant.id, message="Hello")
    db.session.add(join_request)
    invite_link = Invitation(community_id=community.id, kind="link", token="world-link")
    mailed = Invitation(community_id=community.id, kind="email", email="friend@example.org", token="mailed", max_uses=1)
    db.session.add_all([invite_link, mailed])
    db.session.commit()
    give_a_picture(target)

    program = make_program(community, admin, status="open")
    draft = make_program(community, admin, template="skill-development", status="draft")
    choice = make_program(community, admin, status="open", matching_mode="mentee_choice")
    pair_mentor = make_enrollment(program, pair, "mentor", capacity=2)
    pair_mentee = make_enrollment(program, partner, "mentee")
    other_mentor = make_enrollment(program, other_pair, "mentor")
    make_enrollment(program, other_partner, "mentee")
    free_mentee = make_enrollment(program, member, "mentee")
    pending = make_enrollment(program, make_user("Pen Pending"), "mentee", status="pending")
    mentorship = make_mentorship(community, pair, partner, program=program)
    other_mentorship = make_mentorship(community, other_pair, other_partner, program=program)

    req_mentor_user, req_mentee_user = make_user("Rae Reqmentor"), make_user("Ray Reqmentee")
    for person in (req_mentor_user, req_mentee_user):
        add_member(community, person, commit=False)
    req_mentor = make_enrollment(choice, req_mentor_user, "mentor")
    req_mentee = make_enrollment(choice, req_mentee_user, "mentee")
    make_enrollment(choice, member, "mentee")
    suggestion = MatchSuggestion(
        program_id=program.id, mentor_enrollment_id=pair_mentor.id, mentee_enrollment_ids=[free_mentee.id]
    )
    rule = PairDecision(
        program_id=program.id,
        mentor_enrollment_id=other_mentor.id,
        mentee_enrollment_id=free_mentee.id,
        decision="forbidden",
    )
    mentor_request = MentorRequest(
        program_id=choice.id, mentee_enrollment_id=req_mentee.id, mentor_enrollment_id=req_mentor.id
    )
    db.session.add_all([suggestion, rule, mentor_request])
    db.session.commit()
    board = build_board(community, member, pair)
    message = send_message(mentorship, pair, "Hello, partner")
    call = build_session(mentorship, partner)
    event = build_event(community, admin)
    series = build_series(mentorship, partner)
    moderation = build_moderation(community, member, board)
    outcomes = build_outcomes(mentorship, program)
    notice = Notification(user_id=member.id, kind="board_reply", text="A new reply", link=f"/c/{community.slug}")
    db.session.add(notice)
    mail = EmailOutbox(user_id=member.id, to_addr=member.email, subject="Hello", text_body="Hi http://x/", kind="x")
    db.session.add(mail)
    device = PushSubscription(user_id=member.id, endpoint="https://push.example.com/send/member", p256dh="x", auth="y")
    db.session.add(device)
    db.session.commit()

    world = SimpleNamespace(
        people={
            "visitor": None,
            "member": member,
            "other": other,
            "pair": pair,
            "other_pair": other_pair,
            "moderator": moderator,
            "admin": admin,
        },
        c=community.slug,
        priv=private.slug,
        p=program.id,
        draft=draft.id,
        choice=choice.id,
        m=mentorship.id,
        other_m=other_mentorship.id,
        target=target.id,
        target_email=target.email,
        join_request=join_request.id,
        invite_token=invite_link.token,
        mailed_invitation=mailed.id,
        pending=pending.id,
        pair_mentor=pair_mentor.id,
        free_mentee=free_mentee.id,
        other_mentor=other_mentor.id,
        pair_mentee=pair_mentee.id,
        req_mentor=req_mentor.id,
        mentor_request=mentor_request.id,
        suggestion=suggestion.id,
        rule=rule.id,
        verify_token=make_verify_token(unverified),
        reset_token=make_reset_token(target),
        email_token=email_change_token(target),
        msg=message,
        sess=call.id,
        ev=event.id,
        series=series.id,
        stamp=int(series.starts_at.timestamp()),
        accept_token=make_accept_token(pair.id, call.id, call.sequence),
        feed_token=reset_feed(pair).token,
        notice=notice.id,
        device=device.id,
        mail=mail.id,
        unsubscribe_token=make_unsubscribe_token(member.id, "email_help"),
        **board,
        **moderation,
        **outcomes,
    )
    return world


def give_a_picture(person) -> None:
    """The target member's uploaded picture, version 1, through the service (a red square)."""
    import io

    from PIL import Image

    from mentorship.services.accounts.pictures import set_picture

    out = io.BytesIO()
    Image.new("RGB", (80, 80), (200, 0, 0)).save(out, "PNG")
    set_picture(person, out.getvalue())


def build_board(community, member, pair) -> dict[str, int]:
    """The member's help request, solved by the pair member's reply; a reply by someone else; a second solved
    request whose helper the member invited to a mentorship."""
    from mentorship.models import HelpInvite
    from tests.factories import make_reply, make_topic

    writer = make_user("Wes Writer")
    add_member(community, writer)
    topic = make_topic(community, member, "How do I read a stack trace?", kind="help", tags=["python"])
    solution = make_reply(topic, pair, "Start from the bottom line.")
    writer_post = make_reply(topic, writer, "Also: search the error message.")
    member_post = make_reply(topic, member, "Thank you both!")
    topic.solved_post_id = solution.id
    invited = make_topic(community, member, "Unit tests for a CLI?", kind="help", tags=["python"])
    invited.solved_post_id = make_reply(invited, pair, "Use click's CliRunner.").id
    db.session.flush()
    invite = HelpInvite(topic_id=invited.id, asker_id=member.id, helper_id=pair.id)
    db.session.add(invite)
    db.session.commit()
    return {
        "writer": writer.id,
        "topic": topic.id,
        "writer_post": writer_post.id,
        "member_post": member_post.id,
        "invite": invite.id,
    }


def build_moderation(community, member, board: dict) -> dict[str, int]:
    """An open report (by the writer, about the member's reply), a suspended member, and a block by the member."""
    from datetime import timedelta

    from mentorship.models import Block, User, utcnow
    from mentorship.services.moderation import reports as moderation

    writer = db.session.get(User, board["writer"])
    snapshot = moderation.take_snapshot("post", board["member_post"], writer, None)
    moderation.file_report(writer, snapshot, "spam", "Looks like an advert")
    suspended = make_user("Sid Suspended")
    membership = add_member(community, suspended, commit=False)
    membership.suspended_until = utcnow() + timedelta(days=7)
    membership.status = "suspended"
    blocked = make_user("Bo Blocked")
    add_member(community, blocked, commit=False)
    db.session.add(Block(blocker_id=member.id, blocked_id=blocked.id))
    db.session.commit()
    return {"suspended": suspended.id, "blocked": blocked.id}


def build_session(mentorship, proposer):
    """A session the partner proposed in three days, for the pair member to answer, move or cancel."""
    call = CallSession(
        mentorship_id=mentorship.id,
        proposer_id=proposer.id,
        starts_at=utcnow() + timedelta(days=3),
        minutes=45,
        place_kind="jitsi",
        place="https://meet.jit.si/mentorship-world",
        agenda="Private agenda",
        uid="session-world@mentorship",
    )
    db.session.add(call)
    db.session.commit()
    return call


def send_message(mentorship, author, text: str) -> int:
    """A message in the mentorship's main thread, through the space's service."""
    from mentorship.services.space import thread as space

    return space.send_message(space.load_space(mentorship.id), author, "main", text).id


def email_change_token(user) -> str:
    from mentorship.services.accounts.auth import _serializer

    return _serializer("change-email").dumps({"uid": user.id, "old": user.email.lower(), "new": "moved@example.com"})


def build_outcomes(mentorship, program) -> dict:
    """A goal with a milestone in pair 1, its shared summary, and the program's first built-in survey."""
    goal = Goal(mentorship_id=mentorship.id, title="World goal", success="It is reached", status="confirmed")
    goal.milestones = [Milestone(title="World milestone")]
    db.session.add(goal)
    db.session.add(Achievement(mentorship_id=mentorship.id, goals=[], share_token="world-share-token"))
    db.session.commit()
    survey = db.session.scalars(select(Survey).where(Survey.program_id == program.id).order_by(Survey.id)).first()
    return {
        "goal": goal.id,
        "milestone": goal.milestones[0].id,
        "survey": survey.id,
        "question": survey.questions[0].id,
        "share_token": "world-share-token",
    }


def build_event(community, organizer):
    """A community event in a week, no capacity limit, organised by the admin."""
    from mentorship.models import CommunityEvent

    event = CommunityEvent(
        community_id=community.id,
        organizer_id=organizer.id,
        title="Monthly strategy session",
        description="Private plans",
        starts_at=utcnow() + timedelta(days=7),
        minutes=60,
        place_kind="link",
        place="https://meet.example.org/world",
        uid="event-world@mentorship",
    )
    db.session.add(event)
    db.session.commit()
    return event


def build_series(mentorship, proposer):
    """A weekly series of four the partner proposed, for one occurrence to be moved or cancelled."""
    series = CallSession(
        mentorship_id=mentorship.id,
        proposer_id=proposer.id,
        starts_at=(utcnow() + timedelta(days=4)).replace(microsecond=0),
        minutes=45,
        place_kind="jitsi",
        place="https://meet.jit.si/mentorship-series",
        repeat_weeks=1,
        repeat_count=4,
        uid="session-series@mentorship",
    )
    db.session.add(series)
    db.session.commit()
    return series
