"""The building blocks of the health dashboards: a Table of figures and the weekly buckets its rows come in."""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta


@dataclass
class Table:
    """One table of figures: the page draws its chart and table from it, the CSV export writes it."""

    key: str
    title: str
    columns: list[str]
    rows: list[list] = field(default_factory=list)
    chart: str = "bar"  # bar | line | none
    plot: list[str] | None = None  # the columns the chart draws (default: every column but the label)

    def series(self) -> list[dict]:
        """The plotted columns as chart series (the first column is the label)."""
        names = self.plot or self.columns[1:]
        return [{"name": name, "values": [row[self.columns.index(name)] or 0 for row in self.rows]} for name in names]


def day_of(value) -> date:
    if isinstance(value, datetime):
        return value.date()
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def weekly(rows, keys: list[str]) -> list[list]:
    """(key, day, count) rows -> one row per calendar week (Monday) with a count per key, gaps filled."""
    weeks: dict[date, dict[str, int]] = {}
    for key, day, count in rows:
        if day is None:
            continue
        bucket = weeks.setdefault(_monday(day_of(day)), {})
        bucket[key] = bucket.get(key, 0) + int(count)
    if not weeks:
        return []
    first, last = min(weeks), max(weeks)
    result = []
    while first <= last:
        bucket = weeks.get(first, {})
        result.append([first.isoformat(), *[bucket.get(k, 0) for k in keys]])
        first += timedelta(days=7)
    return result


def ratio(part, whole) -> float | None:
    return round(part / whole, 2) if whole else None
