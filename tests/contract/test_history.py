"""``contracts/history/``: frozen contracts per SDK version, their ranges, and their validity."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from pytest_paragon.contract import find_problems, load_contract
from pytest_paragon.contract.history import (
    contract_for_sdk,
    history_dir,
    history_path,
    history_versions,
    load_history,
    parse_range,
    resolve_contract,
    sdk_range,
)
from pytest_paragon.errors import ParagonUsageError

ROOT = Path(__file__).resolve().parents[2]


def test_the_modelled_versions() -> None:
    assert history_versions() == ["1.0.40", "2.0.6", "2.1.1", "2.2.4", "2.4.0"]
    assert history_dir() == ROOT / "contracts" / "history"


@pytest.mark.parametrize("version", ["1.0.40", "2.0.6", "2.1.1", "2.2.4", "2.4.0"])
def test_each_history_contract_passes_the_project_checks(version: str) -> None:
    contract = load_history(version)
    assert find_problems(contract) == []
    assert contract.document["info"]["version"] == version
    assert version in sdk_range(contract)


def test_the_ranges() -> None:
    assert sdk_range(load_history("1.0.40")).text == ">=1.0.0 <2.0.0"
    assert sdk_range(load_history("2.0.6")).text == ">=2.0.0 <2.1.0"
    assert sdk_range(load_history("2.1.1")).text == ">=2.1.0 <2.2.0"
    assert sdk_range(load_history("2.2.4")).text == ">=2.2.0 <2.3.0"
    assert sdk_range(load_history("2.4.0")).text == ">=2.4.0 <2.5.0"
    assert sdk_range(load_contract()).text == ">=2.4.0 <2.5.0"  # the bundled one, via history
    old = parse_range(">=2.0.0 <2.2.0")
    assert "2.1.1" in old
    assert "2.0.0" in old
    assert "2.2.0" not in old
    assert "2.2.3-experimental.4" not in old
    assert "2.1.2-experimental.13" in old  # a pre-release of 2.1.2 is a 2.1.2
    assert "1.0.40" not in old
    assert "2.0.0-beta.1" in old  # pre-release and build tags are read as their version
    assert "2.0.0+build.7" in old
    assert "1.9.9-rc.1" not in old
    two_two = parse_range(">=2.2.0 <2.3.0")
    assert "2.2.4-experimental.2" in two_two
    assert "2.2.3-experimental.4" in two_two
    assert "2.4.2" in parse_range(">=2.4.0 <2.5.0")
    assert "2.4.0" in parse_range("2.4.0")


def test_the_2_0_6_contract_differs_where_section_13_says() -> None:
    old, new = load_history("2.0.6"), load_history("2.4.0")
    ids = {op.operation_id for op in old.operations}
    assert "getOAuthNoncePage" not in ids  # the nonce page came with 2.2.x
    build = old.operation("buildOAuthUrlWithSessionId")
    assert build.path_template == "/projects/{projectId}/sdk/actions/build-oauth"
    assert "sessionId" in {p["name"] for p in build.parameters}
    me = old.operation("getConnectedUserWithMetadataHeader")
    assert "X-Paragon-User-Metadata" in {p["name"] for p in me.parameters}
    for operation in old.operations:
        assert "X-Paragon-SDK-Version" not in {p.get("name") for p in operation.parameters}
    for operation_id in ("sendAppEvent", "sendAppEventV2", "runRequestTriggerWorkflow"):
        servers = old.operation(operation_id).path_item["servers"]
        assert [s["url"] for s in servers] == ["https://zeus.{domain}"]
        assert "https://hermes.{domain}" in [
            s["url"] for s in new.operation(operation_id).path_item["servers"]
        ]
    stages = old.schemas["InstallFlowStage"]["discriminator"]["mapping"]
    assert sorted(stages) == ["accountType", "done", "postOptions", "preOptions"]


def test_the_script_reproduces_the_history_files(tmp_path: Path) -> None:
    script = ROOT / "scripts" / "build_history.py"
    subprocess.run([sys.executable, str(script), "--out", str(tmp_path)], check=True)
    built = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    committed = {p.name: p.read_bytes() for p in (ROOT / "contracts" / "history").iterdir()}
    assert built == committed, "contracts/history/ is stale: run python scripts/build_history.py"


def test_resolving_versions_and_files(tmp_path: Path) -> None:
    assert resolve_contract("2.0.6") == history_path("2.0.6")
    assert resolve_contract("v2.4.0") == history_path("2.4.0")
    file = tmp_path / "mine.yaml"
    file.write_text(yaml.safe_dump({"openapi": "3.1.0"}))
    assert resolve_contract(file) == file
    assert resolve_contract("2.0.5") == history_path("2.0.6")  # inside 2.0.6's range
    assert resolve_contract("2.2.4-experimental.2") == history_path("2.2.4")
    with pytest.raises(ParagonUsageError, match=r"no frozen contract for SDK '2\.0\.5'") as info:
        history_path("2.0.5")
    assert "nearest:\n    - 2.0.6" in str(info.value)
    for version, line in [
        ("1.0.3", "1.0.40"),
        ("1.0.40", "1.0.40"),
        ("2.0.6", "2.0.6"),
        ("2.1.1", "2.1.1"),
        ("2.2.3", "2.2.4"),
        ("2.2.3-experimental.4", "2.2.4"),
        ("2.2.4-experimental.2", "2.2.4"),
        ("v2.4.0", "2.4.0"),
        ("2.4.2", "2.4.0"),
    ]:
        assert contract_for_sdk(version) == history_path(line), version
    with pytest.raises(ParagonUsageError) as info:
        contract_for_sdk("2.3.0")  # not on the registry: no contract claims it
    message = str(info.value)
    assert "no frozen contract describes SDK 2.3.0" in message
    assert "2.2.4 (>=2.2.0 <2.3.0), 2.4.0 (>=2.4.0 <2.5.0)" in message
    assert "2.2.3\n    - 2.2.4\n    - 2.4.0" in message  # the published versions
    with pytest.raises(ParagonUsageError, match="is not an SDK version"):
        contract_for_sdk("latest")


def test_the_wheel_ships_the_history() -> None:
    text = (ROOT / "pyproject.toml").read_text()
    assert '"contracts/history" = "pytest_paragon/contract/data/history"' in text


def test_each_line_differs_from_the_next_where_its_change_list_says() -> None:
    two_two, two_four = load_history("2.2.4"), load_history("2.4.0")
    ids = {op.operation_id for op in two_two.operations}
    assert "listTriggerTypes" in {op.operation_id for op in two_four.operations}
    assert "listTriggerTypes" not in ids  # getTriggers() came with 2.4.0
    assert "getOAuthNoncePage" in ids
    me = two_two.operation("getConnectedUserWithMetadataHeader")
    assert {"X-Paragon-User-Metadata", "X-Paragon-SDK-Version"} <= {
        p["name"] for p in me.parameters
    }
    poll = two_two.operation("getOAuthSessionStatus").definition["x-paragon-sdk-poll"]
    assert poll == {"interval": "1 s", "window": "60 s"}
    old_poll = load_history("2.0.6").operation("getOAuthSessionStatus").definition
    assert old_poll["x-paragon-sdk-poll"] == {"interval": "3 s", "window": "60 s", "attempts": "20"}
    for version, label in [("2.1.1", "proxy"), ("2.0.6", "proxy"), ("2.2.4", "worker-proxy")]:
        proxy = load_history(version).operation("proxyGet")
        hosts = {
            label
            for server in proxy.path_item.get("servers") or proxy.definition.get("servers") or []
            for label in server.get("variables", {}).get("proxyHost", {}).get("enum", [])
        }
        assert label in hosts, (version, hosts)
        assert (label == "proxy") == ("worker-proxy" not in hosts), (version, hosts)
