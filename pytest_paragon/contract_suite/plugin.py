"""The hooks of a ``--paragon-suite`` run (registered by :mod:`pytest_paragon.plugin`).

Registered only when the suite is requested: it adds the suite's test module to the run, makes
sure schemathesis' pytest plugin is loaded (also with ``PYTEST_DISABLE_PLUGIN_AUTOLOAD``),
resolves the suite's settings once options are parsed (into ``config.stash``), collects the test
module's one test body once per operation, names the target in the report header, fails an
operation of the fake that never answered a 2xx (its requests tested nothing), rewrites a failed
operation's one-line message as a sentence (the short summary, JUnit's ``message``) and closes
the run with a summary of what was checked.
"""

from __future__ import annotations

import functools
from collections.abc import Generator
from pathlib import Path
from typing import Any

import pytest

from pytest_paragon.contract_suite import TEST_MODULE, SuiteSettings
from pytest_paragon.contract_suite.failures import Baseline, failure_records
from pytest_paragon.contract_suite.outcomes import CURL_PROPERTY, REPLAY_PROPERTY, RunOutcomes
from pytest_paragon.contract_suite.report import PROPERTY_PREFIX, Summary, Tally, failure_sentence
from pytest_paragon.errors import ParagonError, ParagonFailure, ParagonUsageError

EXERCISED = pytest.StashKey["Exercise"]()
TALLY = pytest.StashKey[Tally]()
"""The checks an operation's test ran (kept on its item, reported as ``user_properties``)."""

CAPTURED = pytest.StashKey[dict[str, dict[str, Any]]]()
"""Per failure code, the last request that failed that way (Hypothesis' shrunk one), redacted."""

REPLAY_TEXT = pytest.StashKey[str]()
"""The replay lines of a failed operation (added under its sentence in the failure's text)."""

SENTENCE = pytest.StashKey[str]()
"""A failed operation's one-line message (kept to restore it, see pytest_exception_interact)."""

TEMPLATE = "operation_test"
"""The test module's test body, collected once per operation."""

FLOW_TEMPLATE = "flow_test"
"""The test module's flow body, collected once per named flow (``test_flow[connect]``)."""


class Exercise:
    """The statuses one operation answered during its test (kept on the test item)."""

    def __init__(self, label: str, *, required: bool) -> None:
        """Record answers of operation ``label``; ``required``: a 2xx must be among them."""
        self.label = label
        self.required = required
        self.statuses: list[int] = []

    def problem(self) -> str | None:
        """Why the operation was not exercised, or ``None``."""
        if not self.required or not self.statuses:
            return None
        if any(200 <= status < 300 for status in self.statuses):
            return None
        seen = ", ".join(str(status) for status in sorted(set(self.statuses)))
        return (
            f"{self.label} never answered 2xx in {len(self.statuses)} requests (got {seen}): "
            "the suite did not reach its success path, so it tested only the rejections."
        )


def add_to_run(early_config: pytest.Config, args: list[str]) -> None:
    """Append the suite's module to ``args`` and register this plugin and schemathesis'."""
    module = str(TEST_MODULE)
    if module not in args:
        args.append(module)
    manager = early_config.pluginmanager
    if not manager.has_plugin("schemathesis"):
        manager.import_plugin("schemathesis.pytest.plugin")
    if not manager.has_plugin("paragon-contract-suite"):
        manager.register(ContractSuitePlugin(), "paragon-contract-suite")


class ContractSuitePlugin:
    """Hooks of the contract suite."""

    def __init__(self) -> None:
        """No settings yet: they are resolved in ``pytest_configure``."""
        self.summary: Summary | None = None
        self.outcomes: RunOutcomes | None = None
        self.flows: dict[str, str] = {}
        """Each flow's outcome."""

    @pytest.hookimpl(tryfirst=True)
    def pytest_configure(self, config: pytest.Config) -> None:
        """Resolve the suite's settings once, into ``config.stash``."""
        from pytest_paragon.contract_suite.run import SETTINGS
        from pytest_paragon.contract_suite.target_seeding import prepare_served

        try:
            settings = prepare_served(SuiteSettings.from_config(config))  # a served fake: seeded
        except (ValueError, ParagonUsageError) as error:
            raise pytest.UsageError(f"pytest-paragon contract suite: {error}") from None
        problem = settings.problem()
        if problem is None and settings.operations:
            from pytest_paragon.contract import load_contract

            try:
                contract = load_contract(settings.contract_file)
            except ParagonError as error:  # an unreadable --paragon-contract-file names itself
                raise pytest.UsageError(f"pytest-paragon contract suite: {error}") from None
            problem = settings.unknown_operations(contract)
        if problem is not None:
            raise pytest.UsageError(f"pytest-paragon contract suite: {problem}")
        config.stash[SETTINGS] = settings
        where = f"target {settings.target}" if settings.target else "the built-in fake"
        self.summary = Summary(where)
        self.outcomes = RunOutcomes(where, settings.random_seed, settings.shard)
        if settings.baseline:
            path = self.outcomes.baseline_path = Path(settings.baseline)
            try:
                self.outcomes.baseline = Baseline.load(path) if path.exists() else None
            except ValueError as error:
                raise pytest.UsageError(f"pytest-paragon contract suite: {error}") from None
            self.outcomes.recording = settings.baseline_update or self.outcomes.baseline is None

    def pytest_report_header(self, config: pytest.Config) -> str | None:
        """Name the target, the seed and the examples per operation."""
        from pytest_paragon.contract_suite.run import SETTINGS

        settings = config.stash.get(SETTINGS, None)
        return settings.describe if settings else None

    @pytest.hookimpl(tryfirst=True)
    def pytest_pycollect_makeitem(
        self, collector: pytest.Module | pytest.Class, name: str, obj: object
    ) -> list[Any] | None:
        """Collect the suite's test body once per operation, parametrized by schemathesis."""
        if name == FLOW_TEMPLATE and collector.path == TEST_MODULE and callable(obj):
            from pytest_paragon.contract_suite.flows import TEST_NAME as FLOW_TEST
            from pytest_paragon.contract_suite.run import suite_run

            # One item per flow, its name bound (a fixture-free keyword with a default).
            return [
                pytest.Function.from_parent(
                    collector,
                    name=f"{FLOW_TEST}[{flow}]",
                    callobj=functools.partial(obj, flow=flow),
                )
                for flow in suite_run(collector.config).flows
            ]
        if name != TEMPLATE or collector.path != TEST_MODULE or not callable(obj):
            return None
        from pytest_paragon.contract_suite.run import suite_run

        collectors: list[Any] = []
        for test_name, test in suite_run(collector.config).tests(obj).items():
            made = collector.ihook.pytest_pycollect_makeitem(
                collector=collector, name=test_name, obj=test
            )
            collectors.extend(made if isinstance(made, list) else [made] if made else [])
        return collectors

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_call(self, item: pytest.Item) -> Generator[None, object, object]:
        """Report the operation's tally; fail a passed test whose fake never answered 2xx."""
        try:
            result = yield
        finally:
            tally = item.stash.get(TALLY, None)
            if tally is not None:
                item.user_properties.extend(tally.as_properties())
        exercise = item.stash.get(EXERCISED, None)
        problem = exercise.problem() if exercise is not None else None
        if problem is not None:
            raise NotExercisedError(problem)
        return result

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(
        self, item: pytest.Item, call: pytest.CallInfo[None]
    ) -> Generator[None, pytest.TestReport, pytest.TestReport]:
        """Give a failed operation a one-line message that reads as a sentence.

        The message of the report's crash line is what the short test summary and JUnit's
        ``message`` attribute show; set here, it also travels to the pytest-xdist controller.
        """
        report = yield
        tally = item.stash.get(TALLY, None)
        if report.failed and call.excinfo is not None and tally is not None:
            sentence = failure_sentence(tally, call.excinfo.value)
            crash = getattr(report.longrepr, "reprcrash", None)
            if sentence is not None and crash is not None:
                crash.message = sentence
                item.stash[SENTENCE] = sentence
            if call.when == "call":
                self._judge(
                    item, report, failure_records(tally.operation_id, call.excinfo.value, tally)
                )
        return report

    def _judge(self, item: pytest.Item, report: pytest.TestReport, records: list[Any]) -> None:
        """Give a failed operation its codes and replay files; known failures become xfailed."""
        from pytest_paragon.contract_suite.replay import target_of, write_replay
        from pytest_paragon.contract_suite.run import SETTINGS

        settings = item.config.stash[SETTINGS]
        captured = item.stash.get(CAPTURED, {})
        lines = []
        properties: list[tuple[str, object]] = []
        for record in records:
            properties += record.as_properties()
            request = captured.get(record.code)
            if request is None or not settings.replay_dir:
                continue
            path = write_replay(Path(settings.replay_dir), record, request, target_of(settings))
            properties.append((REPLAY_PROPERTY + record.code, str(path)))
            properties.append((CURL_PROPERTY + record.code, request["curl"]))
            lines += [f"{record.code}: replay with `pytest {path}`", f"  {request['curl']}"]
        report.user_properties.extend(properties)
        item.user_properties.extend(properties)  # JUnit reads the teardown report's
        if lines:
            item.stash[REPLAY_TEXT] = "\n".join(lines)
        outcomes = self.outcomes
        if outcomes is None or outcomes.baseline_path is None:
            return
        if outcomes.recording or (outcomes.baseline and outcomes.baseline.known(records)):
            codes = ", ".join(record.code for record in records)
            why = "recorded into" if outcomes.recording else "known in"
            report.outcome = "skipped"
            report.wasxfail = f"{why} the baseline {outcomes.baseline_path}: {codes}"

    @pytest.hookimpl(trylast=True)
    def pytest_exception_interact(
        self, node: pytest.Item, call: pytest.CallInfo[None], report: pytest.TestReport
    ) -> None:
        """Keep the sentence first after schemathesis replaced the report's text with its own.

        Schemathesis (earlier in this hook) turns the local report into its failure report, a
        plain string whose first line becomes the short summary: the sentence goes before it.
        """
        sentence = node.stash.get(SENTENCE, None)
        if sentence is not None and isinstance(report.longrepr, str):
            replays = node.stash.get(REPLAY_TEXT, None)
            sentence += f"\n\n{replays}" if replays else ""
            report.longrepr = f"{sentence}\n\n{report.longrepr}"

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        """Count each operation's outcome and tally for the closing summary (also under xdist)."""
        from pytest_paragon.contract_suite.flows import TEST_NAME as FLOW_TEST
        from pytest_paragon.contract_suite.run import TEST_NAME

        if report.when != "call" and not (report.failed or report.skipped):
            return
        if f"::{FLOW_TEST}[" in report.nodeid and self.outcomes is not None:
            flow = report.nodeid.split(f"::{FLOW_TEST}[", 1)[1].split("]", 1)[0]
            properties = [
                (n, v) for n, v in report.user_properties if n.startswith(PROPERTY_PREFIX)
            ]
            outcome = "xfailed" if hasattr(report, "wasxfail") else report.outcome
            self.flows[flow] = outcome
            tally = Tally.from_properties(f"flow:{flow}", "flow", properties)
            self.outcomes.add(f"flow:{flow}", outcome, tally, report.user_properties)
            return
        if self.summary is None or f"::{TEST_NAME}[" not in report.nodeid:
            return
        operation_id = report.nodeid.split(f"::{TEST_NAME}[", 1)[1].split("]", 1)[0]
        properties = [(n, v) for n, v in report.user_properties if n.startswith(PROPERTY_PREFIX)]
        tally = Tally.from_properties(operation_id, "", properties)
        outcome = "xfailed" if hasattr(report, "wasxfail") else report.outcome
        self.summary.add(operation_id, outcome, tally)
        if self.outcomes is not None:
            self.outcomes.add(operation_id, outcome, tally, report.user_properties)

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        """Write the recorded baseline and the run's JSON (the controller only)."""
        from pytest_paragon.contract_suite.run import SETTINGS

        settings = session.config.stash.get(SETTINGS, None)
        if self.outcomes is None or settings is None or hasattr(session.config, "workerinput"):
            return
        self.outcomes.finish(settings.suite_json, settings.suite_html)

    def pytest_terminal_summary(self, terminalreporter: Any, config: pytest.Config) -> None:
        """Close the run with what was checked: operations, requests, checks, failures."""
        lines = self.summary.lines() if self.summary is not None else []
        if not lines:
            return
        if self.flows:
            counted: dict[str, int] = {}
            for outcome in self.flows.values():
                counted[outcome] = counted.get(outcome, 0) + 1
            summary = ", ".join(f"{counted[name]} {name}" for name in sorted(counted))
            lines.append(
                f"{len(self.flows)} flows run ({', '.join(sorted(self.flows))}): {summary}"
            )
        lines += self.outcomes.lines() if self.outcomes is not None else []
        terminalreporter.write_sep("=", "paragon contract suite")
        for line in lines:
            terminalreporter.write_line(line)


class NotExercisedError(ParagonFailure):
    """An operation of the fake answered only errors to the suite's requests."""
