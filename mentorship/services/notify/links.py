"""Links that notifications and mails carry: site paths built from endpoint names, the one way."""

from flask import current_app, has_request_context, url_for


def site_path(endpoint: str, **values) -> str:
    """A site path for notifications, inside a request or not (jobs, CLI, tests)."""
    if has_request_context():
        return url_for(endpoint, **values)
    return current_app.url_map.bind("localhost").build(endpoint, values)
