"""The pages' templates (Jinja2, autoescaped) and a story page rendered from its view: shared by
``biennien serve`` and ``biennien views``, which keeps story pages rendered ahead."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from biennien.story.view import display_date

TEMPLATES = Path(__file__).parent / "templates"


def vn_date(value: str | None) -> str:
    return display_date(value) if value else "không rõ ngày"


@functools.cache
def environment() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]))
    env.filters["vn_date"] = vn_date
    return env


def page(template: str, **context: Any) -> str:
    return environment().get_template(template).render(**context)


def story_page(data: dict[str, Any]) -> str:
    """A story's page from what ``biennien.story.stored.build`` gives."""
    return page("story.html", **data, sources={s["article"]: s for s in data["view"].sources})
