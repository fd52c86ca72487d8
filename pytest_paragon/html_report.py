"""Self-contained HTML reports: contract coverage, a contract-suite run, a contract diff.

Each report is one HTML file with its style inline: no script, no font, no image, no request to
anything, so it opens from a CI artifact or a mail attachment as it is. Navigation is plain
anchors (an operation's row links to its section, ``#op-<operationId>``).

- :func:`coverage_html`: ``--paragon-coverage-html DIR`` writes ``DIR/index.html``: the summary,
  the operations grouped by area (the contract's first tag), each documented status code and the
  fields as a heat map, and per operation every documented status and field, reached or not.
- :func:`suite_html`: ``--paragon-suite-html FILE``, from the run's JSON document: operations and
  their outcome, failures with their code, detail and replay command, flows with their steps.
- :func:`diff_html`: ``pytest-paragon diff --format html``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from html import escape
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pytest_paragon.contract.diff.model import DiffResult, Severity
    from pytest_paragon.coverage.collector import ContractCoverage

STYLE = """
body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#1d2330;background:#fff}
h1{font-size:22px}h2{font-size:18px;margin-top:28px}h3{font-size:15px}
table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #d5d9e0;padding:3px 7px;
text-align:left;vertical-align:top}th{background:#f1f3f6}code{font:12px ui-monospace,monospace}
.heat0{background:#f6c5c0}.heat1{background:#d7efc9}.heat2{background:#a9dc8f}
.heat3{background:#6fc250}.passed{color:#2b7a16}.failed,.critical,.breaking{color:#b3261e}
.xfailed,.skipped,.warning{color:#8a6100}.info{color:#435}.bar{display:flex;gap:16px;
flex-wrap:wrap}.bar div{border:1px solid #d5d9e0;padding:6px 10px;border-radius:4px}
td code{word-break:break-all}
pre{white-space:pre-wrap;background:#f6f7f9;padding:6px;font:12px ui-monospace,monospace}
"""


def page(title: str, body: str) -> str:
    """A complete HTML document: ``title`` and ``body`` (already escaped HTML)."""
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title><style>{STYLE}</style></head>"
        f"<body><h1>{escape(title)}</h1>\n{body}\n</body></html>\n"
    )


def heat(count: int, total: int = 0) -> str:
    """The class of a heat-map cell: 0 nothing reached, 1-3 more and more."""
    if count <= 0:
        return "heat0"
    if total:
        share = count / total
        return "heat3" if share >= 0.75 else "heat2" if share >= 0.4 else "heat1"
    return "heat3" if count >= 10 else "heat2" if count >= 3 else "heat1"


def _table(headers: Sequence[str], rows: Iterable[str]) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    return f"<table><tr>{head}</tr>{''.join(rows)}</table>"


def _bar(items: Mapping[str, str]) -> str:
    cells = "".join(f"<div><b>{escape(k)}</b> {escape(v)}</div>" for k, v in items.items())
    return f'<div class="bar">{cells}</div>'


def coverage_html(report: Mapping[str, Any], coverage: ContractCoverage) -> str:
    """The contract coverage report (``pytest-paragon-coverage`` v1) as one HTML page."""
    summary = report["summary"]
    names = ("operations", "statusCodes", "requestFields", "responseFields", "events")
    bar = {
        name: f"{summary[name]['covered']}/{summary[name]['total']} ({summary[name]['percent']}%)"
        for name in names
    }
    bar["overall"] = f"{summary['overall']}%"
    tags = {op.operation_id: (op.tags or ("other",))[0] for op in coverage.contract.operations}
    areas: dict[str, list[Mapping[str, Any]]] = {}
    for row in report["operations"]:
        areas.setdefault(tags.get(row["operationId"], "other"), []).append(row)
    parts = [_bar(bar)]
    for area in sorted(areas):
        rows = []
        for row in areas[area]:
            op = row["operationId"]
            statuses = "".join(
                f'<span class="{heat(int(row["statuses"].get(code, 0)))}" '
                f'title="{escape(code)}: {row["statuses"].get(code, 0)} answers">'
                f" {escape(code)} </span>"
                for code in row["documentedStatuses"]
            )
            used, documented = (
                len(row["responseFields"]["used"]),
                row["responseFields"]["documented"],
            )
            rows.append(
                f'<tr><td><a href="#op-{escape(op)}">{escape(op)}</a></td>'
                f"<td><code>{escape(row['method'])} {escape(row['path'])}</code></td>"
                f'<td class="{heat(row["calls"])}">{row["calls"]}</td><td>{statuses}</td>'
                f'<td class="{heat(used, documented)}">{used}/{documented}</td></tr>'
            )
        parts.append(f'<h2 id="area-{escape(area)}">{escape(area)}</h2>')
        parts.append(
            _table(["Operation", "Request", "Calls", "Status codes", "Response fields"], rows)
        )
    parts.append("<h2>Operations</h2>")
    for row in report["operations"]:
        parts.append(_operation_section(row, coverage.documented(row["operationId"])))
    return page(f"Paragon contract coverage: {summary['overall']}%", "\n".join(parts))


def _operation_section(row: Mapping[str, Any], documented: Mapping[str, set[str]]) -> str:
    """One operation's section: every documented status and field, reached or not."""
    op = row["operationId"]
    used = set(row["requestFields"]["used"]) | set(row["responseFields"]["used"])
    statuses = [
        f'<tr><td>{escape(code)}</td><td class="{heat(int(row["statuses"].get(code, 0)))}">'
        f"{row['statuses'].get(code, 0)}</td></tr>"
        for code in row["documentedStatuses"]
    ]
    fields = [
        f'<tr><td><code>{escape(name)}</code></td><td class="{heat(int(name in used))}">'
        f"{'reached' if name in used else 'not reached'}</td></tr>"
        for name in sorted(documented["request"] | documented["response"])
    ]
    return (
        f'<section id="op-{escape(op)}"><h3>{escape(op)} '
        f"<code>{escape(row['method'])} {escape(row['path'])}</code></h3>"
        f"<p>{row['calls']} calls</p>"
        + _table(["Status", "Answers"], statuses)
        + _table(["Field", "Reached"], fields)
        + "</section>"
    )


def suite_html(document: Mapping[str, Any]) -> str:
    """A contract-suite run (``pytest-paragon-suite`` v1) as one HTML page."""
    operations = document.get("operations", [])
    flows = document.get("flows", [])
    counted: dict[str, int] = {}
    for entry in [*operations, *flows]:
        counted[entry["outcome"]] = counted.get(entry["outcome"], 0) + 1
    bar = {"target": str(document.get("target")), "random seed": str(document.get("seed"))}
    bar |= {name: str(count) for name, count in sorted(counted.items())}
    parts = [_bar(bar)]
    failures = [
        (entry.get("operationId") or f"flow {entry.get('flow')}", failure)
        for entry in [*operations, *flows]
        for failure in entry.get("failures", [])
    ]
    parts.append(f"<h2>Failures ({len(failures)})</h2>")
    for where, failure in failures:
        replay = failure.get("replay")
        parts.append(
            f'<div class="failure"><h3 class="failed">{escape(where)}: '
            f"{escape(failure['title'])}</h3><p><code>{escape(failure['code'])}</code> "
            f"({escape(failure.get('baseline', 'new'))})</p><pre>{escape(failure['detail'])}</pre>"
            + (f"<p>Replay: <code>pytest {escape(replay)}</code></p>" if replay else "")
            + (f"<pre>{escape(failure['curl'])}</pre>" if failure.get("curl") else "")
            + "</div>"
        )
    parts.append("<h2>Flows</h2>")
    for flow in flows:
        steps = "".join(f"<li><code>{escape(step)}</code></li>" for step in flow["steps"])
        parts.append(
            f'<h3>{escape(flow["flow"])} <span class="{escape(flow["outcome"])}">'
            f"{escape(flow['outcome'])}</span></h3><ol>{steps}</ol>"
        )
    rows = [
        f"<tr><td>{escape(op['operationId'])}</td>"
        f'<td class="{escape(op["outcome"])}">{escape(op["outcome"])}</td>'
        f"<td>{op['requests']}</td><td>{len(op['failures'])}</td></tr>"
        for op in operations
    ]
    parts.append("<h2>Operations</h2>")
    parts.append(_table(["Operation", "Outcome", "Requests", "Failures"], rows))
    return page("Paragon contract suite run", "\n".join(parts))


def diff_html(result: DiffResult, threshold: Severity) -> str:
    """A contract diff as one HTML page, most severe change first."""
    changes = sorted(result.changes, key=lambda c: (-c.severity, c.operation or "", c.path))
    verdict = "fails" if result.reaches(threshold) else "passes"
    rows = [
        f'<tr><td class="{escape(change.severity.label)}">{escape(change.severity.label)}</td>'
        f"<td><code>{escape(change.kind)}</code></td><td>{escape(change.operation or '-')}</td>"
        f"<td>{escape(change.message)}"
        + "".join(f"<br><i>{escape(note)}</i>" for note in change.notes)
        + f"</td><td><code>{escape(change.path)}</code></td></tr>"
        for change in changes
    ]
    body = _bar({"summary": result.summary(), f"--fail-on {threshold.label}": verdict}) + _table(
        ["Severity", "Change", "Operation", "Details", "Where"], rows
    )
    return page(f"Paragon contract diff {result.old} → {result.new}", body)


__all__ = ["coverage_html", "diff_html", "page", "suite_html"]
