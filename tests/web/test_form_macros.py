"""macros/forms.html: textarea_field() writes out what field() builds with WTForms, for the busy pages."""

import pytest
from flask import render_template_string

from mentorship.forms.board import ReplyForm

CASES = [
    ("", [], "rows=6, required=True"),
    ("\nstarts with a line break <b>&\"'", ["Please keep it under 20,000 characters."], "rows=6, autofocus=True"),
    ("x", [], "label='Edit your message', rows=3, maxlength=5000, placeholder='Write a message…'"),
]


def _normalised(html: str) -> str:
    return " ".join(html.replace("\r\n", "\n").split())


@pytest.mark.parametrize("data, errors, arguments", CASES)
def test_textarea_field_renders_what_field_renders(app, data, errors, arguments):
    with app.test_request_context():
        form = ReplyForm(formdata=None)
        form.body.data, form.body.errors = data, errors
        built = render_template_string(
            '{% from "macros/forms.html" import field %}{{ field(form.body, ' + arguments + ") }}", form=form
        )
        written = render_template_string(
            '{% from "macros/forms.html" import textarea_field %}{{ textarea_field(form.body, ' + arguments + ") }}",
            form=form,
        )
    assert _normalised(written) == _normalised(built)
    assert "<b>" not in written and ('aria-invalid="true"' in written) == bool(errors)


def test_a_leading_line_break_in_the_text_survives_the_textarea(app):
    """Browsers drop one line break right after <textarea>: both macros put one there first."""
    with app.test_request_context():
        form = ReplyForm(formdata=None)
        form.body.data = "\nkept"
        written = render_template_string(
            '{% from "macros/forms.html" import textarea_field %}{{ textarea_field(form.body) }}', form=form
        )
    assert 'rows="3">\n\nkept</textarea>' in written
