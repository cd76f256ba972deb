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
