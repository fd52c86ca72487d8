"""``--usage``: the 2.0.6 -> 2.4.0 diff fails only for a client that used what changed.

Both usage files come from real runs of a small client suite against the fake in 2.0.6 mode
(``--paragon-sdk-version 2.0.6 --paragon-coverage-json``): one client only reads the user, the
other also opens the old ``build-oauth`` URL, which 2.4.0 moved under ``/v2`` and re-keyed.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pytest_paragon.cli import main
from pytest_paragon.contract.diff import Severity, diff_contracts, load_usage

READS_THE_USER = """
import httpx


def test_sign_in(paragon_fake, paragon_user):
    url = f"https://zeus.useparagon.com/projects/{paragon_fake.project.id}/sdk/me"
    headers = {"Authorization": f"Bearer {paragon_user.token}", "X-Paragon-User-Metadata": "{}"}
    assert httpx.get(url, headers=headers).status_code == 200
"""

OPENS_THE_OAUTH_POPUP = (
    READS_THE_USER
    + """

def test_oauth_url(paragon_fake, paragon_user):
    integration = paragon_fake.state.integration("hubspot")
    url = f"https://zeus.useparagon.com/projects/{paragon_fake.project.id}/sdk/actions/build-oauth"
    query = {"action": "hubspot", "integrationId": integration.id, "sessionId": "s1",
             "userToken": paragon_user.token}
    assert httpx.get(url, params=query).status_code == 302
"""
)


def _usage(pytester: pytest.Pytester, suite: str) -> Path:
    pytester.makepyfile(test_client=suite)
    result = pytester.runpytest_subprocess(
        "-p", "paragon", "--paragon-sdk-version", "2.0.6", "--paragon-coverage-json", "usage.json"
    )
    assert result.ret == 0, result.stdout.str()
    return pytester.path / "usage.json"


def test_a_client_that_never_opens_the_popup_passes(
    pytester: pytest.Pytester, capsys: pytest.CaptureFixture[str]
) -> None:
    usage = _usage(pytester, READS_THE_USER)
    assert json.loads(usage.read_text())["contract"]["version"] == "2.0.6"
    capsys.readouterr()
    status = main(["diff", "2.0.6", "2.4.0", "--usage", str(usage), "--fail-on", "breaking"])
    out = capsys.readouterr().out
    assert status == 0
    assert out.splitlines()[-1].endswith("0 breaking, 7 warning, 50 info (--fail-on breaking: ok)")
    result = diff_contracts("2.0.6", "2.4.0", usage=load_usage([usage]))
    downgraded = [c for c in result.changes if c.notes]
    assert {c.kind for c in downgraded if c.operation_id == "buildOAuthUrlWithSessionId"} >= {
        "operation-path-changed",
        "security-requirement-removed",
    }
    (kept,) = [
        c
        for c in result.changes
        if c.operation_id == "getConnectedUserWithMetadataHeader" and c.severity == Severity.WARNING
    ]
    assert kept.kind == "request-parameter-removed"  # the header this client sends is gone


def test_a_client_that_opens_the_old_popup_url_fails(
    pytester: pytest.Pytester, capsys: pytest.CaptureFixture[str]
) -> None:
    usage = _usage(pytester, OPENS_THE_OAUTH_POPUP)
    capsys.readouterr()
    status = main(["diff", "2.0.6", "2.4.0", "--usage", str(usage), "--format", "json"])
    document = json.loads(capsys.readouterr().out)
    assert status == 1
    assert document["usage"] == [str(usage)]
    breaking = [c["kind"] for c in document["changes"] if c["severity"] == "breaking"]
    assert breaking == [
        "operation-path-changed",
        "request-parameter-added-required",
        "response-status-removed",
        "security-requirement-removed",
    ]


def test_a_field_change_hits_only_when_the_field_was_used(tmp_path: Path) -> None:
    from pytest_paragon.contract.diff import Change
    from pytest_paragon.contract.diff.usage import Usage

    usage = Usage(files=["u.json"])
    usage.add_operation("getThing", "GET", "/things/{id}", {"response.body.a.b", "status.200"})

    def change(
        field: str | None, operation: str = "GET /things/{thingId}", ident: str = "getThing"
    ) -> Change:
        return Change(Severity.BREAKING, "k", "m", "#", operation, ident, field)

    assert usage.hits(change("response.body.a"))  # a used field lies under the removed one
    assert usage.hits(change("response.body.a.b"))
    assert not usage.hits(change("response.body.c"))
    assert usage.hits(change("status.200"))
    assert not usage.hits(change("status.404"))
    assert usage.hits(change(None))  # the whole operation
    assert not usage.hits(change(None, "POST /others", "makeOther"))
    assert usage.hits(change(None, "GET /moved/{id}", "getThing"))  # a moved path: by its id
