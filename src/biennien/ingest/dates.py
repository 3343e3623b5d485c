"""Publication dates in metadata: ISO 8601, "dd/mm/yyyy" and the like, to a date."""

from __future__ import annotations

import datetime as dt
import re

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DMY = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")


def parse_published(value: object) -> dt.date | None:
    """A calendar date read from a metadata value, or None when it holds no valid date."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    for regex, order in ((_ISO, "ymd"), (_DMY, "dmy"), (_COMPACT, "ymd")):
        m = regex.search(text)
        if m:
            parts = dict(zip(order, (int(g) for g in m.groups()), strict=True))
            try:
                return dt.date(parts["y"], parts["m"], parts["d"])
            except ValueError:
                return None
    return None
