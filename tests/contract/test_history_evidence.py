"""The contract history against what each real SDK sent (``tests/fidelity/wire/``), and evidence.

No Node here: the recorded requests are data (``tests/fidelity/test_wire.py`` records them). Each
version's contract must describe every request its SDK sent; a neighbouring line's contract must
not (where the wire differs), so the history cannot be vacuous; and every entry of the change lists
in ``scripts/build_history.py`` names evidence that holds.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path
from typing import Any

import pytest

from pytest_paragon.contract import load_contract
from pytest_paragon.contract.history import contract_for_sdk
from tests.fidelity import wire

ROOT = Path(__file__).resolve().parents[2]
MODULES = ROOT / "tests" / "fidelity" / "node_modules"


def _build_history() -> Any:
    spec = importlib.util.spec_from_file_location(
        "build_history", ROOT / "scripts" / "build_history.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_history"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("version", list(wire.PACKAGES))
def test_each_contract_describes_what_its_sdk_sent(version: str) -> None:
    entries = wire.load(version)
    assert len(entries) >= 12  # user, metadata, Proxy, trigger, event, settings, options, OAuth
    assert wire.undescribed(load_contract(contract_for_sdk(version)), entries) == []


@pytest.mark.parametrize(
    ("version", "neighbour", "expected"),
    [
        ("2.1.1", "2.2.4", "served on worker-proxy, not proxy"),
        (
            "2.2.3",
            "2.1.1",
            "POST hermes /v2/projects/{projectId}/sdk/events/trigger: served on zeus",
        ),
        (
            "2.2.3",
            "2.1.1",
            "GET zeus /v2/projects/{projectId}/sdk/actions/build-oauth: no operation",
        ),
        ("2.2.4", "2.4.0", "header x-paragon-user-metadata not declared"),
        ("2.4.0", "2.2.4", "GET actionkit /projects/{projectId}/triggers: no operation"),
    ],
)
def test_a_neighbouring_contract_reports_the_differences(
    version: str, neighbour: str, expected: str
) -> None:
    found = wire.undescribed(load_contract(contract_for_sdk(neighbour)), wire.load(version))
    assert any(expected in line for line in found), found


def test_the_lines_that_share_a_wire() -> None:
    # No header tells 1.0.40, 2.0.6 and 2.1.1 apart and they send the same requests: their
    # contracts differ only in the OAuth poll cadence (x-paragon-sdk-poll); 2.2.3 and 2.2.4 share
    # one contract.
    for version in ("1.0.40", "2.0.6", "2.1.1"):
        for neighbour in ("1.0.40", "2.0.6", "2.1.1"):
            contract = load_contract(contract_for_sdk(neighbour))
            assert wire.undescribed(contract, wire.load(version)) == []
    assert contract_for_sdk("2.2.3") == contract_for_sdk("2.2.4-experimental.2")


def _bundle(version: str) -> str:
    path = MODULES / wire.PACKAGES[version] / "dist" / "src" / "index.js"
    if not path.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{path} is missing: run `npm ci` in tests/fidelity")
        pytest.skip("the SDK bundles are not installed (npm ci in tests/fidelity)")
    return path.read_text(encoding="utf-8")


def test_every_change_names_evidence_that_holds() -> None:
    build = _build_history()
    recorded = {v: wire.load(v) for v in wire.PACKAGES}
    assert build.CHANGES
    for change in build.CHANGES:
        assert change.evidence, change.summary
        for evidence in change.evidence:
            if evidence.kind == "wire":
                sent = [e for e in recorded[evidence.version] if wire.label(e) == evidence.text]
                assert sent, f"{change.summary}: SDK {evidence.version} never sent {evidence.text}"
                if evidence.header:
                    assert any(evidence.header in e["headers"] for e in sent), evidence
            elif evidence.kind == "bundle":
                assert evidence.text in _bundle(evidence.version), evidence
            else:
                assert evidence.kind == "absent", evidence
                assert evidence.text not in _bundle(evidence.version), evidence


def test_each_contract_lists_its_changes_with_their_evidence() -> None:
    build = _build_history()
    description = load_contract(contract_for_sdk("2.0.6")).document["info"]["description"]
    for change in build.CHANGES:  # 2.0.6 is derived through every newer line
        assert change.summary in description
        assert str(change.evidence[0]) in description
