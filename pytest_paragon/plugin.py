"""The pytest plugin, loaded with ``pytest -p paragon`` (entry point ``paragon``).

Hooks only: options, ini keys, markers, the report header and the after-the-body check. Fixtures
live in :mod:`pytest_paragon.fixtures`, settings in :mod:`pytest_paragon.settings`. Importing this
module imports only pytest, the standard library and light modules of this package; httpx, respx,
pydantic, hypothesis, schemathesis and uvicorn load inside the fixtures that need them.
"""

from __future__ import annotations

import sys
from typing import Any

import pytest

from pytest_paragon import __version__, options, settings
from pytest_paragon.errors import ParagonError, ParagonUsageError, combined
from pytest_paragon.keys import CASSETTE_KEY, FAKE_KEY

pytest_plugins = ["pytest_paragon.fixtures"]

MARKERS = (
    "paragon(**settings): per-test pytest-paragon settings, e.g. "
    "@pytest.mark.paragon(strict='off'); see the README's marker table.",
    "paragon_cassette(name=None, record_mode=None, **settings): record and replay this test's "
    "Paragon traffic (a cassette per test, or shared by name); see 'Recording real traffic'.",
)

MARKER_ERROR = pytest.StashKey[ParagonUsageError]()
CASSETTE_FIXTURE = "paragon_cassette"  # the marker's name too
MARKER_LAYERS = options.MARKER_LAYERS


def pytest_addoption(parser: pytest.Parser) -> None:
    """Register the ``--paragon-*`` options and typed ``paragon_*`` ini keys."""
    options.register(parser)


def pytest_load_initial_conftests(
    early_config: pytest.Config, parser: pytest.Parser, args: list[str]
) -> None:
    """With ``--paragon-suite`` (or ``paragon_suite = true``), add the contract suite.

    The suite's test module joins the run (alone, when no paths were given, so it runs in any
    directory) and its hooks are registered: :mod:`pytest_paragon.contract_suite.plugin`. The
    0.1.0 spelling ``--paragon-contract`` / ``paragon_contract`` works too (deprecated; the
    warning is given once the settings are parsed).
    """
    namespace = early_config.known_args_namespace
    for name in ("suite", "contract"):
        wanted: Any = getattr(namespace, "paragon_" + name, None)
        if wanted is None:
            wanted = early_config.getini("paragon_" + name)
        if wanted not in (None, "", []) and settings.setting("suite").parse(wanted):
            from pytest_paragon.contract_suite.plugin import add_to_run

            add_to_run(early_config, args)
            return


def pytest_configure(config: pytest.Config) -> None:
    """Register the markers, parse every setting once, add coverage hooks when asked for.

    A bad setting stops the run here, as one usage error.
    """
    for line in MARKERS:
        config.addinivalue_line("markers", line)
    options.configure(config)
    from pytest_paragon.coverage.plugin import register, wanted

    if wanted(config):
        register(config)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Check and parse every item's markers once; a bad one fails its own test, not the session.

    ``@pytest.mark.paragon_cassette`` alone (without the fixture) uses a cassette too: the
    fixture joins that test's fixtures, first (an autouse fixture would cost every test).
    """
    for item in items:
        markers = options.paragon_markers(item)
        try:
            item.stash[MARKER_LAYERS] = options.marker_layers(item, markers)
        except ParagonUsageError as error:
            item.stash[MARKER_ERROR] = error
        names = getattr(item, "fixturenames", None)
        if markers[1] and isinstance(names, list) and CASSETTE_FIXTURE not in names:
            # a list of this item's own: parametrized items share the one they were made with
            item.fixturenames = [CASSETTE_FIXTURE, *names]  # type: ignore[attr-defined]


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """Fail a test whose marker is wrong, before its fixtures run; warn for 0.1.0 keywords."""
    error = item.stash.get(MARKER_ERROR, None)
    if error is not None:
        raise error
    options.warn_deprecations(item.stash.get(MARKER_LAYERS, []))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> object:
    """After the test body, fail it for what the fake found (violations, unmatched/unused answers).

    When the body raised first (``response.raise_for_status()`` on the 400 a violation caused),
    the body's exception is what pytest shows; the fake's report is attached to it as an
    exception note (Python >= 3.11) and as a report section, so the reason is never lost.
    """
    try:
        result = yield
    except Exception as raised:
        _attach_pending_report(item, raised)
        raise
    failure = combined(_problems(item, finishing=True))
    if failure is not None:
        __tracebackhide__ = True
        raise failure
    return result


@pytest.hookimpl(wrapper=True, trylast=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> object:
    """Give a test that schemathesis did not generate hypothesis' own example printer back.

    schemathesis' pytest plugin (installed with us, autoloaded) swaps hypothesis' printer for
    one that prints nothing, process-wide, to save time in its own runs; every other failing
    ``@given`` test then reports ``x=,`` instead of its falsifying example. The swap is undone
    around each test function that is neither schemathesis' nor the contract suite's. Innermost
    wrapper (``trylast``): schemathesis makes its swap in its own ``pytest_pyfunc_call`` wrapper,
    on the first test it sees.
    """
    core = sys.modules.get("hypothesis.core")
    printer = getattr(core, "RepresentationPrinter", None)
    if core is None or printer is None or _generated_by_schemathesis(pyfuncitem):
        return (yield)
    from hypothesis.vendor.pretty import RepresentationPrinter

    if printer is RepresentationPrinter:
        return (yield)
    setattr(core, "RepresentationPrinter", RepresentationPrinter)  # noqa: B010 - undoing a swap
    try:
        return (yield)
    finally:
        setattr(core, "RepresentationPrinter", printer)  # noqa: B010


def _generated_by_schemathesis(item: pytest.Item) -> bool:
    module = getattr(getattr(item, "module", None), "__name__", "")
    return type(item).__module__.startswith("schemathesis") or module.startswith(
        "pytest_paragon.contract_suite"
    )


def _problems(item: pytest.Item, *, finishing: bool = False) -> list[ParagonError]:
    """What the fake and the cassette found (``finishing``: unused interactions too)."""
    found: list[ParagonError] = []
    fake = item.stash.get(FAKE_KEY, None)
    if fake is not None:
        found.extend(fake.problems())
    cassette = item.stash.get(CASSETTE_KEY, None)
    if cassette is not None:
        found.extend(cassette.finish() if finishing else cassette.problems)
    return found


def _attach_pending_report(item: pytest.Item, raised: Exception) -> None:
    raised_text = str(raised) if isinstance(raised, ParagonError) else None
    pending = [problem for problem in _problems(item) if str(problem) != raised_text]
    failure = combined(pending)
    if failure is None:
        return
    text = (
        "pytest-paragon: the test body raised, and the fake had found this before it did:\n"
        f"{type(failure).__name__}: {failure}"
    )
    item.add_report_section("call", "paragon", text)
    if hasattr(raised, "add_note"):  # Python >= 3.11
        raised.add_note(text)


def pytest_report_header(config: pytest.Config) -> str:
    """Name the plugin version in the session header."""
    return f"paragon: pytest-paragon {__version__}"
