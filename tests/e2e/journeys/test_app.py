"""The app on a phone, in a real chromium: the worker registers from 'self', the offline page is served
offline, private pages are in no cache after a visit and after log-out, and push turned on in settings
reaches the local push service and the worker's notification.

Headless chromium has no push service: a real `pushManager.subscribe()` fails ("Registration failed -
permission denied") even with the permission granted, so the journey stubs `PushManager.subscribe` in the
page with a subscription whose keys the test's local push service holds; the page's own script then posts
it to the site exactly as it would a real one. test_a_real_subscription_where_chromium_has_a_push_service
tries the real thing and says why it skips.
"""

import json
import re
import time

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from mentorship.extensions import db
from mentorship.models import PushSubscription
from mentorship.services.push import choices
from mentorship.services.push.keys import application_server_key
from mentorship.services.space import thread as space
from tests.e2e.helpers import log_in, release
from tests.factories import make_community, make_mentorship, make_user
from tests.push.conftest import push_service  # noqa: F401 (a fixture)
from tests.reminders.conftest import run_worker

SECRET = "our-private-plan-42"

CACHE_CONTENTS = """async () => {
  const found = [];
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    for (const request of await cache.keys()) {
      const response = await cache.match(request);
      found.push({cache: name, url: request.url, body: await response.text()});
    }
  }
  return found;
}"""


def wait_in_page(page: Page, expression: str, timeout: float = 10) -> None:
    """Poll a JavaScript expression (Playwright's wait_for_function evaluates strings, which the CSP forbids)."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(f"async () => Boolean(await ({expression}))"):
        assert time.monotonic() < deadline, f"never true: {expression}"
        page.wait_for_timeout(100)


def controlled(page: Page) -> dict:
    """Wait until the worker controls the page; its scope and script.

    The worker claims open pages once it activates; on a loaded machine that claim can miss a page that was
    still loading, so a page the active worker does not control yet is reloaded once (as a person would)."""
    wait_in_page(page, "navigator.serviceWorker.ready.then(() => true)")
    if not page.evaluate("navigator.serviceWorker.controller !== null"):
        page.reload()
    wait_in_page(page, "navigator.serviceWorker.controller !== null")
    return page.evaluate("navigator.serviceWorker.ready.then(r => ({scope: r.scope, script: r.active.scriptURL}))")


def test_the_worker_registers_from_self_the_manifest_names_real_icons_and_offline_shows_the_offline_page(
    app, new_page, live_server
):
    page = new_page(viewport=(390, 844))
    page.goto("/")
    page.reload()  # the second load is controlled by the worker
    worker = controlled(page)
    assert worker == {"scope": f"{live_server.url}/", "script": f"{live_server.url}/sw.js"}
    manifest = page.evaluate(
        """async () => {
            const link = document.querySelector('link[rel="manifest"]');
            const manifest = await (await fetch(link.href)).json();
            const icons = [];
            for (const icon of manifest.icons) {
                const r = await fetch(new URL(icon.src, link.href));
                const bitmap = await createImageBitmap(await r.blob());
                icons.push({sizes: icon.sizes, ok: r.ok, type: r.headers.get('Content-Type'),
                            real: bitmap.width + 'x' + bitmap.height});
            }
            return {name: manifest.name, start: manifest.start_url, scope: manifest.scope, icons};
        }"""
    )
    assert manifest["name"] == "Mentorship" and manifest["scope"] == "/" and manifest["start"] == "/"
    assert manifest["icons"] and all(
        i["ok"] and i["type"] == "image/png" and i["real"] == i["sizes"] for i in manifest["icons"]
    )

    page.context.set_offline(True)
    page.goto("/c/")
    expect(page.get_by_role("heading", name="You're offline")).to_be_visible()
    expect(page.get_by_role("link", name="Try again")).to_be_visible()
    page.context.set_offline(False)
    page.get_by_role("link", name="Try again").click()
    expect(page.get_by_role("heading", name="Communities", exact=True)).to_be_visible()


def test_private_pages_are_in_no_cache_after_a_visit_and_after_log_out(app, new_page):
    mentor, mentee = make_user("Max Mentor"), make_user("Tia Mentee")
    mentorship = make_mentorship(make_community(members=[mentor, mentee]), mentor, mentee)
    space.send_message(space.load_space(mentorship.id), mentee, "main", f"My goal: {SECRET}")
    w = release(mentor=mentor, mentorship=mentorship)

    page = new_page()
    log_in(page, w.mentor.email)
    page.reload()  # controlled by the worker from here on
    controlled(page)
    for path in (f"/m/{w.mentorship.id}", "/notifications", "/settings/account", "/settings/push", "/m/"):
        page.goto(path)
    page.goto(f"/m/{w.mentorship.id}")
    expect(page.get_by_text(SECRET)).to_be_visible()
    cached = page.evaluate(CACHE_CONTENTS)
    assert cached, "the worker keeps the static files and the offline page"
    for entry in cached:
        path = re.sub(r"^https?://[^/]+", "", entry["url"])
        assert path.startswith("/static/") or path == "/offline", entry["url"]
        assert SECRET not in entry["body"] and "Max Mentor" not in entry["body"] and "Tia" not in entry["body"]
    # A cache entry a page might have left: log-out's Clear-Site-Data must take it away too.
    page.evaluate("caches.open('left-behind').then(c => c.put('/left-behind', new Response('" + SECRET + "')))")

    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_text("You are logged out.")).to_be_visible()
    after = page.evaluate(CACHE_CONTENTS)
    assert all(entry["cache"] != "left-behind" for entry in after), after
    assert all(SECRET not in entry["body"] for entry in after)
    assert all(re.sub(r"^https?://[^/]+", "", e["url"]).startswith(("/static/", "/offline")) for e in after)


STUB = """(() => {
  const subscription = {
    endpoint: %(endpoint)s, expirationTime: null, options: {userVisibleOnly: true},
    toJSON() { return {endpoint: this.endpoint, expirationTime: null, keys: {p256dh: %(p256dh)s, auth: %(auth)s}}; },
    unsubscribe() {
      window.localStorage.setItem('unsubscribed', 'yes');
      window.localStorage.removeItem('subscribed');
      return Promise.resolve(true);
    },
  };
  PushManager.prototype.subscribe = function (options) {
    const key = new Uint8Array(options.applicationServerKey);
    window.localStorage.setItem('serverKey', btoa(String.fromCharCode.apply(null, key)));
    window.localStorage.setItem('subscribed', 'yes');  // the browser keeps it across pages
    return Promise.resolve(subscription);
  };
  PushManager.prototype.getSubscription = function () {
    return Promise.resolve(window.localStorage.getItem('subscribed') ? subscription : null);
  };
})();"""


def test_turning_push_on_in_settings_reaches_the_push_service_and_the_workers_notification(
    app,
    new_page,
    push_service,  # noqa: F811 (the fixture imported above)
    live_server,
):
    mentor, mentee = make_user("Max Mentor"), make_user("Tia Mentee")
    mentorship = make_mentorship(make_community(members=[mentor, mentee]), mentor, mentee)
    choices.save_settings(mentee, {}, False, 0, 0, False)
    browser = push_service.browser("tia-phone")
    server_key = application_server_key()
    w = release(mentor=mentor, mentee=mentee, mentorship=mentorship)

    page = new_page(viewport=(390, 844))
    page.context.grant_permissions(["notifications"], origin=live_server.url)
    page.context.add_init_script(
        STUB
        % {
            key: json.dumps(value)
            for key, value in (("endpoint", browser.endpoint), ("p256dh", browser.p256dh), ("auth", browser.auth))
        }
    )
    log_in(page, w.mentee.email)
    page.goto("/settings/push")
    expect(page.get_by_text("No device gets push notifications yet.")).to_be_visible()
    page.get_by_role("button", name="Turn on notifications in this browser").click()
    expect(page.get_by_role("status").filter(has_text="Notifications are on for this browser.")).to_be_visible()
    expect(page.locator("#push-devices").get_by_text("this browser")).to_be_visible()
    expect(page.get_by_role("button", name="Turn on notifications in this browser")).to_be_hidden()
    sent_key = page.evaluate("localStorage.getItem('serverKey')")
    assert sent_key.rstrip("=").replace("+", "-").replace("/", "_") == server_key, (
        "subscribed with the site's VAPID key"
    )
    [device] = db.session.scalars(select(PushSubscription)).all()
    assert device.endpoint == browser.endpoint and device.user_id == w.mentee.id
    db.session.rollback()

    mentorship_row = space.load_space(w.mentorship.id)
    space.send_message(
        mentorship_row, db.session.get(type(mentorship_row.members[0].user), w.mentor.id), "main", SECRET
    )
    db.session.commit()
    run_worker(("push",))
    db.session.rollback()
    [push] = push_service.wait_for(1)
    assert push.payload["kind"] == "new_message" and SECRET not in push.raw and "Max" not in push.raw
    assert push.payload["url"].startswith("/notifications/") and push.payload["url"].endswith("/open")

    # The worker shows it: delivered through DevTools' push hook (the one way in, without a push service).
    controlled(page)
    shown = deliver_to_worker(page, live_server.url, push.raw)
    if shown is None:
        pytest.skip("this chromium's DevTools could not deliver a push to the worker")
    assert shown == [
        {
            "title": "Message",
            "body": "New message in your mentorship",
            "tag": push.payload["tag"],
            "url": push.payload["url"],
        }
    ]
    # Its link opens the right page (the tap follows it the same way).
    page.goto(push.payload["url"])
    expect(page.get_by_text(SECRET)).to_be_visible()

    page.goto("/settings/push")
    page.locator("#push-devices").get_by_role("button", name=re.compile("^Remove")).click()
    expect(page.get_by_text("That device gets no more notifications.")).to_be_visible()
    expect(page.get_by_text("No device gets push notifications yet.")).to_be_visible()
    assert page.evaluate("localStorage.getItem('unsubscribed')") == "yes", "the browser unsubscribed too"
    assert db.session.scalars(select(PushSubscription)).all() == []
    db.session.rollback()


def deliver_to_worker(page: Page, origin: str, data: str) -> list[dict] | None:
    """ServiceWorker.deliverPushMessage to the page's worker; the notifications it then shows."""
    cdp = page.context.new_cdp_session(page)
    registrations = []
    cdp.on("ServiceWorker.workerRegistrationUpdated", lambda event: registrations.extend(event["registrations"]))
    cdp.send("ServiceWorker.enable")
    page.wait_for_timeout(300)
    ours = [r for r in registrations if r["scopeURL"] == origin + "/" and not r.get("isDeleted")]
    if not ours:
        return None
    try:
        cdp.send(
            "ServiceWorker.deliverPushMessage",
            {"origin": origin, "registrationId": ours[0]["registrationId"], "data": data},
        )
    except Exception:
        return None
    wait_in_page(page, "navigator.serviceWorker.ready.then(r => r.getNotifications()).then(n => n.length > 0)")
    return page.evaluate(
        """navigator.serviceWorker.ready.then(r => r.getNotifications()).then(ns => ns.map(n =>
            ({title: n.title, body: n.body, tag: n.tag, url: n.data.url})))"""
    )


def test_a_real_subscription_where_chromium_has_a_push_service(app, new_page, live_server):
    tia = make_user("Tia")
    w = release(tia=tia)
    page = new_page()
    page.context.grant_permissions(["notifications"], origin=live_server.url)
    log_in(page, w.tia.email)
    page.goto("/settings/push")
    page.reload()
    controlled(page)
    result = page.evaluate(
        """key => {
            const raw = atob(key.replace(/-/g, '+').replace(/_/g, '/') + '=');
            const applicationServerKey = Uint8Array.from(raw, c => c.charCodeAt(0));
            return navigator.serviceWorker.ready
                .then(r => r.pushManager.subscribe({userVisibleOnly: true, applicationServerKey}))
                .then(s => 'ok ' + s.endpoint, e => 'error ' + e.name + ': ' + e.message);
        }""",
        application_server_key(),
    )
    if result.startswith("error AbortError"):
        pytest.skip(f"headless chromium has no push service here ({result}); the journey above stubs subscribe")
    assert result.startswith("ok https://"), result


def test_without_javascript_the_push_page_says_why_and_its_settings_and_removal_still_work(app, new_page):
    tia = make_user("Tia")
    db.session.add(
        PushSubscription(
            user_id=tia.id,
            endpoint="https://push.example.com/old-phone",
            p256dh="x",
            auth="y",
            user_agent="Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Safari/604.1",
        )
    )
    db.session.commit()
    w = release(tia=tia)
    page = new_page(javascript=False)
    log_in(page, w.tia.email)
    page.goto("/settings/push")
    expect(page.get_by_text("Turning notifications on needs JavaScript")).to_be_visible()
    expect(page.get_by_role("button", name="Turn on notifications in this browser")).to_be_hidden()
    page.get_by_label("Quiet from").fill("23:00")
    page.get_by_label("Show the sender's name").check()
    page.get_by_role("button", name="Save push settings").click()
    expect(page.get_by_text("Your push settings are saved.")).to_be_visible()
    expect(page.get_by_label("Quiet from")).to_have_value("23:00")
    expect(page.get_by_label("Show the sender's name")).to_be_checked()
    page.locator("#push-devices").get_by_role("button", name=re.compile("^Remove Safari on iPhone")).click()
    expect(page.get_by_text("No device gets push notifications yet.")).to_be_visible()
