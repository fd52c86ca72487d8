"""Shards: `verify --shard I/N` splits the operations; `verify-merge` joins the shards' outputs."""

from __future__ import annotations

import json
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from pytest_paragon.contract import load_contract
from pytest_paragon.contract_suite import in_shard, parse_shard
from pytest_paragon.contract_suite.merge import merge_baselines
from tests.contract_suite.defects import DEFECTS

TIMEOUT = 600.0
OPERATIONS = ["getCredential", "listSyncs", "getConnectedUser", "listIntegrationMetadata"]


def test_shards_split_every_operation_once_the_same_way_everywhere() -> None:
    names = [operation.operation_id for operation in load_contract().operations]
    shards = [in_shard(names, (index, 3)) for index in (1, 2, 3)]
    assert set().union(*shards) == set(names)
    assert sum(len(shard) for shard in shards) == len(names) == 71
    assert sorted(len(shard) for shard in shards) == [23, 24, 24]
    assert in_shard(list(reversed(names)), (2, 3)) == shards[1]  # order of the input: no matter


@pytest.mark.parametrize("text", ["0/3", "4/3", "2", "a/b", "1/0"])
def test_a_bad_shard_says_what_is_expected(text: str) -> None:
    with pytest.raises(ValueError, match=r"is not I/N with 1 <= I <= N"):
        parse_shard(text)


def _shard(pytester: pytest.Pytester, index: int, *extra: str) -> pytest.RunResult:
    out = f"shard{index}"
    return pytester.run(
        sys.executable, "-m", "pytest_paragon", "verify", "--max-examples", "1",
        "--operations", ",".join(OPERATIONS), "--shard", f"{index}/2", "-p", "defects",
        "--junitxml", f"{out}/contract.xml", "--suite-json", f"{out}/suite.json",
        "--baseline", f"{out}/baseline.json", "--coverage-json", f"{out}/coverage.json",
        *extra, timeout=TIMEOUT,
    )  # fmt: skip


def test_two_shards_one_with_xdist_merge_into_one_report(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytester.makepyfile(defects=DEFECTS)
    monkeypatch.setenv("PARAGON_DEFECTS", "getCredential,listIntegrationMetadata")  # 1 a shard
    first = _shard(pytester, 1, "-n", "2")
    second = _shard(pytester, 2)
    assert first.ret == second.ret == 0  # each records its own baseline
    ran = [
        json.loads(Path(pytester.path, f"shard{index}/suite.json").read_text("utf-8"))
        for index in (1, 2)
    ]
    names = [{op["operationId"] for op in document["operations"]} for document in ran]
    assert names == [
        {"getConnectedUser", "listIntegrationMetadata"},
        {"getCredential", "listSyncs"},
    ]
    assert [document["shard"] for document in ran] == ["1/2", "2/2"]

    inputs = sorted(str(path) for path in Path(pytester.path).glob("shard*/*.*"))
    merged = pytester.run(
        sys.executable, "-m", "pytest_paragon", "verify-merge", *inputs,
        "--junitxml", "contract.xml", "--suite-json", "suite.json", "--baseline", "baseline.json",
        "--coverage-json", "coverage.json",
    )  # fmt: skip
    assert merged.ret == 0, merged.stderr.str()
    merged.stdout.fnmatch_lines(
        ["*merged 2 junit, 2 suite, 2 baseline, 2 coverage; 0 failing operation(s)"]
    )
    # what the suite reached, in the form of --paragon-coverage: each shard's operations
    shards = [
        json.loads(Path(pytester.path, f"shard{index}/coverage.json").read_text("utf-8"))
        for index in (1, 2)
    ]
    reached = json.loads(Path(pytester.path, "coverage.json").read_text("utf-8"))
    assert reached["format"] == "pytest-paragon-coverage"
    called = {row["operationId"] for row in reached["operations"] if row["calls"]}
    assert called == set(OPERATIONS)
    assert reached["summary"]["operations"]["covered"] == 4
    assert reached["summary"]["statusCodes"]["covered"] == sum(
        shard["summary"]["statusCodes"]["covered"] for shard in shards
    )
    assert reached["summary"]["responseFields"]["covered"] > 0
    suite = ET.parse(Path(pytester.path, "contract.xml")).getroot()[0]
    assert suite.get("tests") == "4"
    assert suite.get("skipped") == "2"  # xfailed: recorded into their shard's baseline
    run = json.loads(Path(pytester.path, "suite.json").read_text("utf-8"))
    assert [op["operationId"] for op in run["operations"]] == sorted(OPERATIONS)
    assert run["shards"] == ["1/2", "2/2"]
    baseline = json.loads(Path(pytester.path, "baseline.json").read_text("utf-8"))
    assert baseline["ran"] == sorted(OPERATIONS)
    assert {entry["operationId"] for entry in baseline["failures"]} == {
        "getCredential",
        "listIntegrationMetadata",
    }


def test_a_merged_baseline_takes_each_operation_from_the_shard_that_ran_it() -> None:
    old = {"code": "getA/c/ST101-00000000", "operationId": "getA"}
    new = {"code": "getB/c/ST101-11111111", "operationId": "getB"}
    shard_a = {"ran": ["getA"], "failures": [new]}  # getA fixed here; getB kept from before
    shard_b = {"ran": ["getB"], "failures": [old, new]}  # getA kept from before
    assert set(merge_baselines([shard_a, shard_b]).entries) == {new["code"]}


def test_merge_refuses_an_unknown_input_naming_it(pytester: pytest.Pytester) -> None:
    Path(pytester.path, "other.json").write_text('{"format": "something"}', "utf-8")
    result = pytester.run(sys.executable, "-m", "pytest_paragon", "verify-merge", "other.json")
    assert result.ret == 2
    result.stderr.fnmatch_lines(["*other.json: neither JUnit XML nor a document of format*"])


def test_verify_passes_the_new_settings_to_the_suite() -> None:
    from pytest_paragon.cli import _build_parser, verify_arguments

    args, extra = _build_parser().parse_known_args(
        ["verify", "--shard", "2/3", "--baseline-update", "--flows", "sync", "-n", "2"]
    )
    arguments = verify_arguments(args, extra)
    assert arguments[-2:] == ["-n", "2"]
    assert "--paragon-baseline-update" in arguments
    assert arguments[arguments.index("--paragon-shard") + 1] == "2/3"
    assert arguments[arguments.index("--paragon-flows") + 1] == "sync"
    assert "--paragon-baseline" not in arguments  # a switch given alone names no file
