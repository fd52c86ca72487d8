"""The hooks of a ``--paragon-contract`` run (registered by :mod:`pytest_paragon.plugin`).

Registered only when the suite is requested: it adds the suite's test module to the run, makes
sure schemathesis' pytest plugin is loaded (also with ``PYTEST_DISABLE_PLUGIN_AUTOLOAD``),
resolves the suite's settings once options are parsed, names the target in the report header and
fails an operation of the fake that never answered a 2xx (its requests tested nothing).
"""

from __future__ import annotations

import pytest

from pytest_paragon.contract_suite import TEST_MODULE, SuiteSettings, configure
from pytest_paragon.errors import ParagonUsageError

EXERCISED = pytest.StashKey["Exercise"]()


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

    settings: SuiteSettings | None = None

    @pytest.hookimpl(tryfirst=True)
    def pytest_configure(self, config: pytest.Config) -> None:
        """Resolve the suite's settings for the test module, which reads them on import."""
        try:
            settings = SuiteSettings.from_config(config)
        except (ValueError, ParagonUsageError) as error:
            raise pytest.UsageError(f"pytest-paragon contract suite: {error}") from None
        problem = settings.problem()
        if problem is not None:
            raise pytest.UsageError(f"pytest-paragon contract suite: {problem}")
        self.settings = settings
        configure(settings)

    def pytest_unconfigure(self, config: pytest.Config) -> None:
        """Forget the settings."""
        configure(None)

    def pytest_report_header(self, config: pytest.Config) -> str | None:
        """Name the target, the seed and the examples per operation."""
        return self.settings.describe if self.settings else None

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_call(self, item: pytest.Item) -> object:
        """After an operation's test passed, fail it if the fake never answered it with a 2xx."""
        result = yield
        exercise = item.stash.get(EXERCISED, None)
        problem = exercise.problem() if exercise is not None else None
        if problem is not None:
            raise NotExercisedError(problem)
        return result


class NotExercisedError(AssertionError):
    """An operation of the fake answered only errors to the suite's requests."""
