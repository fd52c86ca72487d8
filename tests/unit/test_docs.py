"""The README stays honest: its tables list exactly what is registered, its anchors exist."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pytest_paragon import fixtures, plugin
from pytest_paragon.settings import SETTINGS

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _section(title: str) -> str:
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", README, flags=re.M | re.S)
    assert match, f"README has no section {title!r}"
    return match.group(1)


def _first_column(section: str) -> list[str]:
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    return [re.match(r"\| `([^`]+)`", row).group(1) for row in rows]  # type: ignore[union-attr]


def _registered_fixtures() -> list[str]:
    return sorted(
        name
        for name, value in vars(fixtures).items()
        if name.startswith("paragon_") and callable(value)
    )


def test_fixture_table_matches_registered_fixtures() -> None:
    assert sorted(_first_column(_section("Fixtures"))) == _registered_fixtures()


def test_every_fixture_has_a_one_line_docstring() -> None:
    for name in _registered_fixtures():
        doc = (getattr(fixtures, name).__doc__ or "").strip()
        assert doc, name
        assert "\n" not in doc, name


def test_marker_table_matches_registered_markers() -> None:
    documented = [
        cell.split("(")[0].removeprefix("@pytest.mark.")
        for cell in _first_column(_section("Markers"))
    ]
    assert documented == [line.split("(")[0] for line in plugin.MARKERS]


def test_option_table_matches_registered_options() -> None:
    rows = [line for line in _section("Options").splitlines() if line.startswith("| `--")]
    documented = {re.match(r"\| `(--[\w-]+)", row).group(1) for row in rows}  # type: ignore[union-attr]
    assert documented == {spec.cli_flag for spec in SETTINGS}
    for spec in SETTINGS:
        row = next(row for row in rows if row.startswith(f"| `{spec.cli_flag}"))
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        assert cells[1] == f"`{spec.ini_key}`", row
        assert cells[2] == spec.scope, row


def _slug(heading: str) -> str:
    return re.sub(r"[^\w\- ]", "", heading.lower()).strip().replace(" ", "-")


@pytest.mark.parametrize("source", sorted((ROOT / "pytest_paragon").rglob("*.py")), ids=str)
def test_error_anchors_exist_in_the_readme(source: Path) -> None:
    anchors = set(re.findall(r'anchor="([\w-]+)"', source.read_text(encoding="utf-8")))
    headings = {_slug(h) for h in re.findall(r"^#+ (.+)$", README, flags=re.M)}
    assert anchors <= headings


def test_readme_opens_with_the_two_commands() -> None:
    head = README[: README.index("## What is here today")]
    assert "<!-- main-command -->" in head
    assert "<!-- test-command -->" in head
    assert head.count("pip install") == 2


def test_ci_runs_the_readme_commands() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "readme_command main-command" in ci
    assert "readme_command test-command" in ci
