"""Hooks of contract coverage, registered by :mod:`pytest_paragon.plugin` only when asked for.

After each test's teardown the journal of its ``paragon_fake`` (in-process and server mode share
it) and the SDK events of its ``paragon_install_flow`` are recorded. Under pytest-xdist every
worker sends its raw observations through ``workeroutput``; the controller merges them, writes
``--paragon-coverage-json``, prints the summary line (the table with ``-v``) and fails the session
under ``--paragon-coverage-fail-under``.
"""

from __future__ import annotations

import json
from collections.abc import Generator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from pytest_paragon.options import session_settings

if TYPE_CHECKING:
    from pytest_paragon.coverage.collector import ContractCoverage

PLUGIN_NAME = "paragon-coverage"
WORKER_KEY = "paragon_coverage"


def wanted(config: pytest.Config) -> bool:
    """Whether any coverage setting is on (command line or ini)."""
    return bool(
        (settings := session_settings(config)).coverage
        or settings.coverage_json
        or settings.coverage_html
        or settings.coverage_fail_under is not None
    )


def register(config: pytest.Config) -> None:
    """Register the coverage hooks once."""
    if not config.pluginmanager.has_plugin(PLUGIN_NAME):
        config.pluginmanager.register(CoveragePlugin(config), PLUGIN_NAME)


def session_contract_path(config: pytest.Config) -> Any:
    """The contract the session's fakes use (as the ``paragon_contract`` fixture resolves it)."""
    from pytest_paragon.contract.history import AUTO

    settings = session_settings(config)
    path, version = settings.contract_file, settings.sdk_version
    if path is None and version and version != AUTO:
        from pytest_paragon.contract.history import contract_for_sdk

        return contract_for_sdk(str(version))
    return path


class CoveragePlugin:
    """Collects the fakes' journals and reports coverage at the end of the session."""

    def __init__(self, config: pytest.Config) -> None:
        """Collect for ``config``'s session."""
        self.config = config
        self._coverage: ContractCoverage | None = None
        self.report: dict[str, Any] | None = None
        self.failed_under: float | None = None

    @property
    def coverage(self) -> ContractCoverage:
        """The collector, built on first use (loading the contract)."""
        if self._coverage is None:
            from pytest_paragon.contract import load_contract
            from pytest_paragon.coverage.collector import ContractCoverage

            self._coverage = ContractCoverage(load_contract(session_contract_path(self.config)))
        return self._coverage

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_teardown(self, item: pytest.Item) -> Generator[None, object, object]:
        """Once the test's fixtures are torn down, record its fake's journal."""
        from pytest_paragon.keys import FAKE_KEY

        result = yield
        fake = item.stash.get(FAKE_KEY, None)
        if fake is not None:
            self.coverage.add_journal(fake.journal)
            self._record_events(item, fake)
        return result

    def _record_events(self, item: pytest.Item, fake: Any) -> None:
        flow = getattr(item, "funcargs", {}).get("paragon_install_flow")
        events = getattr(flow, "events", None)
        for name, _event in getattr(events, "emitted", ()):
            self.coverage.add_event("sdk", name)
        from pytest_paragon.fake.actionkit.state import ActionKitState

        for subscription in fake.state.area(ActionKitState).subscriptions.values():
            if subscription.date_last_received_event:
                self.coverage.add_event("webhook", "actionKitTriggerEvent")

    @pytest.hookimpl(optionalhook=True)
    def pytest_testnodedown(self, node: Any, error: Any) -> None:
        """The xdist controller: merge a worker's observations."""
        raw = getattr(node, "workeroutput", {}).get(WORKER_KEY)
        if raw:
            self.coverage.observations.merge_raw(json.loads(raw))

    @pytest.hookimpl(tryfirst=True)
    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        """Workers hand their observations over; the controller builds and writes the report."""
        workeroutput = getattr(self.config, "workeroutput", None)
        if workeroutput is not None:
            workeroutput[WORKER_KEY] = json.dumps(self.coverage.observations.to_raw())
            return
        from pytest_paragon.coverage.report import build_report

        self.report = build_report(self.coverage)
        path = session_settings(self.config).coverage_json
        if path:
            from pytest_paragon.files import write_atomically

            data = json.dumps(self.report, indent=2) + "\n"
            write_atomically(Path(path), data.encode("utf-8"), mode=0o644)
        directory = session_settings(self.config).coverage_html
        if directory:
            from pytest_paragon.files import write_atomically
            from pytest_paragon.html_report import coverage_html

            Path(directory).mkdir(parents=True, exist_ok=True)
            html = coverage_html(self.report, self.coverage)
            write_atomically(Path(directory) / "index.html", html.encode("utf-8"), mode=0o644)
        floor = session_settings(self.config).coverage_fail_under
        if floor is not None and self.report["summary"]["overall"] < float(floor):
            self.failed_under = float(floor)
            if session.exitstatus == pytest.ExitCode.OK:
                session.exitstatus = pytest.ExitCode.TESTS_FAILED

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        """The summary line; the per-operation table with ``-v``; the fail-under verdict."""
        if self.report is None:
            return
        from pytest_paragon.coverage.report import summary_line, table

        if self.config.get_verbosity() > 0:
            terminalreporter.section("paragon contract coverage")
            for line in table(self.report):
                terminalreporter.write_line(line)
        terminalreporter.write_line(summary_line(self.report))
        path = session_settings(self.config).coverage_json
        if path:
            terminalreporter.write_line(f"paragon coverage JSON written to {path}")
        directory = session_settings(self.config).coverage_html
        if directory:
            index = Path(directory) / "index.html"
            terminalreporter.write_line(f"paragon coverage HTML written to {index}")
        if self.failed_under is not None:
            terminalreporter.write_line(
                f"FAIL: paragon contract coverage {self.report['summary']['overall']}% is under "
                f"--paragon-coverage-fail-under {self.failed_under:g}%",
                red=True,
            )
