"""A long thread (issue 14, point 5) opens where the reader left off: an unread marker (#now) before the first
unread message, or the anchor at the newest message; "jump to latest"; the links into the space carry the anchor,
so it works without JavaScript."""

from sqlalchemy import select

from mentorship.extensions import db
from mentorship.models import Notification
from mentorship.services.space import thread as space
from tests.factories import make_community, make_mentorship, make_user


def say(mentorship, author, text):
    return space.send_message(space.load_space(mentorship.id), author, "main", text)


def test_a_long_thread_opens_at_the_first_unread_message(login_as):
    mentor, mentee = make_user(name="Mentor"), make_user(name="Mentee")
    community = make_community(admin=make_user(), members=[mentor, mentee])
    mentorship = make_mentorship(community, mentor, [mentee])
    for n in range(1, 41):
        say(mentorship, mentor if n % 2 else mentee, f"Message number {n}")
    client = login_as(mentee)
    page = client.get(f"/m/{mentorship.id}").get_data(as_text=True)  # all of it read now
    assert 'class="thread-anchor" id="now"' in page and "New messages" not in page
    assert page.index('id="now"') < page.index("Message number 40") and "Jump to the latest message" in page
    for n in range(41, 44):
        say(mentorship, mentor, f"Message number {n}")
    page = client.get(f"/m/{mentorship.id}").get_data(as_text=True)
    marker = page.index('<li class="unread-marker" id="now">')
    assert page.index("Message number 40") < marker < page.index("Message number 41")
    assert page.count('id="now"') == 1
    # the notification and the pages that link into the space carry the anchor
    notice = db.session.scalar(select(Notification).where(Notification.user_id == mentee.id))
    assert notice.link == f"/m/{mentorship.id}#now"
    assert f'href="/m/{mentorship.id}#now"' in client.get("/m/").get_data(as_text=True)
    assert f'href="/m/{mentorship.id}#now"' in client.get("/").get_data(as_text=True)
