"""Opening pytest-paragon's HTML reports in a real headless browser (Debian's chromium).

Outside CI a machine without chromium skips these checks with the reason; in CI (``CI=true``)
its absence fails them: ``.ci/run`` installs it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
)  # fmt: skip


def chromium() -> str:
    """The chromium executable; skip (fail in CI) without one."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        reason = "chromium is not installed (apt-get install -y chromium): the HTML reports are "
        reason += "checked in a real browser"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason}; .ci/run must install it")
        pytest.skip(reason)
    return found


def dump_dom(page: Path, profile: Path) -> str:
    """The DOM chromium built from ``page`` (a file), as HTML."""
    result = subprocess.run(
        [chromium(), *FLAGS, f"--user-data-dir={profile}", "--dump-dom", page.resolve().as_uri()],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "<body" in result.stdout, result.stderr[-2000:]
    return result.stdout


class Shown(HTMLParser):
    """What a page shows: its text, its elements' ids, links and classes, by element."""

    def __init__(self, dom: str) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.sources: list[str] = []
        self.rows: list[list[tuple[str, str]]] = []  # per <tr>: (class, text) of each cell
        self.text: list[str] = []
        self._cell: list[str] | None = None
        self._class = ""
        self.feed(dom)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if "id" in values:
            self.ids.add(values["id"])
        if tag == "a" and "href" in values:
            self.links.append(values["href"])
        if "src" in values or (tag == "link" and "href" in values):
            self.sources.append(values.get("src") or values["href"])
        if tag == "tr":
            self.rows.append([])
        if tag in ("td", "th"):
            self._cell, self._class = [], values.get("class", "")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None and self.rows:
            self.rows[-1].append((self._class, " ".join("".join(self._cell).split())))
            self._cell = None

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._cell is not None:
            self._cell.append(data)

    def row(self, first: str) -> list[tuple[str, str]]:
        """The cells of the row whose first cell reads ``first``."""
        return next(row for row in self.rows if row and row[0][1] == first)

    @property
    def all_text(self) -> str:
        """Every text node, joined."""
        return " ".join(" ".join(self.text).split())
