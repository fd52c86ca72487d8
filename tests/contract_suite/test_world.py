"""The suite's parts in process: seeded world, discovery, bindings, targets, verify arguments."""

from __future__ import annotations

import argparse
import copy
from dataclasses import fields
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests
import schemathesis
from jsonschema import Draft202012Validator

from pytest_paragon.cli import _build_parser, verify_arguments
from pytest_paragon.contract import load_contract
from pytest_paragon.contract_suite import VERIFY_INI, SuiteSettings
from pytest_paragon.contract_suite.binding import BODY_BINDERS, _path_values, bind
from pytest_paragon.contract_suite.targets import (
    FakeTarget,
    RemoteTarget,
    build_schema,
    make_target,
)
from pytest_paragon.contract_suite.world import World, minimal_instance, seed_fake
from pytest_paragon.fake.core import FakeParagon

CONTRACT = load_contract()
FREE_PATH_PARAMETERS = {"projectId", "apiPath", "customWebhookTriggerId"}
"""Path parameters that need no existing entity (projectId is pinned for the whole run)."""


@pytest.fixture(scope="module")
def target() -> FakeTarget:
    made = make_target(SuiteSettings(), CONTRACT)
    assert isinstance(made, FakeTarget)
    return made


def test_the_fake_target_answers_each_operation_on_its_own_host_in_process(
    target: FakeTarget,
) -> None:
    schema = build_schema(target, SuiteSettings())
    assert schema.app is None  # requests, answered by the interception: no ASGI thread hop
    hosts = {
        operation.operation_id: urlsplit(
            schema[operation.path_template][operation.method].base_url
        ).hostname
        for operation in CONTRACT.operations
        if operation.operation_id in {"getConnectedUser", "proxyGet", "listActionKitTools"}
    }
    assert hosts == {
        "getConnectedUser": "zeus.useparagon.com",
        "proxyGet": "proxy.useparagon.com",
        "listActionKitTools": "actionkit.useparagon.com",
    }
    world = target.prepare()
    me = f"https://zeus.useparagon.com/projects/{target.project_id}/sdk/me"
    original = requests.adapters.HTTPAdapter.send
    with target.calling(), requests.Session() as session:
        answer = session.get(me, headers=target.user_headers())
        assert answer.raw.headers.getlist("content-type") == ["application/json"]
    held = requests.adapters.HTTPAdapter.send  # held across the item's examples
    target.release()  # the item's end
    assert held is not original
    assert requests.adapters.HTTPAdapter.send is original  # only while the item runs
    assert answer.status_code == 200
    assert answer.json()["userId"] == world.user_id


def test_each_example_starts_from_the_seeded_state(target: FakeTarget) -> None:
    me = f"/projects/{target.project_id}/sdk/me"
    target.before_example()
    seeded = target.request("GET", "zeus", me, headers=target.user_headers())
    changed = target.request(
        "PATCH", "zeus", me, headers=target.user_headers(), body={"meta": {"plan": "changed"}}
    )
    assert changed[0] == 200
    assert target.request("GET", "zeus", me, headers=target.user_headers()) != seeded
    target.before_example()
    assert target.request("GET", "zeus", me, headers=target.user_headers()) == seeded


def test_an_example_whose_requests_changed_nothing_is_not_restored_again(
    target: FakeTarget, monkeypatch: pytest.MonkeyPatch
) -> None:
    me = f"/projects/{target.project_id}/sdk/me"
    target.before_example()
    restores: list[object] = []
    restore = target.fake.restore
    monkeypatch.setattr(target.fake, "restore", lambda s: (restores.append(s), restore(s)))
    refused = target.request("PATCH", "zeus", me, body={"meta": {"plan": "x"}})  # no token
    assert refused[0] == 401
    assert len(target.fake.journal) == 1
    target.before_example()
    assert restores == []  # a refused request changes nothing: no copy of the state
    assert len(target.fake.journal) == 0  # what a restore forgets is still forgotten
    changed = target.request(
        "PATCH", "zeus", me, headers=target.user_headers(), body={"meta": {"plan": "x"}}
    )
    assert changed[0] == 200
    target.before_example()
    assert len(restores) == 1  # a handler ran: the state is restored
    assert target.request("GET", "zeus", me, headers=target.user_headers())[1]["meta"] == {}


def test_the_user_token_is_minted_once_and_again_near_expiry() -> None:
    target = make_target(SuiteSettings(), CONTRACT)
    assert isinstance(target, FakeTarget)
    first = target.user_token()
    assert target.user_token() is first
    target.fake.clock.advance(3600 - 200)  # within the margin of its expiry
    renewed = target.user_token()
    assert renewed != first
    assert target.fake.verifier.verify(renewed).sub == target.user_id


def test_seeding_and_discovery_find_every_role(target: FakeTarget) -> None:
    world = target.prepare()
    empty = [f.name for f in fields(World) if getattr(world, f.name) in (None, [], {})]
    assert empty == []
    assert world.integration_type == "salesforce"
    assert world.fresh_integration_type not in world.valid_credentials


def test_seeding_gives_the_same_ids_every_time() -> None:
    fake = FakeParagon(random_seed=5)
    first = seed_fake(fake)
    ids = sorted(fake.state.credentials)
    again = seed_fake(fake)
    assert first == again
    assert sorted(fake.state.credentials) == ids


def test_every_path_parameter_of_the_contract_has_a_binding() -> None:
    names = {
        parameter["name"]
        for operation in CONTRACT.operations
        for parameter in operation.parameters
        if parameter["in"] == "path"
    }
    assert names - FREE_PATH_PARAMETERS == set(_path_values(World("p", "u")))


def test_body_binders_name_operations_of_the_contract() -> None:
    assert set(BODY_BINDERS) <= {operation.operation_id for operation in CONTRACT.operations}


def test_minimal_instances_fit_every_tool_of_the_catalogue(target: FakeTarget) -> None:
    status, listed = target.request(
        "GET",
        "actionkit",
        f"/projects/{target.project_id}/tools",
        headers=target.user_headers(),
        params={"limit_to_available": "false"},
    )
    assert status == 200
    tools = [tool["function"] for group in listed["tools"].values() for tool in group]
    assert len(tools) > 10
    for tool in tools:
        instance = minimal_instance(tool["parameters"])
        assert list(Draft202012Validator(tool["parameters"]).iter_errors(instance)) == [], tool


def test_bind_fills_valid_parts_and_keeps_invalid_ones(target: FakeTarget) -> None:
    world = target.prepare()
    schema = schemathesis.openapi.from_dict(copy.deepcopy(dict(CONTRACT.document)))
    operation = schema.find_operation_by_id("getCredential")
    case = operation.Case(
        path_parameters={"projectId": world.project_id, "credentialId": "not-there"},
        headers={"X-Paragon-Credential": "someone-else"},
    )
    bind(case, world, CONTRACT.operation("getCredential"))
    assert case.path_parameters["credentialId"] == world.credential_id
    assert case.headers["X-Paragon-Credential"] == world.credential_id


def test_bind_adds_the_credential_to_a_lone_configuration_header(target: FakeTarget) -> None:
    world = target.prepare()
    schema = schemathesis.openapi.from_dict(copy.deepcopy(dict(CONTRACT.document)))
    case = schema.find_operation_by_id("sendAppEventV2").Case(
        headers={"X-Paragon-Configuration-Id": "ext:nope"}, body={"name": "E", "payload": {}}
    )
    bind(case, world, CONTRACT.operation("sendAppEventV2"))
    assert case.headers == {
        "X-Paragon-Configuration-Id": world.configuration_id,
        "X-Paragon-Credential": world.credential_id,
    }


def test_a_remote_target_by_domain_uses_each_service_host() -> None:
    settings = SuiteSettings(target="paragon.example.com", project_id="p", target_token="t")
    remote = RemoteTarget(settings, CONTRACT)
    try:
        assert remote.base_for("zeus") == "https://zeus.paragon.example.com"
        assert remote.base_for("proxy") == "https://worker-proxy.paragon.example.com"
        assert remote.schema_config()["servers"]["variables"]["actionkitHost"] == (
            "worker-actionkit"
        )
        cloud = RemoteTarget(
            SuiteSettings(target="useparagon.com", project_id="p", target_token="t"), CONTRACT
        )
        assert cloud.base_for("actionkit") == "https://actionkit.useparagon.com"
        cloud.close()
    finally:
        remote.close()


@pytest.mark.parametrize(
    ("settings", "problem"),
    [
        (SuiteSettings(max_examples=0), "--paragon-max-examples must be at least 1"),
        (SuiteSettings(target="http://x"), "needs --paragon-project-id"),
        (SuiteSettings(target="http://x", project_id="p"), "needs --paragon-signing-key"),
        (SuiteSettings(target="http://x", project_id="p", target_token="t"), None),
        (SuiteSettings(), None),
    ],
)
def test_settings_problems(settings: SuiteSettings, problem: str | None) -> None:
    found = settings.problem()
    assert (found is None) if problem is None else (problem in (found or ""))


def test_verify_arguments_isolate_the_run_and_forward_everything(tmp_path: Path) -> None:
    argv = [
        "verify",
        "--random-seed",
        "7",
        "--max-examples",
        "3",
        "--junitxml",
        "r.xml",
        "-x",
        "-k",
        "me",
    ]
    args, extra = _build_parser().parse_known_args(argv)
    assert isinstance(args, argparse.Namespace)
    arguments = verify_arguments(args, extra)
    assert arguments[:4] == ["-c", str(VERIFY_INI), "--rootdir", str(VERIFY_INI.parent)]
    assert "--paragon-suite" in arguments
    for flag, value in (("--paragon-random-seed", "7"), ("--paragon-max-examples", "3")):
        assert arguments[arguments.index(flag) + 1] == value
    assert Path(arguments[arguments.index("--junitxml") + 1]).is_absolute()
    assert arguments[-3:] == ["-x", "-k", "me"]
