"""Dead ends (issue 14, point 17): a logged-in non-member opening a public community's topic is offered the join
step and comes back to the topic; an admin who pairs people is not offered a link to a space that is not theirs."""

from sqlalchemy import select

from mentorship.extensions import db
from mentorship.models import MatchSuggestion, Membership
from tests.factories import make_community, make_enrollment, make_program, make_topic, make_user


def test_a_non_member_is_offered_to_join_then_returns_to_the_topic(login_as):
    admin = make_user()
    community = make_community(admin=admin, name="Open Door")
    topic = make_topic(community, admin, "Welcome, everyone")
    path = f"/c/{community.slug}/board/t/{topic.id}"
    visitor = login_as(make_user())
    refused = visitor.get(path)
    page = refused.get_data(as_text=True)
    assert refused.status_code == 403 and "Join this community to see that." in page
    join = f"/c/{community.slug}/join?next={path}"
    assert f'href="{join}"' in page
    assert "Join Open Door" in page
    form = visitor.get(join).get_data(as_text=True)
    assert f'action="{join}"' in form
    joined = visitor.post(join, data={"accept": "y"})
    assert joined.status_code == 303 and joined.headers["Location"] == path
    assert visitor.get(path).status_code == 200
    # another site is never a destination
    other = make_community(admin=admin, name="Second Door")
    response = login_as(make_user()).post(f"/c/{other.slug}/join?next=//evil.example", data={"accept": "y"})
    assert response.headers["Location"] == f"/c/{other.slug}"


def test_a_private_community_stays_a_404_with_no_join_offer(login_as):
    admin = make_user()
    community = make_community(admin=admin, private=True)
    topic = make_topic(community, admin, "Inside")
    response = login_as(make_user()).get(f"/c/{community.slug}/board/t/{topic.id}")
    assert response.status_code == 404 and "/join" not in response.get_data(as_text=True)


def test_after_pairing_the_admin_is_not_offered_their_space(login_as):
    admin, mentor, mentee = make_user(), make_user(), make_user()
    community = make_community(admin=admin, members=[mentor, mentee])
    program = make_program(community, admin, status="open")
    mentor_signup = make_enrollment(program, mentor, "mentor")
    mentee_signup = make_enrollment(program, mentee, "mentee")
    suggestion = MatchSuggestion(
        program_id=program.id, mentor_enrollment_id=mentor_signup.id, mentee_enrollment_ids=[mentee_signup.id]
    )
    db.session.add(suggestion)
    db.session.commit()
    url = f"/c/{community.slug}/programs/{program.id}/matching/suggestions/{suggestion.id}/accept"
    response = login_as(admin, htmx=True).post(url)
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and "Paired and introduced." in body
    assert "/m/" not in body and "Their space" not in body
    assert db.session.scalar(select(Membership).where(Membership.user_id == mentee.id)) is not None
