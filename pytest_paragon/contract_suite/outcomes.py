"""What a contract run ends with: each operation's outcome and failures, the baseline's verdict.

:class:`RunOutcomes` is filled on the controller (also under pytest-xdist) from the reports'
properties: each failure's code and text (:mod:`pytest_paragon.contract_suite.failures`) and its
replay file. At the end of the session it judges the run against ``--paragon-baseline`` (new,
known and fixed failures), writes the baseline when it records one, and writes the run as JSON
(``--paragon-suite-json``, format ``pytest-paragon-suite`` version 1):

- ``format``, ``version``; ``target``, ``seed``, ``shard`` (``"I/N"`` or ``null``);
- ``operations``: per operation ``operationId``, ``outcome`` (passed, failed, xfailed: only
  known failures, skipped), ``requests``, ``checks`` (name -> ``{run, failed}``), ``failures``
  (``code``, ``check``, ``title``, ``detail``, ``replay``: the file, ``curl``, ``baseline``:
  ``new`` or ``known``);
- ``baseline``: ``file``, ``new``, ``known``, ``fixed`` (lists of codes), or ``null``.

Nothing here imports pytest or schemathesis.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pytest_paragon.contract_suite.failures import Baseline, FailureRecord, records_from_properties
from pytest_paragon.contract_suite.report import Tally

SUITE_FORMAT = "pytest-paragon-suite"
SUITE_VERSION = 1
REPLAY_PROPERTY = "paragon.replay."
"""``paragon.replay.<code>`` = the replay file of that failure."""
FLOW_STEP_PROPERTY = "paragon.flow-step"
"""One step of a flow's last example: ``step: METHOD /path -> status``."""
CURL_PROPERTY = "paragon.curl."
"""``paragon.curl.<code>`` = the curl line of that failure (secrets as shell variables)."""


@dataclass
class OperationRun:
    """One operation's outcome in this run."""

    operation_id: str
    outcome: str = "passed"
    tally: Tally | None = None
    failures: list[FailureRecord] = field(default_factory=list)
    replays: dict[str, str] = field(default_factory=dict)
    curls: dict[str, str] = field(default_factory=dict)
    steps: list[str] = field(default_factory=list)
    """A flow's steps (its last example)."""


@dataclass
class RunOutcomes:
    """Every operation of the run, and the baseline it is judged against."""

    target: str
    seed: int = 0
    shard: tuple[int, int] | None = None
    baseline_path: Path | None = None
    baseline: Baseline | None = None
    """The stored baseline (``None``: none given, or none stored yet)."""
    recording: bool = False
    """Whether this run writes the baseline (none stored yet, or ``--paragon-baseline-update``)."""
    operations: dict[str, OperationRun] = field(default_factory=dict)

    def add(
        self,
        operation_id: str,
        outcome: str,
        tally: Tally | None,
        properties: Iterable[tuple[str, object]],
    ) -> None:
        """Record one report of ``operation_id`` (a later failure overrides a pass)."""
        pairs = list(properties)
        entry = self.operations.setdefault(operation_id, OperationRun(operation_id))
        if outcome != "passed" or entry.outcome == "passed":
            entry.outcome = outcome if outcome != "passed" else entry.outcome
        entry.tally = tally or entry.tally
        for record in records_from_properties(operation_id, pairs):
            if record.code not in {known.code for known in entry.failures}:
                entry.failures.append(record)
        for name, value in pairs:
            if name.startswith(REPLAY_PROPERTY):
                entry.replays[name.removeprefix(REPLAY_PROPERTY)] = str(value)
            elif name.startswith(CURL_PROPERTY):
                entry.curls[name.removeprefix(CURL_PROPERTY)] = str(value)
        steps = [str(value) for name, value in pairs if name == FLOW_STEP_PROPERTY]
        entry.steps = steps or entry.steps

    def codes(self) -> dict[str, list[str]]:
        """Per operation that ran, the codes of its failures."""
        return {op: [r.code for r in run.failures] for op, run in self.operations.items()}

    def verdict(self) -> dict[str, list[str]]:
        """``new``, ``known`` and ``fixed`` codes, judged against the stored baseline."""
        stored = self.baseline if self.baseline is not None and not self.recording else None
        seen = [code for codes in self.codes().values() for code in codes]
        known = [code for code in seen if stored is not None and code in stored.entries]
        return {
            "new": sorted(code for code in seen if code not in known),
            "known": sorted(known),
            "fixed": stored.fixed(self.codes()) if stored is not None else [],
        }

    def baseline_to_write(self) -> Baseline:
        """The recorded baseline: this run's failures, and stored ones of operations not run."""
        written = Baseline(ran=sorted(self.operations))
        if self.baseline is not None:
            for code, entry in self.baseline.entries.items():
                if self.baseline.operation_of(code) not in self.operations:
                    written.entries[code] = dict(entry)
        for run in self.operations.values():
            for record in run.failures:
                written.add(record)
        return written

    def lines(self) -> list[str]:
        """The baseline's and the replays' lines of the closing summary."""
        lines: list[str] = []
        if self.baseline_path is not None:
            verdict = self.verdict()
            if self.recording:
                count = len(self.baseline_to_write().entries)
                lines.append(
                    f"baseline {self.baseline_path}: written with {count} known "
                    f"failure{'s' if count != 1 else ''} (this run's failures pass as xfailed)"
                )
            else:
                lines.append(
                    f"baseline {self.baseline_path}: {len(verdict['new'])} new, "
                    f"{len(verdict['known'])} known, {len(verdict['fixed'])} fixed"
                )
                lines += [f"  new: {code}" for code in verdict["new"]]
                lines += [f"  fixed (remove with --paragon-baseline-update): {code}"
                          for code in verdict["fixed"]]  # fmt: skip
        replays = sorted(path for run in self.operations.values() for path in run.replays.values())
        if replays:
            lines.append(f"replay a failure with: pytest {replays[0]}")
            lines += [f"  and: pytest {path}" for path in replays[1:]]
        return lines

    def document(self) -> dict[str, Any]:
        """The run as the JSON document of ``--paragon-suite-json``."""
        verdict = self.verdict()
        operations = []
        flows = []
        for operation_id in sorted(self.operations):
            run = self.operations[operation_id]
            tally = run.tally
            if operation_id.startswith("flow:"):
                flows.append(
                    {
                        "flow": operation_id.removeprefix("flow:"),
                        "outcome": run.outcome,
                        "requests": tally.requests if tally else 0,
                        "steps": run.steps,
                        "failures": [
                            {"code": r.code, "step": r.detail.partition(":")[0], "title": r.title,
                             "detail": r.detail,
                             "baseline": "new" if r.code in verdict["new"] else "known"}
                            for r in run.failures
                        ],
                    }
                )  # fmt: skip
                continue
            operations.append(
                {
                    "operationId": operation_id,
                    "outcome": run.outcome,
                    "requests": tally.requests if tally else 0,
                    "checks": {
                        name: {"run": count.run, "failed": count.failed}
                        for name, count in sorted((tally.checks if tally else {}).items())
                    },
                    "failures": [
                        {
                            "code": record.code,
                            "check": record.check,
                            "title": record.title,
                            "detail": record.detail,
                            "replay": run.replays.get(record.code),
                            "curl": run.curls.get(record.code),
                            "baseline": "new" if record.code in verdict["new"] else "known",
                        }
                        for record in run.failures
                    ],
                }
            )
        return {
            "format": SUITE_FORMAT,
            "version": SUITE_VERSION,
            "target": self.target,
            "seed": self.seed,
            "shard": f"{self.shard[0]}/{self.shard[1]}" if self.shard else None,
            "operations": operations,
            "flows": flows,
            "baseline": (
                {"file": str(self.baseline_path), **verdict}
                if self.baseline_path is not None
                else None
            ),
        }

    def finish(self, suite_json: str | None, suite_html: str | None = None) -> None:
        """Write the recorded baseline, the run's JSON and its HTML page (the controller, once)."""
        from pytest_paragon.files import write_atomically

        if suite_html:
            from pytest_paragon.html_report import suite_html as render

            page = Path(suite_html)
            page.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(page, render(self.document()).encode("utf-8"), mode=0o644)

        if self.baseline_path is not None and self.recording:
            self.baseline_to_write().save(self.baseline_path)
        if suite_json:
            path = Path(suite_json)
            path.parent.mkdir(parents=True, exist_ok=True)
            text = json.dumps(self.document(), indent=2) + "\n"
            write_atomically(path, text.encode("utf-8"), mode=0o644)


__all__ = ["SUITE_FORMAT", "OperationRun", "RunOutcomes"]
