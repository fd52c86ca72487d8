"""``pytest-paragon diff`` between adjacent published SDK lines: pinned, and what the SDKs showed.

Each snapshot (``snapshots/diff-A-B.json``, reviewed by reading; ``PARAGON_UPDATE_SNAPSHOTS=1``
rewrites them) must report what the real SDKs sent differently (``tests/fidelity/wire/``).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from pytest_paragon.cli import main

SNAPSHOTS = Path(__file__).parent / "snapshots"
PAIRS = [
    ("1.0.40", "2.0.6", set()),  # the same wire: no header tells them apart
    ("2.0.6", "2.1.1", set()),  # the same requests; only the OAuth poll cadence differs
    (
        "2.1.1",
        "2.2.4",
        {
            ("operation-server-added", "sendAppEventV2"),  # App Events: zeus -> hermes
            ("operation-server-added", "runRequestTriggerWorkflow"),  # request triggers too
            ("operation-path-changed", "buildOAuthUrlWithSessionId"),  # /v2 JSON build-oauth
            ("request-parameter-removed", "buildOAuthUrlWithSessionId"),  # sessionId
            ("operation-added", "getOAuthNoncePage"),  # the oauth-nonce page
            ("onprem-host-removed", None),  # on-prem Proxy: proxy. -> worker-proxy.
        },
    ),
    (
        "2.2.4",
        "2.4.0",
        {
            ("operation-added", "listTriggerTypes"),  # GET /projects/{P}/triggers
            ("request-parameter-removed", "getConnectedUserWithMetadataHeader"),  # the header
        },
    ),
]


@pytest.mark.parametrize(("old", "new", "expected"), PAIRS, ids=[f"{a}-{b}" for a, b, _ in PAIRS])
def test_adjacent_lines(
    capsys: pytest.CaptureFixture[str], old: str, new: str, expected: set[tuple[str, str | None]]
) -> None:
    status = main(["diff", old, new, "--format", "json", "--fail-on", "info"])
    out, err = capsys.readouterr()
    assert err == ""
    document = json.loads(out)
    snapshot = SNAPSHOTS / f"diff-{old}-{new}.json"
    if os.environ.get("PARAGON_UPDATE_SNAPSHOTS"):
        snapshot.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    assert document == json.loads(snapshot.read_text(encoding="utf-8"))
    found = {(c["kind"], c["operationId"]) for c in document["changes"]}
    assert expected <= found, expected - found
    assert status == (1 if document["changes"] else 0)
