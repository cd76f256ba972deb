"""Named signals: the upward hooks of the house (a person's data exported or erased; a block made).

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

block_made = _signals.signal(
    "block-made",
    doc="""Someone blocked someone. Sent with the blocker's id and `blocked_id`, inside the block's transaction
    (receivers never commit): the sessions area cancels the future sessions the two share.""",
)
