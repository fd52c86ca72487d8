"""The pytest plugin, loaded with ``pytest -p paragon`` (entry point ``paragon``).

Hooks only: options, ini keys, markers and the report header. Fixtures live in
:mod:`pytest_paragon.fixtures`. Importing this module imports only pytest, the standard library and
light modules of this package; httpx, respx, pydantic, hypothesis, schemathesis and uvicorn load
inside the fixtures that need them.
"""

from __future__ import annotations

import pytest

from pytest_paragon import __version__
from pytest_paragon.errors import ParagonUsageError, combined
from pytest_paragon.fixtures import FAKE_KEY
from pytest_paragon.options import check_marker, register_options

pytest_plugins = ["pytest_paragon.fixtures"]

MARKERS = (
    "paragon(**settings): per-test pytest-paragon settings, e.g. "
    "@pytest.mark.paragon(contract_file='my.yaml'); see the README's marker table.",
)


def pytest_addoption(parser: pytest.Parser) -> None:
    """Register the ``--paragon-*`` options and ``paragon_*`` ini keys."""
    register_options(parser)


def pytest_load_initial_conftests(
    early_config: pytest.Config, parser: pytest.Parser, args: list[str]
) -> None:
    """With ``--paragon-contract`` (or ``paragon_contract = true``), add the contract suite.

    The suite's test module joins the run (alone, when no paths were given, so it runs in any
    directory) and its hooks are registered: :mod:`pytest_paragon.contract_suite.plugin`.
    """
    from pytest_paragon.options import parse_bool

    wanted = getattr(early_config.known_args_namespace, "paragon_contract", None)
    if wanted is None:
        ini = early_config.getini("paragon_contract")
        wanted = parse_bool(str(ini)) if ini not in (None, "", []) else False
    if wanted:
        from pytest_paragon.contract_suite.plugin import add_to_run

        add_to_run(early_config, args)


def pytest_configure(config: pytest.Config) -> None:
    """Register the ``paragon`` markers so ``--strict-markers`` accepts them."""
    for line in MARKERS:
        config.addinivalue_line("markers", line)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Reject ``@pytest.mark.paragon`` markers with unknown settings at collection time."""
    for item in items:
        for marker in item.iter_markers("paragon"):
            try:
                check_marker(marker)
            except ParagonUsageError as exc:
                raise pytest.UsageError(f"{item.nodeid}: {exc}") from None


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> object:
    """After a passing test body, fail it for contract violations and unused registrations."""
    result = yield
    fake = item.stash.get(FAKE_KEY, None)
    if fake is not None:  # violations are not even recorded when strict is off
        failure = combined(fake.problems())
        if failure is not None:
            __tracebackhide__ = True
            raise failure
    return result


def pytest_report_header(config: pytest.Config) -> str:
    """Name the plugin version in the session header."""
    return f"paragon: pytest-paragon {__version__}"
