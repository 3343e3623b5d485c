"""The README stays true: its commands match CI and the CLI reference matches --help."""

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _setup_commands() -> list[str]:
    section = README.split("## Set-up on a fresh machine", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", section, flags=re.S)


def test_exactly_two_setup_commands_and_ci_runs_the_test_one() -> None:
    commands = _setup_commands()
    assert len(commands) == 2
    assert all("\n" not in c for c in commands)
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert commands[1] in ci.splitlines()


def test_cli_reference_is_generated_from_help() -> None:
    sys.path.insert(0, str(ROOT / "scripts"))
    from update_readme import updated

    assert updated(README) == README, "run: python scripts/update_readme.py"


def test_every_command_is_documented() -> None:
    from biennien.show.cli import COMMANDS

    for name in COMMANDS:
        assert f"### `biennien {name}`" in README


def test_every_data_file_is_named_in_the_readme() -> None:
    for path in (ROOT / "src" / "biennien" / "data").glob("*.txt"):
        assert path.name in README, path.name
