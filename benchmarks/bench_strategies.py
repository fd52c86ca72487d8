"""Strategies benchmark: examples per second of ``from_contract`` against the alternatives.

For each model, four ways to draw it, timed in CPU time in the same process with interleaved
rounds (the variant order rotates every round) through the same hypothesis engine (a ``@given``
test with a no-op body, generate phase only, no database):

- ``paragon``: ``pytest_paragon.strategies.from_contract(name)`` (contract-valid JSON with
  realistic, cross-referenced values);
- ``paragon, required only``: ``from_contract(name, optional_fields=False)``, the content
  ``st.builds`` draws;
- ``st.builds``: ``st.builds(Model)`` of the generated pydantic model (hypothesis infers each
  field from its type hints; the result is a model instance, dumped for the validity check);
- ``hypothesis-jsonschema``: ``from_schema`` of the same component schema (rooted with the
  contract's components so that ``$ref`` resolve).

Reported per model: the median over rounds of examples/s, the ratio paragon / st.builds paired
round by round (median and a seeded 95% bootstrap interval), and, from a separate sample, the
share of examples that validate against the contract (jsonschema-rs, formats on) and their mean
size as JSON and the hypothesis choices per example (``st.builds`` fills only required fields,
so its documents are much smaller and cost fewer choices). A variant that cannot build the
strategy (hypothesis-jsonschema refuses recursive references, for example) is reported with
its error. Not a test: it never fails on timings. Run ``python -m benchmarks.bench_strategies
[--rounds R] [--requests N] [--json F]`` (N: examples per round).

Two more figures (issue 23): the time a failing test takes to report, the README's client bug
("``providerData`` is always there") over ``responses("getConnectedUser", status=200)`` against
the same failing test over ``st.builds(ConnectedUserResponse)``, each an in-process ``@given``
run at hypothesis' default settings (every phase, the default deadline, no database) timed in
CPU seconds until the exception, paired round by round; and the README's client-fuzzing test,
fixed, at its documented settings under ``pytest -n 2`` with a cold hypothesis storage (passes or
fails). :func:`goal_rows` turns the results into the goals table's rows.
"""

from __future__ import annotations

import gc
import statistics
import sys
import warnings
from collections.abc import Callable, Sequence
from time import process_time_ns
from typing import Any

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.control import current_build_context

from benchmarks._common import GoalRow, bootstrap_median, cli, verdict
from benchmarks._common import environment as environment_of

MODELS = (
    "Credential",
    "ConnectedUserResponse",
    "Integration",
    "TriggerSubscription",
    "ActionKitTriggerWebhook",
    "WorkflowExecution",
    "IntegrationInstallEvent",
)
# "paragon, required only": from_contract(name, optional_fields=False), the content st.builds
# draws (st.builds leaves every field with a default unset).
REQUIRED_ONLY = "paragon, required only"
VARIANTS = ("paragon", REQUIRED_ONLY, "st.builds", "hypothesis-jsonschema")
RATIOS = (
    ("paragon", "st.builds"),
    (REQUIRED_ONLY, "st.builds"),
    ("paragon", "hypothesis-jsonschema"),
)
_VALIDITY_SAMPLE = 200
# The goals table's models (issue 23: measured 0.16x, 0.40x, 0.50x of st.builds on main).
GOAL_MODELS = ("Credential", "IntegrationInstallEvent", "WorkflowExecution")
REPORT_GOAL_SECONDS = 3.0
RATIO_GOAL = 1.0
_REPORT_ROUNDS = 5
# The failing test's variants (the st.builds anchor takes seconds: its documents are big).
REPORT_VARIANTS = ("paragon", "st.builds")


def _strategies(name: str) -> dict[str, st.SearchStrategy[Any] | str]:
    """Each variant's strategy of ``name`` as JSON-like documents, or the error building it."""
    from pytest_paragon import models
    from pytest_paragon.contract import load_contract
    from pytest_paragon.strategies import from_contract

    contract = load_contract()
    model = getattr(models, name)
    rooted = {
        "components": contract.document["components"],
        "$ref": f"#/components/schemas/{name}",
    }
    found: dict[str, st.SearchStrategy[Any] | str] = {}
    makers: dict[str, Callable[[], st.SearchStrategy[Any]]] = {
        "paragon": lambda: from_contract(name),
        REQUIRED_ONLY: lambda: from_contract(name, optional_fields=False),
        "st.builds": lambda: st.builds(model).map(
            lambda instance: instance.model_dump(mode="json", exclude_none=True)
        ),
        "hypothesis-jsonschema": lambda: _jsonschema_strategy(rooted),
    }
    for variant, make in makers.items():
        try:
            strategy = make()
            strategy.validate()
            _draw(strategy, 2)  # warm up: compile, caches, and surface errors now
            found[variant] = strategy
        except Exception as error:  # reported, not hidden
            found[variant] = _error_text(error)
    return found


def _error_text(error: Exception) -> str:
    return f"{type(error).__name__}: {(str(error).splitlines() or [''])[0][:120]}"


def _jsonschema_strategy(schema: dict[str, Any]) -> st.SearchStrategy[Any]:
    from hypothesis_jsonschema import from_schema  # the optional "bench" extra

    strategy: st.SearchStrategy[Any] = from_schema(schema)
    return strategy


def _draw(strategy: st.SearchStrategy[Any], examples: int, sink: Any = None) -> int:
    """Run ``examples`` generate-phase examples of ``strategy``; return the CPU ns they took.

    CPU time, not wall time: the machine is shared, and a paired ratio of CPU times does not
    move with the load of other processes.
    """

    @settings(
        max_examples=examples,
        phases=[Phase.generate],
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def run(value: Any) -> None:
        if sink is not None:
            sink.append((value, len(current_build_context().data.choices)))

    start = process_time_ns()
    run()
    return process_time_ns() - start


def _validity(name: str, strategy: st.SearchStrategy[Any]) -> tuple[float, float, float]:
    """The share of examples valid against the contract, their mean JSON size (chars) and the
    mean number of hypothesis choices per example (what an example costs the engine)."""
    import json

    from pytest_paragon.contract import load_contract
    from pytest_paragon.contract.validation import validators_of

    contract = load_contract()
    validator = validators_of(contract).validator(contract.schemas[name])
    drawn: list[tuple[Any, int]] = []
    _draw(strategy, _VALIDITY_SAMPLE, drawn)
    if not drawn:
        return 0.0, 0.0, 0.0
    valid = sum(1 for value, _ in drawn if validator.is_valid(value)) / len(drawn)
    size = statistics.mean(len(json.dumps(value, default=str)) for value, _ in drawn)
    return valid, size, statistics.mean(choices for _, choices in drawn)


def _version(distribution: str) -> str:
    import importlib.metadata

    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def run(rounds: int, examples: int, *, client_fuzzing: bool = True) -> dict[str, Any]:
    """Measure every model and variant, the time to report and (``client_fuzzing``) the README's
    fuzzing under ``-n 2``; return the summary (also the JSON report)."""
    import hypothesis

    warnings.simplefilter("ignore")
    results: dict[str, Any] = {
        "environment": environment_of(
            hypothesis=hypothesis.__version__,
            hypothesis_jsonschema=_version("hypothesis-jsonschema"),
        ),
        "rounds": rounds,
        "examples_per_round": examples,
        "models": {},
    }
    for name in MODELS:
        strategies = _strategies(name)
        usable = [v for v in VARIANTS if not isinstance(strategies[v], str)]
        samples: dict[str, list[float]] = {variant: [] for variant in usable}
        for number in range(rounds):
            gc.collect()
            order = usable[number % len(usable) :] + usable[: number % len(usable)]
            for variant in order:
                strategy = strategies[variant]
                if isinstance(strategy, str):
                    continue  # failed in an earlier round
                try:
                    elapsed = _draw(strategy, examples)
                except Exception as error:  # st.builds meets typing.Any only in some examples
                    strategies[variant] = _error_text(error)
                    samples.pop(variant)
                    continue
                samples[variant].append(examples / (elapsed / 1e9))
        entry: dict[str, Any] = {
            "errors": {v: s for v, s in strategies.items() if isinstance(s, str)}
        }
        for variant, values in samples.items():
            strategy = strategies[variant]
            assert not isinstance(strategy, str)
            valid, size, choices = _validity(name, strategy)
            entry[variant] = {
                "examples_per_second": statistics.median(values),
                "valid_share": valid,
                "mean_json_chars": size,
                "mean_choices": choices,
            }
        for ours, other in RATIOS:
            if other in samples and ours in samples:
                ratios = [p / o for p, o in zip(samples[ours], samples[other], strict=True)]
                low, high = bootstrap_median(ratios)
                entry[f"{ours} / {other}"] = {
                    "median": statistics.median(ratios),
                    "ci95": [low, high],
                }
        results["models"][name] = entry
        print(f"  measured {name}", file=sys.stderr)
    results["report"] = measure_report(min(rounds, _REPORT_ROUNDS))
    print("  measured the failing test's time to report", file=sys.stderr)
    if client_fuzzing:
        results["client_fuzzing"] = measure_client_fuzzing()
        print("  ran the README's client fuzzing under -n 2", file=sys.stderr)
    return results


def _enabled_without_provider_data(body: dict[str, Any]) -> None:
    """The README's client bug: read ``providerData`` of every enabled integration."""
    for entry in (body.get("integrations") or {}).values():
        if entry.get("enabled"):
            entry["providerData"].get("email", "")


def _report_seconds(strategy: st.SearchStrategy[dict[str, Any]]) -> tuple[float, str]:
    """CPU seconds of one failing ``@given`` run over ``strategy`` until it raises; its error."""
    import time

    @settings(database=None)
    @given(strategy)
    def client_reads(body: dict[str, Any]) -> None:
        _enabled_without_provider_data(body)

    start = time.process_time()
    try:
        client_reads()
    except Exception as error:  # the failure being timed (reported by type)
        return time.process_time() - start, type(error).__name__
    return time.process_time() - start, "no failure found"


def measure_report(rounds: int = _REPORT_ROUNDS) -> dict[str, Any]:
    """Time-to-report of the failing test, paragon's ``responses`` against ``st.builds``."""
    from pytest_paragon.models import ConnectedUserResponse
    from pytest_paragon.strategies import responses

    makers: dict[str, Callable[[], st.SearchStrategy[dict[str, Any]]]] = {
        "paragon": lambda: responses("getConnectedUser", status=200).map(lambda drawn: drawn.body),
        "st.builds": lambda: st.builds(ConnectedUserResponse).map(
            lambda model: model.model_dump(mode="json", exclude_none=True)
        ),
    }
    variants = {name: makers[name]() for name in REPORT_VARIANTS}
    seconds: dict[str, list[float]] = {name: [] for name in variants}
    errors: dict[str, set[str]] = {name: set() for name in variants}
    for number in range(rounds):
        order = list(variants) if number % 2 == 0 else list(reversed(variants))
        for name in order:
            elapsed, error = _report_seconds(variants[name])
            seconds[name].append(elapsed)
            errors[name].add(error)
    return {
        name: {
            "cpu_seconds_median": statistics.median(values),
            "cpu_seconds_max": max(values),
            "errors": sorted(errors[name]),
        }
        for name, values in seconds.items()
    }


def measure_client_fuzzing() -> dict[str, Any]:
    """The README's client-fuzzing test, fixed, under ``pytest -n 2`` (cold hypothesis storage)."""
    import os
    import re
    import subprocess
    import tempfile
    import time
    from pathlib import Path

    readme = Path(__file__).resolve().parents[1] / "README.md"
    text = readme.read_text(encoding="utf-8")
    title = "Verifying a client against every documented response"
    section = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", text, flags=re.M | re.S)
    if section is None:
        return {"passed": False, "detail": f"README has no section {title!r}"}
    buggy, fix = re.findall(r"```python\n(.*?)```", section.group(1), flags=re.S)[:2]
    fixed = re.sub(r"def connected_accounts\(.*?\n\n\n", fix + "\n\n", buggy, count=1, flags=re.S)
    with tempfile.TemporaryDirectory(prefix="bench-fuzzing-") as folder:
        root = Path(folder)
        (root / "test_client.py").write_text(fixed, encoding="utf-8")
        (root / "test_client_again.py").write_text(fixed, encoding="utf-8")
        env = {**os.environ, "HYPOTHESIS_STORAGE_DIRECTORY": str(root / "cold-storage")}
        command = [sys.executable, "-m", "pytest", "-p", "paragon", "-p", "no:cacheprovider"]
        start = time.perf_counter()
        done = subprocess.run(
            [*command, "-q", "-n", "2", str(root)],
            cwd=root,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        wall = time.perf_counter() - start
    tail = (done.stdout.strip().splitlines() or [""])[-1]
    return {"passed": done.returncode == 0, "detail": tail, "wall_seconds": wall}


def goal_rows(results: dict[str, Any]) -> list[GoalRow]:
    """The goals table's rows of issue 23's strategies part (``met`` from the figures)."""
    rows: list[GoalRow] = []
    for name in GOAL_MODELS:
        entry = results["models"].get(name)
        path = f"from_contract({name!r}) vs st.builds, examples/s (valid share)"
        if entry is None or "paragon / st.builds" not in entry:
            rows.append(GoalRow(path, "not measured", f">= {RATIO_GOAL:.1f}x, 100% valid", False))
            continue
        ratio = entry["paragon / st.builds"]["median"]
        valid = entry["paragon"]["valid_share"]
        same = entry.get(f"{REQUIRED_ONLY} / st.builds")
        also = "" if same is None else f"; required only {same['median']:.2f}x"
        rows.append(
            GoalRow(
                path,
                f"{ratio:.2f}x ({valid:.0%} valid{also})",
                f">= {RATIO_GOAL:.1f}x, 100% valid",
                ratio >= RATIO_GOAL and valid == 1.0,
            )
        )
    report = results.get("report")
    if report is not None:
        ours, builds = report["paragon"], report.get("st.builds")
        seconds = ours["cpu_seconds_median"]
        anchor = "n/a" if builds is None else f"{builds['cpu_seconds_median']:.2f} s"
        rows.append(
            GoalRow(
                "failing test over responses('getConnectedUser'): time to report (CPU)",
                f"{seconds:.2f} s, max {ours['cpu_seconds_max']:.2f} s "
                f"(st.builds {anchor}); {', '.join(ours['errors'])}",
                f"<= {REPORT_GOAL_SECONDS:.0f} s",
                ours["cpu_seconds_max"] <= REPORT_GOAL_SECONDS and ours["errors"] == ["KeyError"],
            )
        )
    fuzzing = results.get("client_fuzzing")
    if fuzzing is not None:
        rows.append(
            GoalRow(
                "README client fuzzing, documented settings, pytest -n 2",
                ("passes" if fuzzing["passed"] else "FAILS") + f" ({fuzzing['detail']})",
                "passes",
                bool(fuzzing["passed"]),
            )
        )
    return rows


def table(results: dict[str, Any]) -> str:
    """Markdown table: examples/s and validity per variant, the paired ratios."""
    header = [f"{variant} ex/s (valid, size, choices)" for variant in VARIANTS]
    header += [f"{ours} / {other} [95% CI]" for ours, other in RATIOS]
    lines = [
        "| model | " + " | ".join(header) + " |",
        "|---|" + "---:|" * len(header),
    ]
    for name, entry in results["models"].items():
        cells = [name]
        for variant in VARIANTS:
            if variant in entry:
                figures = entry[variant]
                cells.append(
                    f"{figures['examples_per_second']:.0f} ({figures['valid_share']:.0%}, "
                    f"{figures['mean_json_chars']:.0f} ch, "
                    f"{figures.get('mean_choices', 0):.0f} choices)"
                )
            else:
                cells.append(f"n/a: {entry['errors'].get(variant, '?')[:60]}")
        for ours, other in RATIOS:
            ratio = entry.get(f"{ours} / {other}")
            cells.append(
                "n/a"
                if ratio is None
                else f"{ratio['median']:.2f} [{ratio['ci95'][0]:.2f}, {ratio['ci95'][1]:.2f}]"
            )
        lines.append("| " + " | ".join(cells) + " |")
    rows = goal_rows(results)
    if rows:
        lines += ["", "| goal row | measured | goal | verdict |", "|---|---|---|---|"]
        lines += [f"| {r.path} | {r.measured} | {r.goal} | {verdict(r.met)} |" for r in rows]
    return "\n".join(lines)


def headline(results: dict[str, Any]) -> str:
    """One line: the median over models of paragon / st.builds."""
    ratios = [
        entry["paragon / st.builds"]["median"]
        for entry in results["models"].values()
        if "paragon / st.builds" in entry
    ]
    median = statistics.median(ratios) if ratios else float("nan")
    return (
        f"from_contract vs st.builds: median ratio {median:.2f}x examples/s over "
        f"{len(ratios)} models ({results['rounds']} rounds x "
        f"{results['examples_per_round']} examples)"
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Command line entry point."""
    return cli(
        argv,
        prog="python -m benchmarks.bench_strategies",
        description="Examples/s of the contract strategies vs st.builds and hypothesis-jsonschema.",
        run=run,
        table=table,
        headline=headline,
    )


if __name__ == "__main__":
    raise SystemExit(main())
