"""``pytest-paragon contract show``: every operation's examples are valid against the contract.

One in-process pass over the 71 operations (no subprocess per operation): the drawn request
passes the contract's request checker, each documented status's response passes the response
check, and the hosts are those the fake answers on.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

import pytest

from pytest_paragon import cli
from pytest_paragon.contract import Contract, load_contract
from pytest_paragon.contract.validation import RequestChecker, check_response, validators_of
from pytest_paragon.contract_show import describe, render_text

CONTRACT = load_contract()
OPERATIONS = sorted(operation.operation_id for operation in CONTRACT)


@cache
def card(operation_id: str) -> dict[str, Any]:
    return describe(operation_id, CONTRACT)


def _check_request(contract: Contract, operation_id: str, example: dict[str, Any]) -> None:
    url = example["url"]
    path = "/" + url.split("://", 1)[1].split("/", 1)[1]
    matched = contract.match(example["method"], path)
    assert matched is not None, path
    assert matched[0].operation_id == operation_id
    body = json.dumps(example["body"]).encode() if "body" in example else b""
    violations = RequestChecker(contract).check(
        matched[0],
        path_params=matched[1],
        query=[tuple(pair) for pair in example["query"]],
        headers=example["headers"],
        content_type="application/json",
        body=body,
    )
    assert violations == [], violations


@pytest.mark.parametrize("operation_id", OPERATIONS)
def test_every_operation_is_shown_with_valid_examples(operation_id: str) -> None:
    shown = card(operation_id)
    operation = CONTRACT.operation(operation_id)
    assert (shown["method"], shown["path"]) == (operation.method.upper(), operation.path_template)
    assert shown["hosts"], "every operation is answered on some Paragon host"
    assert shown["exampleRequest"]["url"].startswith(f"https://{shown['hosts'][0]}/")
    _check_request(CONTRACT, operation_id, shown["exampleRequest"])
    documented = [str(key) for key in operation.definition.get("responses") or {}]
    assert [response["status"] for response in shown["responses"]] == documented
    for response in shown["responses"]:
        example = response["example"]
        media = example["mediaType"]
        if media and "json" in media and "ndjson" not in media:
            found = check_response(
                CONTRACT,
                validators_of(CONTRACT),
                operation,
                example["status"],
                media,
                example["body"],
            )
            assert found == [], (response["status"], found)
    assert render_text(shown).startswith(f"{operation_id}: {shown['method']} {shown['path']}")


def test_examples_are_the_same_on_every_run() -> None:
    card.cache_clear()
    first = card("listActionKitTools")
    card.cache_clear()
    assert card("listActionKitTools") == first


def test_the_command_prints_json_and_text(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["contract", "show", "getConnectedUser", "--format", "json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["operationId"] == "getConnectedUser"
    assert shown["hosts"][0] == "zeus.useparagon.com"
    assert cli.main(["contract", "show", "getConnectedUser"]) == 0
    text = capsys.readouterr().out
    assert "hosts: zeus.useparagon.com" in text
    assert "example response 200: 200 (application/json)" in text


def test_an_unknown_operation_answers_with_the_nearest(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["contract", "show", "getConectedUser"]) == 2
    error = capsys.readouterr().err
    assert "Unknown operation id 'getConectedUser'; did you mean 'getConnectedUser'?" in error
