"""The installable app: the web app manifest, the service worker (at /sw.js, scope "/") and the offline page.

The worker caches the static files and the offline page only; pages are never cached (docs/PUSH.md).
"""

import hashlib
from pathlib import Path

from flask import Blueprint, current_app, jsonify, render_template, url_for
from flask_babel import gettext as _

bp = Blueprint("app", __name__)
BLUEPRINTS = (bp,)
TEMPLATE_GLOBALS: dict = {}

THEME_COLOUR = "#2f6f5e"
BACKGROUND_COLOUR = "#faf8f5"
# What the worker keeps for a bad connection: the site's own CSS, scripts and icons.
PRECACHED = ("css/*.css", "js/*.js", "vendor/htmx/*.js", "icons/*.png")
ICONS = (
    ("icons/icon-192.png", "192x192", "any"),
    ("icons/icon-512.png", "512x512", "any"),
    ("icons/maskable-192.png", "192x192", "maskable"),
    ("icons/maskable-512.png", "512x512", "maskable"),
)


def _static_files() -> tuple[list[str], str]:
    """The static files to precache, and a hash of their contents (the cache's version), once per process."""
    cached = current_app.extensions.get("mentorship_precache")
    if cached is None:
        root = Path(current_app.static_folder)
        files = sorted({path for pattern in PRECACHED for path in root.glob(pattern) if path.is_file()})
        digest = hashlib.sha256()
        for path in files:
            digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
        names = [path.relative_to(root).as_posix() for path in files]
        cached = current_app.extensions["mentorship_precache"] = (names, digest.hexdigest()[:16])
    return cached


@bp.get("/manifest.webmanifest")
def manifest():
    """The web app manifest: names, icons, colours, start URL and scope, so the site installs like an app."""
    icons = [
        {"src": url_for("static", filename=src), "sizes": sizes, "type": "image/png", "purpose": purpose}
        for src, sizes, purpose in ICONS
    ]
    response = jsonify(
        id="/",
        name="Mentorship",
        short_name="Mentorship",
        description=_("Learn from each other: mentorship for online communities."),
        lang="en",
        start_url=url_for("main.home"),
        scope="/",
        display="standalone",
        theme_color=THEME_COLOUR,
        background_color=BACKGROUND_COLOUR,
        icons=icons,
    )
    response.mimetype = "application/manifest+json"
    response.cache_control.public, response.cache_control.max_age = True, 3600
    return response


@bp.get("/sw.js")
def service_worker():
    """The service worker, from 'self' with scope "/": the browser checks it for updates on every visit."""
    names, version = _static_files()
    body = render_template(
        "app/sw.js",
        version=version,
        precache=[url_for("static", filename=name) for name in names] + [url_for("app.offline")],
        offline=url_for("app.offline"),
        static_prefix=url_for("static", filename=""),
        fallback_url=url_for("notifications.index"),
        icon=url_for("static", filename="icons/icon-192.png"),
    )
    response = current_app.response_class(body, mimetype="text/javascript")
    response.cache_control.no_cache = True
    return response


@bp.get("/offline")
def offline():
    """What the worker shows when a page cannot be reached: the same for everyone, nothing personal."""
    response = current_app.response_class(render_template("app/offline.html"))
    response.cache_control.no_cache = True
    return response
