"""The HTML reports, opened in a real headless chromium: what each one shows.

The contract-suite run's page is checked where the suite already runs with planted defects
(``test_flows.py``, ``test_baseline_replay.py``); here the coverage page
(``--paragon-coverage-html``) and the diff page (``diff --format html``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pytest_paragon.contract import load_contract
from pytest_paragon.contract.diff import Severity, diff_contracts
from pytest_paragon.contract.history import history_path
from pytest_paragon.contract_suite.run import Exchange
from pytest_paragon.coverage.collector import ContractCoverage
from pytest_paragon.coverage.report import build_report
from pytest_paragon.html_report import coverage_html, diff_html
from tests.browser import Shown, chromium, dump_dom

CALLED = "getCredential"


def test_the_coverage_page_shows_areas_a_heat_map_and_each_operation(tmp_path: Path) -> None:
    chromium()
    coverage = ContractCoverage(load_contract())
    answer = b'{"id": "c1", "status": "VALID", "configurations": []}'
    for status in (200, 200, 404):
        coverage.add_exchange(Exchange(CALLED, status, response_body=answer))
    page = tmp_path / "cov" / "index.html"
    page.parent.mkdir()
    page.write_text(coverage_html(build_report(coverage), coverage), "utf-8")
    dom = dump_dom(page, tmp_path / "profile")
    shown = Shown(dom)
    assert shown.sources == []  # nothing fetched: self-contained
    assert "Paragon contract coverage" in shown.all_text
    assert {"area-credentials", "area-sync", f"op-{CALLED}"} <= shown.ids
    assert f"#op-{CALLED}" in shown.links  # the row clicks through to the operation
    row = shown.row(CALLED)
    assert row[2] == ("heat2", "3")  # calls
    never = shown.row("listSyncs")
    assert never[2] == ("heat0", "0")
    section = Shown(dom.split(f'id="op-{CALLED}"', 1)[1].split("</section>", 1)[0])
    assert section.row("200")[1] == ("heat1", "2")  # answers per documented status
    assert section.row("404")[1] == ("heat1", "1")
    assert section.row("401")[1] == ("heat0", "0")
    assert section.row("response.body.id")[1] == ("heat1", "reached")
    assert section.row("response.body.personaId")[1] == ("heat0", "not reached")


def test_coverage_html_is_written_by_the_option(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        "import requests\n\n"
        "def test_me(paragon_fake, paragon_user):\n"
        "    url = f'https://zeus.useparagon.com/projects/{paragon_fake.project.id}/sdk/me'\n"
        "    requests.get(url, headers={'Authorization': f'Bearer {paragon_user.token}'})\n"
    )
    result = pytester.runpytest_inprocess("-p", "paragon", "--paragon-coverage-html", "htmlcov")
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(["paragon coverage HTML written to htmlcov/index.html"])
    text = Path(pytester.path, "htmlcov", "index.html").read_text("utf-8")
    assert 'id="op-getConnectedUser"' in text


def test_the_diff_page_shows_each_change_by_severity(tmp_path: Path) -> None:
    chromium()
    result = diff_contracts(history_path("2.0.6"), history_path("2.4.0"))
    page = tmp_path / "diff.html"
    page.write_text(diff_html(result, Severity.parse("breaking")), "utf-8")
    shown = Shown(dump_dom(page, tmp_path / "profile"))
    assert shown.sources == []
    severities = [row[0] for row in shown.rows[1:]]
    assert len(severities) == len(result.changes)
    assert severities.count(("breaking", "breaking")) == result.count(Severity.parse("breaking"))
    assert severities[0][1] == "breaking"  # most severe first
    assert "--fail-on breaking fails" in shown.all_text
