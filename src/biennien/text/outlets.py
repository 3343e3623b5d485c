"""News outlet names: canonical forms from ``data/outlets.txt``."""

from __future__ import annotations

from functools import cache

from biennien.knowledge import fold_space, lines


@cache
def _aliases() -> dict[str, str]:
    table: dict[str, str] = {}
    for line in lines("outlets.txt"):
        names = [n.strip() for n in line.split("|") if n.strip()]
        for name in names:
            table.setdefault(fold_space(name).casefold(), names[0])
    return table


def canonical_outlet(name: str | None) -> str | None:
    """The canonical name of a known outlet, or None when ``name`` is not one."""
    if not name:
        return None
    return _aliases().get(fold_space(name).casefold())


def outlet_in(text: str | None) -> str | None:
    """A known outlet named by ``text`` as a whole or as one of its " - " / " | " parts."""
    if not text:
        return None
    found = canonical_outlet(text)
    if found:
        return found
    for sep in (" - ", " | ", " – ", " — ", ": "):
        for part in text.split(sep):
            found = canonical_outlet(part)
            if found:
                return found
    return None
