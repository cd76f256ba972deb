"""Whole numbers from forms: WTForms' range check, safe for any number a form can bring.

WTForms' own `NumberRange` asks `math.isnan()` of the number, which turns it into a float: a posted number of a
few hundred digits raised OverflowError there, a 500. Every form imports `NumberRange` from here instead.
"""

from flask_babel import gettext as _
from wtforms.validators import NumberRange as WTFormsNumberRange
from wtforms.validators import ValidationError


class NumberRange(WTFormsNumberRange):
    """The range check, with a number too large for a float read as out of range."""

    def __call__(self, form, field):
        try:
            super().__call__(form, field)
        except OverflowError:
            raise ValidationError(self.message or _("Enter a smaller number.")) from None
