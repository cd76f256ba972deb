"""A member's profile: what it shows, to whom, and what it never shows."""

from mentorship.extensions import db
from mentorship.models import Block
from tests.factories import add_member, make_community, make_enrollment, make_program, make_reply, make_topic, make_user


def profile_url(community, user) -> str:
    return f"/c/{community.slug}/people/{user.id}"


def test_a_profile_shows_name_bio_skills_roles_shared_communities_and_posts(app, login_as):
    admin = make_user("Ada Admin")
    person = make_user("Lin Lovelace", skills=["python", "public-speaking"])
    person.bio = "I teach <b>data</b> on weekends."
    viewer = make_user("Vic Viewer")
    community = make_community(admin=admin, name="Alpha", members=[person, viewer])
    make_community(name="Beta Guild", members=[person, viewer])
    make_community(name="Gamma Secret", members=[person])
    program = make_program(community, admin, status="open")
    make_enrollment(program, person, "mentor")
    topic = make_topic(community, person, "Where to start with pandas?")
    make_topic(community, person, "My secret worry", anonymous=True)
    make_reply(topic, person, "Found it!")
    db.session.commit()

    page = login_as(viewer).get(profile_url(community, person)).get_data(as_text=True)

    assert "<h1" in page and "Lin Lovelace" in page
    assert "I teach &lt;b&gt;data&lt;/b&gt; on weekends." in page
    assert "python" in page and "public-speaking" in page
    assert f'Mentor in <a href="/c/{community.slug}/programs/{program.id}">' in page
    assert "Beta Guild" in page and "Alpha" in page and "Gamma Secret" not in page
    assert "Where to start with pandas?" in page
    assert "My secret worry" not in page  # an anonymous post never leads to its author
    assert "Report Lin Lovelace" in page and f"/people/{person.id}/block" in page
    assert ">LL</span>" in page  # initials on a colour


def test_who_may_open_a_profile(app, login_as):
    admin, person, outsider = make_user(), make_user(), make_user()
    private = make_community(admin=admin, private=True, members=[person])
    public = make_community(admin=admin, members=[person])
    make_community(members=[outsider])
    visitor = app.test_client()

    assert visitor.get(profile_url(private, person)).status_code == 404
    assert visitor.get(profile_url(public, person)).status_code == 302
    assert login_as(outsider).get(profile_url(private, person)).status_code == 404
    assert login_as(outsider).get(profile_url(public, person)).status_code == 403
    assert login_as(admin).get(profile_url(public, person)).status_code == 200
    assert login_as(admin).get(f"/c/{public.slug}/people/{outsider.id}").status_code == 404  # not a member here


def test_my_own_profile_offers_editing_not_report_or_block(app, login_as):
    me = make_user("Me Myself")
    community = make_community(admin=me)
    page = login_as(me).get(profile_url(community, me)).get_data(as_text=True)
    assert "Edit your profile" in page and "(you)" in page
    assert "/block" not in page and "Report Me Myself" not in page


def test_a_blocked_members_posts_stay_hidden_on_their_profile(app, login_as):
    person, viewer = make_user("Bo Blocked"), make_user()
    community = make_community(admin=viewer, members=[person])
    make_topic(community, person, "Loud topic")
    db.session.add(Block(blocker_id=viewer.id, blocked_id=person.id))
    db.session.commit()
    page = login_as(viewer).get(profile_url(community, person)).get_data(as_text=True)
    assert "Loud topic" not in page and "Hidden: you blocked this member." in page
    assert "Unblock Bo Blocked" in page


def test_the_members_list_links_names_to_profiles_without_report_or_block_on_each_row(app, login_as):
    admin, person = make_user("Ada Admin"), make_user("Pia Person")
    community = make_community(admin=admin, members=[person])
    page = login_as(admin).get(f"/c/{community.slug}/members").get_data(as_text=True)
    assert f'href="{profile_url(community, person)}"' in page
    assert f"/people/{person.id}/block" not in page and "target_type=member" not in page


def test_a_profile_loads_in_a_constant_number_of_queries(app, login_as, queries):
    admin, person, viewer = make_user(), make_user(), make_user()
    community = make_community(admin=admin, members=[person, viewer])
    client = login_as(viewer)

    def count() -> int:
        with queries() as q:
            assert client.get(profile_url(community, person)).status_code == 200
        return q.count

    few = count()
    for n in range(6):
        topic = make_topic(community, person, f"Topic {n}")
        make_reply(topic, person, "More")
        add_member(make_community(), person)
    db.session.commit()
    assert count() == few


def test_board_names_link_to_profiles_except_anonymous_ones(app, login_as):
    person, viewer = make_user("Nia Named"), make_user()
    community = make_community(admin=viewer, members=[person])
    topic = make_topic(community, person, "Named question")
    make_reply(topic, person, "Signed reply")
    secret = make_topic(community, person, "Anonymous question", anonymous=True)
    db.session.commit()
    client = login_as(viewer)
    named = client.get(f"/c/{community.slug}/board/t/{topic.id}").get_data(as_text=True)
    assert f'<a href="{profile_url(community, person)}">Nia Named</a>' in named
    hidden = client.get(f"/c/{community.slug}/board/t/{secret.id}").get_data(as_text=True)
    assert profile_url(community, person) not in hidden
