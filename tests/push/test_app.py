"""The installable app, Lighthouse-style checks done by the test itself: the manifest parses and names icons
that exist at their sizes, the worker is served from 'self' for scope "/", the offline page is the same for
everyone, and the layout links them all."""

import json
import re
import struct

from tests.conftest import login_client
from tests.factories import make_user


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_the_manifest_parses_and_names_existing_icons_of_their_sizes(client):
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200 and response.mimetype == "application/manifest+json"
    manifest = json.loads(response.get_data(as_text=True))
    for key in ("name", "short_name", "start_url", "scope", "display", "theme_color", "background_color", "icons"):
        assert manifest[key], key
    assert manifest["display"] == "standalone" and manifest["scope"] == "/" and manifest["start_url"] == "/"
    assert len(manifest["short_name"]) <= 12  # what a home screen shows under the icon
    purposes = {(icon["sizes"], icon["purpose"]) for icon in manifest["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("192x192", "maskable"), ("512x512", "maskable")} <= purposes
    for icon in manifest["icons"]:
        image = client.get(icon["src"])
        assert image.status_code == 200 and image.mimetype == "image/png", icon
        width, height = (int(n) for n in icon["sizes"].split("x"))
        assert png_size(image.data) == (width, height), icon


def test_the_service_worker_is_javascript_from_self_and_precaches_what_exists(client):
    response = client.get("/sw.js")
    assert response.status_code == 200 and response.mimetype == "text/javascript"
    assert "no-cache" in response.headers["Cache-Control"]
    assert "Service-Worker-Allowed" not in response.headers  # at the root, scope "/" needs no widening
    body = response.get_data(as_text=True)
    precache = json.loads(re.search(r"const PRECACHE = (\[.*?\]);", body).group(1))
    assert "/offline" in precache and "/static/css/site.css" in precache and "/static/js/app.js" in precache
    assert all(url.startswith("/static/") or url == "/offline" for url in precache), "pages are never precached"
    for url in precache:
        assert client.get(url).status_code == 200, url
    # The worker's cache name changes with the static files, so a deploy replaces the old cache.
    assert re.search(r'const VERSION = "[0-9a-f]{16}";', body)


def test_the_offline_page_is_the_same_for_everyone_and_holds_nothing_personal(app, client):
    tia = make_user("Tia Private", email="tia.private@example.com")
    anonymous = client.get("/offline").get_data(as_text=True)
    member = login_client(app, tia).get("/offline").get_data(as_text=True)
    assert anonymous == member
    assert "You're offline" in member
    for private in ("Tia Private", "tia.private@example.com", "csrf", "Log out", "<form"):
        assert private not in member


def test_every_page_links_the_manifest_icons_theme_and_the_worker_script(app, client):
    for page in (client.get("/").get_data(as_text=True), login_client(app, make_user()).get("/").get_data(True)):
        assert '<link rel="manifest" href="/manifest.webmanifest">' in page
        assert '<meta name="theme-color" content="#2f6f5e">' in page
        assert 'rel="apple-touch-icon" href="/static/icons/apple-touch-icon.png"' in page
        assert re.search(r'<script src="/static/js/app.js" data-worker="/sw.js" data-member="(yes|no)" defer>', page)


def test_no_header_change_is_needed_for_the_worker_manifest_or_icons(client):
    """The CSP allows a worker, a manifest and images from 'self' through script-src / default-src / img-src."""
    policy = client.get("/").headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "default-src 'self'" in policy and "img-src 'self'" in policy
    assert "worker-src" not in policy and "manifest-src" not in policy
