"""Column types and helpers shared by every model."""

import enum
from datetime import UTC, datetime

from sqlalchemy import CheckConstraint, DateTime, TypeDecorator


def utcnow() -> datetime:
    """The current time, timezone-aware in UTC."""
    return datetime.now(UTC)


def check_in(column: str, values: type[enum.StrEnum]) -> CheckConstraint:
    """A CHECK that keeps a String column inside an enum's values, named ck_<table>_<column>.

    The column stays a String (rows and string comparisons keep working; a StrEnum member equals
    its value); the database refuses anything else. `info` names the enum, for the test that
    compares every CHECK with its enum.
    """
    if any("'" in member.value for member in values):
        raise ValueError(f"{values.__name__}: a value with a quote can't be listed in a CHECK")
    listed = ", ".join(f"'{member.value}'" for member in values)
    return CheckConstraint(f"{column} IN ({listed})", name=column, info={"column": column, "enum": values})


class UTCDateTime(TypeDecorator):
    """Stores naive UTC on every database and always gives back an aware UTC datetime."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTCDateTime column")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=UTC)
