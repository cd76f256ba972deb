"""One CSV writer: a cell that a spreadsheet would read as a formula is written as text (OWASP)."""

import csv
import io

import pytest

from mentorship.web.downloads import csv_response, csv_text, neutralise

FORMULAS = ['=HYPERLINK("https://evil.example/","open")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


@pytest.mark.parametrize("cell", FORMULAS)
def test_formula_cells_are_neutralised(cell):
    assert neutralise(cell) == "'" + cell


def test_plain_text_and_numbers_are_kept():
    assert [neutralise(v) for v in ("Ada Okafor", 3, 2.5, None, True, "a=b")] == [
        "Ada Okafor",
        "3",
        "2.5",
        "",
        "yes",
        "a=b",
    ]
    assert neutralise(-4) == "-4"  # a number is a number, not a formula


def test_a_download_reads_back_as_text(app):
    with app.test_request_context():
        response = csv_response(["name", "score"], [['=HYPERLINK("https://evil.example/","open")', 5]], "x.csv")
    assert response.mimetype == "text/csv" and 'filename="x.csv"' in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows == [["name", "score"], ['\'=HYPERLINK("https://evil.example/","open")', "5"]]
    assert csv_text(["=a"], []) == "'=a\r\n"


HOSTILE_NAME = '=HYPERLINK("https://evil.example/","open")'
PROGRAM_TABLES = ("signups", "matched", "mentorships", "checkins", "steps", "attention")
COMMUNITY_TABLES = ("members", "board")


def test_every_csv_download_neutralises_a_planted_display_name(app, login_as):
    """A member named like a formula: every CSV download of the site has no cell a spreadsheet would evaluate."""
    from datetime import timedelta

    from mentorship.extensions import db
    from mentorship.models import utcnow
    from mentorship.services.outcomes.report import program_report
    from tests.factories import make_community, make_mentorship, make_reply, make_space_program, make_topic, make_user

    admin, mentor, mentee = make_user("Ada Admin"), make_user(HOSTILE_NAME), make_user("+1 Mentee")
    community = make_community(admin=admin, members=[mentor, mentee])
    program = make_space_program(community, weeks=8)
    pair = make_mentorship(community, mentor, mentee, program=program)
    pair.started_at = utcnow() - timedelta(days=20)  # quiet: on the attention list, with both names
    db.session.commit()
    make_reply(make_topic(community, mentor, "-1 and @everyone"), mentee, "=1+1")
    base = f"/c/{community.slug}"
    urls = [f"{base}/programs/{program.id}/health/{key}.csv" for key in PROGRAM_TABLES]
    urls += [f"{base}/health/{key}.csv" for key in COMMUNITY_TABLES]
    urls += [f"{base}/programs/{program.id}/outcomes/{key}.csv" for key in program_report(program.id)["tables"]]
    csv_rules = {rule.rule for rule in app.url_map.iter_rules() if rule.rule.endswith(".csv")}
    assert csv_rules == {
        "/c/<slug>/programs/<int:program_id>/health/<key>.csv",
        "/c/<slug>/health/<key>.csv",
        "/c/<slug>/programs/<int:program_id>/outcomes/<key>.csv",
    }
    browser = login_as(admin)
    seen = []
    for url in urls:
        response = browser.get(url)
        assert response.status_code == 200 and response.mimetype == "text/csv", url
        cells = [cell for row in csv.reader(io.StringIO(response.get_data(as_text=True))) for cell in row]
        formulas = [cell for cell in cells if cell.startswith(("=", "+", "@", "\t", "\r")) or cell.startswith("-")]
        assert not [cell for cell in formulas if not cell.lstrip("-").isdigit()], (url, formulas)
        seen += cells
    names = [cell for cell in seen if HOSTILE_NAME in cell]
    assert names and all(cell.startswith("'") for cell in names), names
