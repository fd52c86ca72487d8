"""``pytest-paragon verify-merge``: one report out of the shards of a contract run.

Each CI machine runs ``pytest-paragon verify --shard I/N`` and keeps its outputs (JUnit XML,
``--suite-json``, a recorded ``--baseline``, ``--coverage-json``); one command merges them::

    pytest-paragon verify-merge shard-*/contract.xml shard-*/suite.json shard-*/baseline.json
        --junitxml contract.xml --suite-json suite.json --baseline baseline.json

(one command line).

Each input is recognised by its content (JUnit XML, or the ``format`` of a JSON document), so the
inputs may come in any order. The merged JUnit report has one test suite with every shard's test
cases; the merged run JSON every shard's operations and baseline verdict; the merged baseline, per
operation, the codes of the shard that ran it (a recorded baseline lists the operations its run
covered), so a fixed failure does not come back from another shard's copy. Exit status 1 when a
shard had a failing operation, 2 on unreadable input, else 0.
"""

from __future__ import annotations

import argparse
import json
import sys
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pytest_paragon.contract_suite.failures import BASELINE_FORMAT, Baseline
from pytest_paragon.contract_suite.outcomes import SUITE_FORMAT, SUITE_VERSION

COVERAGE_FORMAT = "pytest-paragon-coverage"

KINDS = ("junit", "suite", "baseline", "coverage")
_COUNTS = ("tests", "failures", "errors", "skipped")


class MergeError(ValueError):
    """An input that cannot be merged (names the file)."""


def classify(path: Path) -> tuple[str, Any]:
    """``(kind, content)`` of one shard output: JUnit XML, the run's JSON or a baseline."""
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise MergeError(f"{path}: cannot read: {error}") from None
    if text.lstrip().startswith("<"):
        try:
            return "junit", ET.fromstring(text)
        except ET.ParseError as error:
            raise MergeError(f"{path}: not valid JUnit XML: {error}") from None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise MergeError(f"{path}:{error.lineno}:{error.colno}: not JSON: {error.msg}") from None
    kind = document.get("format") if isinstance(document, dict) else None
    if kind == SUITE_FORMAT:
        return "suite", document
    if kind == COVERAGE_FORMAT:
        return "coverage", document
    if kind == BASELINE_FORMAT:
        Baseline.load(path)  # checked as a baseline is when read by a run
        return "baseline", document
    raise MergeError(
        f"{path}: neither JUnit XML nor a document of format {SUITE_FORMAT!r} or "
        f"{BASELINE_FORMAT!r} (format {kind!r})"
    )


def merge_junit(roots: Sequence[ET.Element]) -> ET.Element:
    """One ``<testsuites>`` with one ``<testsuite>`` holding every shard's test cases."""
    merged = ET.Element("testsuites")
    suite = ET.SubElement(merged, "testsuite", name="pytest")
    totals = dict.fromkeys(_COUNTS, 0)
    seconds = 0.0
    for root in roots:
        for shard in [root] if root.tag == "testsuite" else root.iter("testsuite"):
            for name in _COUNTS:
                totals[name] += int(shard.get(name, "0"))
            seconds += float(shard.get("time", "0") or 0)
            suite.extend(shard.findall("testcase"))
    for name, value in totals.items():
        suite.set(name, str(value))
    suite.set("time", f"{seconds:.3f}")
    return merged


def merge_suites(documents: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """The run JSON of every shard as one run (operations sorted, verdicts joined)."""
    operations: dict[str, Any] = {}
    verdicts: list[dict[str, Any]] = []
    for document in documents:
        for operation in document.get("operations", []):
            operations[operation["operationId"]] = operation
        if document.get("baseline"):
            verdicts.append(document["baseline"])
    baseline = None
    if verdicts:
        baseline = {"file": verdicts[0].get("file")}
        for key in ("new", "known", "fixed"):
            baseline[key] = sorted({code for v in verdicts for code in v.get(key, [])})
    first = documents[0] if documents else {}
    return {
        "format": SUITE_FORMAT,
        "version": SUITE_VERSION,
        "target": first.get("target"),
        "seed": first.get("seed"),
        "shard": None,
        "shards": sorted(str(d.get("shard")) for d in documents if d.get("shard")),
        "operations": [operations[name] for name in sorted(operations)],
        "baseline": baseline,
    }


def merge_baselines(documents: Sequence[dict[str, Any]]) -> Baseline:
    """Per operation, the codes of the shard that ran it (else of any shard that holds it)."""
    ran_by: dict[str, int] = {}
    for index, document in enumerate(documents):
        for operation in document.get("ran", []):
            ran_by.setdefault(operation, index)
    merged = Baseline(ran=sorted(ran_by))
    for index, document in enumerate(documents):
        for entry in document.get("failures", []):
            operation = entry.get("operationId") or entry["code"].partition("/")[0]
            if ran_by.get(operation, index) == index:
                merged.entries[entry["code"]] = {k: str(v) for k, v in entry.items() if k != "code"}
    return merged


def merge_coverage(documents: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """The coverage reports (``--paragon-coverage-json``) of every shard as one report."""
    from pytest_paragon.contract import load_contract
    from pytest_paragon.coverage.collector import ContractCoverage, Observations
    from pytest_paragon.coverage.report import build_report

    observations = Observations()
    for document in documents:
        raw_operations = {
            row["operationId"]: {
                "calls": row["calls"],
                "statuses": row["statuses"],
                "request": row["requestFields"]["used"],
                "response": row["responseFields"]["used"],
                "undocumented": row["undocumentedFields"],
            }
            for row in document.get("operations", [])
            if row.get("calls")
        }
        events = {kind: entry["covered"] for kind, entry in document.get("events", {}).items()}
        unmatched = document.get("summary", {}).get("unmatchedRequests", 0)
        observations.merge_raw(
            {"operations": raw_operations, "events": events, "unmatched": unmatched}
        )
    path = (documents[0].get("contract") or {}).get("path") if documents else None
    return build_report(ContractCoverage(load_contract(path), observations))


def add_verify_merge(commands: Any) -> None:
    """Add ``verify-merge`` to the ``pytest-paragon`` sub-commands."""
    merge = commands.add_parser(
        "verify-merge",
        help="merge the outputs of `verify --shard I/N` runs into one report",
        description="Merge the JUnit XML reports, run JSON documents (--suite-json), recorded "
        "baselines and coverage reports (--coverage-json) of contract-suite shards; each input "
        "is recognised by its content. Exit status 1 when a shard had a failing operation.",
    )
    merge.add_argument("inputs", nargs="+", type=Path, metavar="FILE", help="shard outputs")
    merge.add_argument("--junitxml", type=Path, help="write the merged JUnit XML report here")
    merge.add_argument("--suite-json", type=Path, help="write the merged run JSON here")
    merge.add_argument("--baseline", type=Path, help="write the merged baseline here")
    merge.add_argument(
        "--coverage-json", type=Path, help="write the merged coverage report (what was reached)"
    )


def run_verify_merge(args: argparse.Namespace) -> int:
    """Merge the inputs into the outputs asked for; print one summary line."""
    from pytest_paragon.files import write_atomically

    found: dict[str, list[Any]] = {kind: [] for kind in KINDS}
    try:
        for path in args.inputs:
            kind, content = classify(path)
            found[kind].append(content)
    except ValueError as error:
        print(f"pytest-paragon: {error}", file=sys.stderr)
        return 2
    outputs = (
        ("junit", "junitxml"),
        ("suite", "suite_json"),
        ("baseline", "baseline"),
        ("coverage", "coverage_json"),
    )
    for kind, option in outputs:
        if getattr(args, option) is not None and not found[kind]:
            flag = "--" + option.replace("_", "-")
            print(f"pytest-paragon: {flag} given but no input is a {kind} file", file=sys.stderr)
            return 2
    failed = 0
    if found["junit"]:
        merged = merge_junit(found["junit"])
        suite = merged[0]
        failed = max(failed, int(suite.get("failures", "0")) + int(suite.get("errors", "0")))
        if args.junitxml is not None:
            write_atomically(args.junitxml, ET.tostring(merged, encoding="utf-8"), mode=0o644)
    if found["suite"]:
        run = merge_suites(found["suite"])
        failed = max(failed, sum(op["outcome"] == "failed" for op in run["operations"]))
        if args.suite_json is not None:
            text = json.dumps(run, indent=2) + "\n"
            write_atomically(args.suite_json, text.encode("utf-8"), mode=0o644)
    if found["baseline"] and args.baseline is not None:
        merge_baselines(found["baseline"]).save(args.baseline)
    if found["coverage"] and args.coverage_json is not None:
        text = json.dumps(merge_coverage(found["coverage"]), indent=2) + "\n"
        write_atomically(args.coverage_json, text.encode("utf-8"), mode=0o644)
    counts = ", ".join(f"{len(found[kind])} {kind}" for kind in KINDS if found[kind])
    print(f"pytest-paragon verify-merge: merged {counts}; {failed} failing operation(s)")
    return 1 if failed else 0


__all__ = [
    "add_verify_merge",
    "merge_baselines",
    "merge_coverage",
    "merge_junit",
    "merge_suites",
    "run_verify_merge",
]
