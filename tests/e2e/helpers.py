"""Helpers shared by the quality-gate browser tests: a seeded world, logging in through the form, axe."""

import json
from pathlib import Path
from types import SimpleNamespace

from playwright.sync_api import Page

from mentorship.extensions import db
from tests.factories import PASSWORD

AXE_JS = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
BLOCKING_IMPACTS = ("serious", "critical")


def release(**objects) -> SimpleNamespace:
    """Plain copies (id, email, slug) of the test's rows, then end the test's transaction: SQLite would
    otherwise keep its lock while the server thread writes."""
    copies = {
        name: SimpleNamespace(**{k: getattr(o, k) for k in ("id", "email", "slug", "display_name") if hasattr(o, k)})
        for name, o in objects.items()
    }
    db.session.commit()
    db.session.close()
    return SimpleNamespace(**copies)


def log_in(page: Page, email: str, password: str = PASSWORD) -> None:
    """Log in through the form, located as a screen reader would."""
    page.goto("/login")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.locator("main").get_by_role("button", name="Log in").click()
    page.wait_for_url(lambda url: "/login" not in url)


def axe_violations(page: Page) -> list[dict]:
    """Run axe-core on the page as it is now; the serious and critical violations, as short dicts.

    The page's CSP (script-src 'self') refuses the injected <script>; callers use a browser context
    opened with bypass_csp=True for these runs only."""
    page.add_script_tag(path=str(AXE_JS))
    result = page.evaluate(
        """async () => {
            const r = await axe.run(document, {resultTypes: ['violations']});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ') + ' :: ' + n.failureSummary)}));
        }"""
    )
    found = [v for v in result if v["impact"] in BLOCKING_IMPACTS]
    # axe 4.x no longer reports duplicate ids, yet a label or aria-describedby then points at the wrong field.
    duplicates = page.evaluate(
        """() => {
            const seen = {};
            document.querySelectorAll('[id]:not(input[type=hidden])').forEach(e => seen[e.id] = (seen[e.id] || 0) + 1);
            return Object.keys(seen).filter(id => seen[id] > 1);
        }"""
    )
    if duplicates:
        found.append({"id": "duplicate-id", "impact": "serious", "help": "ids must be unique", "nodes": duplicates})
    return found


def describe(violations: list[dict]) -> str:
    return json.dumps(violations, indent=1)
