"""Regenerate the CLI reference in README.md from `biennien --help` (after changing the CLI)."""

from __future__ import annotations

import re
from pathlib import Path

from biennien.show.cli import reference

README = Path(__file__).resolve().parents[1] / "README.md"
START, END = "<!-- cli-reference:start -->", "<!-- cli-reference:end -->"


def updated(text: str) -> str:
    block = f"{START}\n{reference()}{END}"
    return re.sub(re.escape(START) + ".*?" + re.escape(END), lambda _: block, text, flags=re.S)


if __name__ == "__main__":
    README.write_text(updated(README.read_text(encoding="utf-8")), encoding="utf-8")
    print(f"updated {README}")
