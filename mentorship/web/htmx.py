"""One view, one template, two answers: the page, or its fragment for htmx."""

from flask import Flask, make_response, render_template, request, session
from jinja2_fragments.flask import render_block

from mentorship.web.redirects import local_part_of


def is_htmx() -> bool:
    """A partial htmx request (a history restore wants the whole page)."""
    return request.headers.get("HX-Request") == "true" and request.headers.get("HX-History-Restore-Request") != "true"


def htmx_target() -> str:
    return request.headers.get("HX-Target", "") if is_htmx() else ""


def render(template: str, block: str | None = None, *, status: int = 200, headers: dict | None = None, **context):
    """Render the page, or only `block` of it when htmx asked for a fragment."""
    if block and is_htmx():
        body = render_block(template, block, **context)
        if session.get("_flashes"):
            # Messages flashed by this request ride along as an out-of-band swap of #flash.
            body += '<div id="flash" hx-swap-oob="innerHTML">' + render_template("_flash_messages.html") + "</div>"
    else:
        body = render_template(template, **context)
    response = make_response(body, status)
    for key, value in (headers or {}).items():
        response.headers[key] = value
    return response


def redirect_or_hx(location: str, status: int = 303):
    """After a POST: a 303 for browsers, HX-Redirect for htmx (a full navigation)."""
    if is_htmx():
        response = make_response("", 204)
        response.headers["HX-Redirect"] = location
        return response
    response = make_response("", status)
    response.headers["Location"] = location
    return response


def same_site_referrer(default: str) -> str:
    """The page the request came from when it is on this site, else `default`."""
    return local_part_of(request.referrer, request.host) or default


def register(app: Flask) -> None:
    @app.after_request
    def _vary_on_htmx(response):
        # Written directly: werkzeug's response.vary parses the header into a set and writes it back (costly).
        vary = response.headers.get("Vary")
        if not vary:
            response.headers["Vary"] = "HX-Request"
        elif "hx-request" not in {part.strip().lower() for part in vary.split(",")}:
            response.headers["Vary"] = f"{vary}, HX-Request"
        return response
