"""What each real SDK version sent, as data: ``tests/fidelity/wire/<version>.json``.

The fidelity harness runs every published ``@useparagon/connect`` with ``routeTo``: the SDK derives
``https://<service>.paragon.test`` from ``configureGlobal({host})`` itself (as an on-prem app would)
and the driver sends those requests to the served fake, keeping each as the SDK addressed it. One
entry per distinct request: method, host (the first label the SDK derived), path template, the
``X-Paragon-*``/auth/content headers, the query keys and the body's top-level keys.

:func:`undescribed` says what a contract does not describe of such entries; the history's change
lists cite entries as evidence (``scripts/build_history.py``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from pytest_paragon.contract import Contract
from pytest_paragon.contract.servers import families_of

WIRE = Path(__file__).parent / "wire"
ROUTE_HOST = "paragon.test"
PACKAGES = {
    "1.0.40": "paragon-connect-1.0.40",
    "2.0.6": "paragon-connect-2.0.6",
    "2.1.1": "paragon-connect-2.1.1",
    "2.2.3": "paragon-connect-2.2.3",
    "2.2.4": "paragon-connect-2.2.4",
    "2.4.0": "@useparagon/connect",
}
"""Every published line's newest version, and the npm alias it is installed under."""
KEPT_HEADERS = ("authorization", "content-type")

Entry = dict[str, Any]


def _template(contracts: Sequence[Contract], method: str, path: str) -> str:
    for contract in contracts:
        found = contract.match(method, path)
        if found is not None:
            return found[0].path_template
    return path


def _body_shape(body: str | None) -> list[str] | str | None:
    if body is None:
        return None
    try:
        parsed = json.loads(body)
    except ValueError:
        return "text"
    return sorted(parsed) if isinstance(parsed, dict) else type(parsed).__name__


def entries_of(sent: Iterable[Mapping[str, Any]], contracts: Sequence[Contract]) -> list[Entry]:
    """The distinct requests to a derived Paragon host in ``sent`` (the driver's ``sent``)."""
    found: dict[str, Entry] = {}
    for request in sent:
        url = urlsplit(str(request["url"]))
        host = url.hostname or ""
        if not host.endswith(f".{ROUTE_HOST}"):
            continue  # the fake's own consent page, reached through a redirect
        method = str(request["method"]).upper()
        headers = request["headers"]
        entry = {
            "method": method,
            "host": host[: -len(ROUTE_HOST) - 1],
            "path": _template(contracts, method, url.path),
            "headers": sorted(
                name for name in headers if name.startswith("x-paragon-") or name in KEPT_HEADERS
            ),
            "query": sorted({key for key, _ in parse_qsl(url.query, keep_blank_values=True)}),
            "body": _body_shape(request.get("body")),
        }
        found[json.dumps(entry, sort_keys=True)] = entry
    return [found[key] for key in sorted(found)]


RACY_PATHS = frozenset(
    {
        "/projects/{projectId}/sdk/actions/session-id/{oauthMetaKeyId}",
        "/projects/{projectId}/sdk/credentials/{credentialId}",
    }
)
"""The OAuth poll (E17, E18) and its credential read (E11): whether, and with which headers, the
SDK sends them depends on whether the popup's message or the poll wins a race."""


def key(entry: Mapping[str, Any]) -> str:
    """What a recorded entry must match in the committed data (a racy call: its label only)."""
    if entry["path"] in RACY_PATHS:
        return label(entry)
    return json.dumps(entry, sort_keys=True)


def label(entry: Mapping[str, Any]) -> str:
    """``METHOD host /template``, as the change lists cite an entry."""
    return f"{entry['method']} {entry['host']} {entry['path']}"


def load(version: str) -> list[Entry]:
    """The committed entries of SDK ``version``."""
    path = WIRE / f"{version}.json"
    entries: list[Entry] = json.loads(path.read_text(encoding="utf-8"))["requests"]
    return entries


def save(version: str, entries: list[Entry]) -> None:
    """Write the entries of SDK ``version`` (merged with what is there: some calls race)."""
    path = WIRE / f"{version}.json"
    path.parent.mkdir(exist_ok=True)
    known = load(version) if path.exists() else []
    merged = {json.dumps(e, sort_keys=True): e for e in [*known, *entries]}
    document = {
        "sdk": f"@useparagon/connect@{version}",
        "recordedBy": "tests/fidelity/test_wire.py (PARAGON_UPDATE_WIRE=1)",
        "requests": [merged[key] for key in sorted(merged)],
    }
    path.write_text(json.dumps(document, indent=1) + "\n", encoding="utf-8")


def undescribed(contract: Contract, entries: Iterable[Mapping[str, Any]]) -> list[str]:
    """What ``contract`` does not describe of ``entries``: one line per difference."""
    hosts = families_of(contract)
    problems: list[str] = []
    for entry in entries:
        method, path = entry["method"], entry["path"]
        operation = next(
            (
                op
                for op in contract.operations
                if op.method.upper() == method and op.path_template == path
            ),
            None,
        )
        if operation is None:
            problems.append(f"{label(entry)}: no operation")
            continue
        home = hosts.misrouted(operation, f"{entry['host']}.{ROUTE_HOST}")
        if home is not None:
            problems.append(f"{label(entry)}: served on {home.split('.')[0]}, not {entry['host']}")
        declared = {
            str(p["name"]).lower(): p for p in operation.parameters if p.get("in") == "header"
        }
        for header in entry["headers"]:
            if header.startswith("x-paragon-") and header not in declared:
                problems.append(f"{label(entry)}: header {header} not declared")
        for name, parameter in declared.items():
            if parameter.get("required") and name not in entry["headers"]:
                problems.append(f"{label(entry)}: required header {name} not sent")
        queries = {str(p["name"]) for p in operation.parameters if p.get("in") == "query"}
        schemes = contract.document.get("components", {}).get("securitySchemes", {})
        for scheme in contract.security_schemes(operation):
            if schemes.get(scheme, {}).get("in") == "query":  # userToken on a popup's URL
                queries.add(str(schemes[scheme]["name"]))
        for key in entry["query"]:  # a parameter named "query" is the trigger's free-form one
            if queries and key not in queries and "query" not in queries:
                problems.append(f"{label(entry)}: query key {key} not declared")
    return problems
