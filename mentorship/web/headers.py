"""Security headers on every response: a CSP without inline scripts, no framing, no sniffing.

`security_headers()` is the one list: the app's after_request hook and the poll's fast path (web/poll.py),
which answers before the app, both send it.
"""

from flask import Flask

# Inline style *attributes* are allowed (progress bars, chart sizes); inline <style> and every
# inline or remote script are not. htmx runs with includeIndicatorStyles off, so it injects none.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "style-src-attr 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
SECURITY_HEADERS = (
    ("Content-Security-Policy", CONTENT_SECURITY_POLICY),
    ("X-Frame-Options", "DENY"),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "same-origin"),
    ("Permissions-Policy", "camera=(), microphone=(), geolocation=()"),
)
# Only where cookies are secure (HTTPS): a browser must keep using HTTPS for this site.
HSTS = ("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
# Private pages (the mentorship space) must not be kept by browsers or proxies.
NO_STORE = (("Cache-Control", "no-store"), ("Pragma", "no-cache"))


def security_headers(secure_cookies: bool) -> tuple[tuple[str, str], ...]:
    """Every response's security headers: HSTS too when the cookies are secure."""
    return (*SECURITY_HEADERS, HSTS) if secure_cookies else SECURITY_HEADERS


def register(app: Flask) -> None:
    @app.after_request
    def _security_headers(response):
        present = {name.lower() for name in response.headers.keys()}  # noqa: SIM118  (Headers: one pass)
        for name, value in security_headers(bool(app.config.get("SESSION_COOKIE_SECURE"))):
            if name.lower() not in present:
                response.headers.add(name, value)
        return response
