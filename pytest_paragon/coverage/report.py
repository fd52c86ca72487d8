"""The contract coverage report: the JSON document (v1), the summary line and the ``-v`` table."""

from __future__ import annotations

from typing import Any

from pytest_paragon.coverage.collector import FORMAT, VERSION, ContractCoverage, _percent


def _ratio(covered: int, total: int) -> dict[str, Any]:
    return {"covered": covered, "total": total, "percent": _percent(covered, total)}


def build_report(coverage: ContractCoverage) -> dict[str, Any]:
    """The JSON document, format ``pytest-paragon-coverage`` version 1."""
    contract = coverage.contract
    observations = coverage.observations
    info = contract.document.get("info") or {}
    rows = []
    totals = dict.fromkeys(
        ("ops", "ops_total", "st", "st_total", "rq", "rq_total", "rs", "rs_total"), 0
    )
    for operation in contract.operations:
        documented = coverage.documented(operation.operation_id)
        obs = observations.operations.get(operation.operation_id)
        statuses = dict(sorted(obs.statuses.items())) if obs else {}
        used_request = sorted(obs.request & documented["request"]) if obs else []
        used_response = sorted(obs.response & documented["response"]) if obs else []
        seen_statuses = set(statuses) & documented["statuses"]
        totals["ops"] += 1 if obs and obs.calls else 0
        totals["ops_total"] += 1
        totals["st"] += len(seen_statuses)
        totals["st_total"] += len(documented["statuses"])
        totals["rq"] += len(used_request)
        totals["rq_total"] += len(documented["request"])
        totals["rs"] += len(used_response)
        totals["rs_total"] += len(documented["response"])
        rows.append(
            {
                "operationId": operation.operation_id,
                "method": operation.method.upper(),
                "path": operation.path_template,
                "calls": obs.calls if obs else 0,
                "statuses": statuses,
                "documentedStatuses": sorted(documented["statuses"]),
                "requestFields": {
                    "used": used_request,
                    "documented": len(documented["request"]),
                },
                "responseFields": {
                    "used": used_response,
                    "documented": len(documented["response"]),
                },
                "undocumentedFields": sorted(obs.undocumented) if obs else [],
            }
        )
    documented_events = coverage.documented_events()
    events = {
        kind: {
            "covered": sorted(observations.events.get(kind, set()) & names),
            "documented": sorted(names),
        }
        for kind, names in documented_events.items()
    }
    event_covered = sum(len(e["covered"]) for e in events.values())
    event_total = sum(len(e["documented"]) for e in events.values())
    summary = {
        "operations": _ratio(totals["ops"], totals["ops_total"]),
        "statusCodes": _ratio(totals["st"], totals["st_total"]),
        "requestFields": _ratio(totals["rq"], totals["rq_total"]),
        "responseFields": _ratio(totals["rs"], totals["rs_total"]),
        "events": _ratio(event_covered, event_total),
    }
    overall = round(sum(part["percent"] for part in summary.values()) / len(summary), 1)
    return {
        "format": FORMAT,
        "version": VERSION,
        "contract": {
            "title": info.get("title"),
            "version": info.get("version"),
            "sdkRange": info.get("x-paragon-sdk-range"),
            "path": str(contract.path) if contract.path else None,
        },
        "summary": {**summary, "overall": overall, "unmatchedRequests": observations.unmatched},
        "operations": rows,
        "events": events,
    }


def summary_line(report: dict[str, Any]) -> str:
    """``paragon coverage: 12/71 operations (16.9%), ... overall 9.8%``."""
    summary = report["summary"]
    labels = {
        "operations": "operations",
        "statusCodes": "status codes",
        "requestFields": "request fields",
        "responseFields": "response fields",
        "events": "event types",
    }
    parts = [
        f"{summary[key]['covered']}/{summary[key]['total']} {label} ({summary[key]['percent']}%)"
        for key, label in labels.items()
    ]
    return f"paragon coverage: {', '.join(parts)}; overall {summary['overall']}%"


def table(report: dict[str, Any]) -> list[str]:
    """One line per operation: calls, statuses seen of documented, fields used of documented."""
    lines = [
        f"{'operation':<36} {'calls':>5}  {'statuses':<22} {'req fields':>10} {'resp fields':>11}"
    ]
    for row in report["operations"]:
        seen = [code for code in row["statuses"] if code in row["documentedStatuses"]]
        statuses = f"{','.join(seen) or '-'} of {len(row['documentedStatuses'])}"
        request = f"{len(row['requestFields']['used'])}/{row['requestFields']['documented']}"
        response = f"{len(row['responseFields']['used'])}/{row['responseFields']['documented']}"
        name = row["operationId"]
        lines.append(f"{name:<36} {row['calls']:>5}  {statuses:<22} {request:>10} {response:>11}")
    for kind, events in report["events"].items():
        missing = sorted(set(events["documented"]) - set(events["covered"]))
        lines.append(
            f"{kind} events: {len(events['covered'])}/{len(events['documented'])} covered"
            + (f"; not exercised: {', '.join(missing)}" if missing else "")
        )
    return lines
