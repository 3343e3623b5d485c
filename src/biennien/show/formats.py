"""One story in the formats a newsroom takes away: a Markdown briefing, TimelineJS3 JSON and
CSV (one timeline entry a row)."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from biennien.store.sqlite import SQLiteStore
from biennien.story.view import StoryView, display_date


def _cite(view_sources: dict[str, dict], article: str, sentence: int) -> str:
    src = view_sources.get(article, {})
    outlet = src.get("outlet") or "không rõ nguồn"
    published = src.get("published")
    when = display_date(published) if published else "không rõ ngày"
    return f"{outlet}, {when} [{article}#{sentence}]"


_TYPE_NAMES = {"PER": "người", "LOC": "nơi chốn", "ORG": "tổ chức"}


def markdown(view: StoryView, entities: list[tuple[str, str, int]] | None = None) -> str:
    """A briefing: title, span, summary, timeline with citations, sources with who reported
    first, and the main entities (``entities``: (type, name, mentions))."""
    sources = {s["article"]: s for s in view.sources}
    out = [f"# {view.title or view.id}", ""]
    dated = [s["published"] for s in view.sources if s["published"]]
    span = f"{display_date(min(dated))} – {display_date(max(dated))}" if dated else "không rõ"
    out += [f"*{len(view.articles)} bài, {len(view.events)} sự kiện, {span}*", ""]
    out += ["## Tóm tắt", "", view.summary_text or "(không có)", ""]
    out += ["## Diễn biến", ""]
    for e in view.timeline:
        tag = " *(bối cảnh)*" if e.background else ""
        out.append(f"- **{display_date(e.date)}**{tag}: {e.text}")
        if e.other_dates:
            others = ", ".join(display_date(d) for d in e.other_dates)
            out.append(f"  - Các nguồn ghi ngày khác nhau: {others}")
        cites = "; ".join(_cite(sources, a, s) for a, s in e.citations)
        out.append(f"  - Nguồn: {cites}")
    out += ["", "## Nguồn tin", ""]
    for s in view.sources:
        first = " — **đưa tin đầu tiên**" if s["first"] else ""
        when = display_date(s["published"]) if s["published"] else "không rõ ngày"
        out.append(
            f"- {s['outlet'] or 'không rõ nguồn'}, {when}: {s['title']} [{s['article']}]{first}"
        )
    if entities:
        out += ["", "## Nhân vật, nơi chốn, tổ chức", ""]
        out += [f"- {name} ({_TYPE_NAMES[t]}, {n} lần nhắc)" for t, name, n in entities]
    return "\n".join(out) + "\n"


def timelinejs(view: StoryView) -> dict[str, Any]:
    """TimelineJS3 JSON: https://timeline.knightlab.com/docs/json-format.html"""
    sources = {s["article"]: s for s in view.sources}
    events = []
    for n, e in enumerate(view.timeline):
        parts = e.date.split("-")
        start = {"year": int(parts[0])}
        if len(parts) > 1:
            start["month"] = int(parts[1])
        if len(parts) > 2:
            start["day"] = int(parts[2])
        cites = "".join(f"<li>{_html(_cite(sources, a, s))}</li>" for a, s in e.citations)
        text = f"<p>{_html(e.text)}</p><ul>{cites}</ul>"
        if e.other_dates:
            others = ", ".join(display_date(d) for d in e.other_dates)
            text += f"<p>Các nguồn ghi ngày khác nhau: {_html(others)}</p>"
        events.append(
            {
                "start_date": start,
                "display_date": display_date(e.date),
                "text": {"headline": _html(_headline(e.text)), "text": text},
                "group": "Bối cảnh" if e.background else "Diễn biến",
                "unique_id": f"{view.id}-{n}",
            }
        )
    return {
        "title": {
            "text": {
                "headline": _html(view.title or view.id),
                "text": f"<p>{_html(view.summary_text)}</p>",
            }
        },
        "events": events,
    }


def _headline(text: str, limit: int = 90) -> str:
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _html(text: str) -> str:
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )


def csv_text(view: StoryView) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(
        ["date", "precision", "background", "text", "other_dates", "citations", "outlets"]
    )
    sources = {s["article"]: s for s in view.sources}
    for e in view.timeline:
        outlets = sorted({sources.get(a, {}).get("outlet") or "" for a, _ in e.citations} - {""})
        writer.writerow(
            [
                e.date,
                e.precision,
                "yes" if e.background else "no",
                e.text,
                ";".join(e.other_dates),
                ";".join(f"{a}#{s}" for a, s in e.citations),
                ";".join(outlets),
            ]
        )
    return buf.getvalue()


def render(store: SQLiteStore, story_id: str, fmt: str) -> str:
    """Story ``story_id`` as ``fmt`` (json, md, timelinejs or csv); KeyError if there is none."""
    from biennien.show.export import story_title
    from biennien.story.view import build_view

    if not store.story_events(story_id):
        raise KeyError(story_id)
    view = build_view(store, story_id, story_title(store, story_id))
    if fmt == "md":
        from biennien.story.view import main_entities

        return markdown(view, main_entities(store, view.articles, 15))
    if fmt == "timelinejs":
        return json.dumps(timelinejs(view), ensure_ascii=False, indent=1) + "\n"
    if fmt == "json":
        from biennien.show.export import story_record

        return json.dumps(story_record(view), ensure_ascii=False, indent=1) + "\n"
    return csv_text(view)
