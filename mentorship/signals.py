"""Named signals: the one upward hook of the house (a person's data exported or erased).

Every area that stores a person's words connects to these where it is defined, so the accounts area
(which runs the export and the deletion) needs to import no area above it.
"""

from blinker import Namespace

_signals = Namespace()

person_exported = _signals.signal(
    "person-exported",
    doc="""A person asked for their data. Sent with the User; each receiver returns a
    (section name, JSON-ready data) pair that joins the export.""",
)

person_erased = _signals.signal(
    "person-erased",
    doc="""A person's account is being deleted. Sent with the User and `erase_written` (bool: also erase what
    they wrote); receivers run inside the deletion's transaction and never commit.""",
)
