"""Strategies benchmark: examples per second of ``from_contract`` against the alternatives.

For each model, three ways to draw it, timed in the same process with interleaved rounds (the
variant order rotates every round) through the same hypothesis engine (a ``@given`` test with
a no-op body, generate phase only, no database):

- ``paragon``: ``pytest_paragon.strategies.from_contract(name)`` (contract-valid JSON with
  realistic, cross-referenced values);
- ``st.builds``: ``st.builds(Model)`` of the generated pydantic model (hypothesis infers each
  field from its type hints; the result is a model instance, dumped for the validity check);
- ``hypothesis-jsonschema``: ``from_schema`` of the same component schema (rooted with the
  contract's components so that ``$ref`` resolve).

Reported per model: the median over rounds of examples/s, the ratio paragon / st.builds paired
round by round (median and a seeded 95% bootstrap interval), and, from a separate sample, the
share of examples that validate against the contract (jsonschema-rs, formats on) and their mean
size as JSON (``st.builds`` fills only required fields, so its documents are much smaller).
A variant
that cannot build the strategy (hypothesis-jsonschema refuses recursive references, for
example) is reported with its error. Not a test: it never fails on timings. Run
``python -m benchmarks.bench_strategies [--rounds R] [--requests N] [--json F]`` (N: examples per
round).
"""

from __future__ import annotations

import gc
import statistics
import sys
import warnings
from collections.abc import Callable, Sequence
from time import perf_counter_ns
from typing import Any

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from benchmarks._common import bootstrap_median, cli
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
VARIANTS = ("paragon", "st.builds", "hypothesis-jsonschema")
_VALIDITY_SAMPLE = 200


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
            found[variant] = f"{type(error).__name__}: {str(error).splitlines()[0][:120]}"
    return found


def _jsonschema_strategy(schema: dict[str, Any]) -> st.SearchStrategy[Any]:
    from hypothesis_jsonschema import from_schema  # the optional "bench" extra

    strategy: st.SearchStrategy[Any] = from_schema(schema)
    return strategy


def _draw(strategy: st.SearchStrategy[Any], examples: int, sink: Any = None) -> int:
    """Run ``examples`` generate-phase examples of ``strategy``; return the elapsed ns."""

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
            sink.append(value)

    start = perf_counter_ns()
    run()
    return perf_counter_ns() - start


def _validity(name: str, strategy: st.SearchStrategy[Any]) -> tuple[float, float]:
    """The share of examples valid against the contract, and their mean JSON size (chars)."""
    import json

    from pytest_paragon.contract import load_contract
    from pytest_paragon.contract.validation import validators_of

    contract = load_contract()
    validator = validators_of(contract).validator(contract.schemas[name])
    drawn: list[Any] = []
    _draw(strategy, _VALIDITY_SAMPLE, drawn)
    valid = sum(1 for value in drawn if validator.is_valid(value)) / max(len(drawn), 1)
    size = statistics.mean(len(json.dumps(value, default=str)) for value in drawn) if drawn else 0.0
    return valid, size


def _version(distribution: str) -> str:
    import importlib.metadata

    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def run(rounds: int, examples: int) -> dict[str, Any]:
    """Measure every model and variant; return the summary (also the JSON report)."""
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
                assert not isinstance(strategy, str)
                elapsed = _draw(strategy, examples)
                samples[variant].append(examples / (elapsed / 1e9))
        entry: dict[str, Any] = {
            "errors": {v: s for v, s in strategies.items() if isinstance(s, str)}
        }
        for variant, values in samples.items():
            strategy = strategies[variant]
            assert not isinstance(strategy, str)
            valid, size = _validity(name, strategy)
            entry[variant] = {
                "examples_per_second": statistics.median(values),
                "valid_share": valid,
                "mean_json_chars": size,
            }
        for other in ("st.builds", "hypothesis-jsonschema"):
            if other in samples and "paragon" in samples:
                ratios = [p / o for p, o in zip(samples["paragon"], samples[other], strict=True)]
                low, high = bootstrap_median(ratios)
                entry[f"paragon / {other}"] = {
                    "median": statistics.median(ratios),
                    "ci95": [low, high],
                }
        results["models"][name] = entry
        print(f"  measured {name}", file=sys.stderr)
    return results


def table(results: dict[str, Any]) -> str:
    """Markdown table: examples/s and validity per variant, the paired ratios."""
    lines = [
        "| model | paragon ex/s (valid, size) | st.builds ex/s (valid, size)"
        " | hypothesis-jsonschema ex/s (valid, size)"
        " | paragon / builds [95% CI] | paragon / h-jsonschema [95% CI] |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, entry in results["models"].items():
        cells = [name]
        for variant in VARIANTS:
            if variant in entry:
                figures = entry[variant]
                cells.append(
                    f"{figures['examples_per_second']:.0f} ({figures['valid_share']:.0%}, "
                    f"{figures['mean_json_chars']:.0f} ch)"
                )
            else:
                cells.append(f"n/a: {entry['errors'].get(variant, '?')[:60]}")
        for other in ("st.builds", "hypothesis-jsonschema"):
            ratio = entry.get(f"paragon / {other}")
            cells.append(
                "n/a"
                if ratio is None
                else f"{ratio['median']:.2f} [{ratio['ci95'][0]:.2f}, {ratio['ci95'][1]:.2f}]"
            )
        lines.append("| " + " | ".join(cells) + " |")
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
