"""The output formats of ``pytest-paragon diff``: text, json, markdown, junit and html."""

from __future__ import annotations

import json
from xml.etree import ElementTree

from pytest_paragon.contract.diff.model import Change, DiffResult, Severity

JSON_FORMAT = "pytest-paragon-diff"
JSON_VERSION = 1
FORMATS = ("text", "json", "markdown", "junit", "html")


def _ordered(result: DiffResult) -> list[Change]:
    return sorted(result.changes, key=lambda c: (-c.severity, c.operation or "", c.path))


def render_text(result: DiffResult, threshold: Severity) -> str:
    """One line per change, most severe first, then the summary line."""
    lines = []
    for change in _ordered(result):
        where = change.operation or "(document)"
        ident = f" [{change.operation_id}]" if change.operation_id else ""
        notes = "".join(f"\n      note: {note}" for note in change.notes)
        lines.append(
            f"{change.severity.label.upper():<8} {change.kind}  {where}{ident}\n"
            f"      {change.message}\n      at {change.path}{notes}"
        )
    verdict = "FAIL" if result.reaches(threshold) else "ok"
    lines.append(
        f"pytest-paragon diff {result.old} -> {result.new}: {result.summary()} "
        f"(--fail-on {threshold.label}: {verdict})"
    )
    return "\n".join(lines)


def render_json(result: DiffResult, threshold: Severity) -> str:
    """A versioned JSON document; stdout carries nothing else."""
    document = {
        "format": JSON_FORMAT,
        "version": JSON_VERSION,
        "old": result.old,
        "new": result.new,
        "failOn": threshold.label,
        "failed": result.reaches(threshold),
        "usage": list(result.usage),
        "summary": {s.label: result.count(s) for s in sorted(Severity, reverse=True)}
        | {"ignored": len(result.ignored)},
        "changes": [change.as_dict() for change in _ordered(result)],
    }
    return json.dumps(document, indent=2)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(result: DiffResult, threshold: Severity) -> str:
    """A table for a pull-request comment."""
    lines = [
        f"### Paragon contract diff `{result.old}` → `{result.new}`",
        "",
        f"{result.summary()} — `--fail-on {threshold.label}`: "
        + ("**fails**" if result.reaches(threshold) else "passes"),
        "",
        "| Severity | Change | Operation | Details | Where |",
        "| --- | --- | --- | --- | --- |",
    ]
    for change in _ordered(result):
        details = change.message + "".join(f" ({note})" for note in change.notes)
        lines.append(
            f"| {change.severity.label} | `{change.kind}` | {_cell(change.operation or '-')} | "
            f"{_cell(details)} | `{_cell(change.path)}` |"
        )
    return "\n".join(lines)


def render_junit(result: DiffResult, threshold: Severity) -> str:
    """JUnit XML: one test case per change, failed when it reaches the threshold."""
    ordered = _ordered(result)
    failures = [c for c in ordered if c.severity >= threshold]
    suite = ElementTree.Element(
        "testsuite",
        name=f"pytest-paragon diff {result.old} -> {result.new}",
        tests=str(len(ordered)),
        failures=str(len(failures)),
        errors="0",
        skipped="0",
    )
    for change in ordered:
        case = ElementTree.SubElement(
            suite,
            "testcase",
            classname=change.operation or "document",
            name=f"{change.kind} {change.path}",
        )
        if change.severity >= threshold:
            failure = ElementTree.SubElement(
                case, "failure", message=change.message, type=change.severity.label
            )
            failure.text = json.dumps(change.as_dict(), indent=2)
        else:
            out = ElementTree.SubElement(case, "system-out")
            out.text = f"{change.severity.label}: {change.message}"
    root = ElementTree.Element("testsuites")
    root.append(suite)
    return str(ElementTree.tostring(root, encoding="unicode", xml_declaration=True))


def render_html(result: DiffResult, threshold: Severity) -> str:
    """One self-contained HTML page (:func:`pytest_paragon.html_report.diff_html`)."""
    from pytest_paragon.html_report import diff_html

    return diff_html(result, threshold)


RENDERERS = {
    "text": render_text,
    "json": render_json,
    "markdown": render_markdown,
    "junit": render_junit,
    "html": render_html,
}


def render(result: DiffResult, output_format: str, threshold: Severity) -> str:
    """``result`` in ``output_format`` (one of :data:`FORMATS`)."""
    return RENDERERS[output_format](result, threshold)
