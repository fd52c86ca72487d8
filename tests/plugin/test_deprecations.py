"""Names that keep working: every public name of the previous release still works, and warns.

The list is data (tests/data/public-names-0.1.0.json, built from the README and ``__all__`` at the
baseline commit it names, plus the names 0.2.0 renamed). Each old spelling must still do what it
did and give a ParagonDeprecationWarning that names the new spelling. Everything here runs in
process except one pytester run for the command-line, ini and marker spellings together.
"""

from __future__ import annotations

import importlib
import json
import warnings
from pathlib import Path
from typing import Any

import httpx
import pytest

import pytest_paragon
from pytest_paragon.cli import _build_parser, main, verify_arguments
from pytest_paragon.errors import ParagonDeprecationWarning, ParagonWarning
from pytest_paragon.fake import FakeParagon
from pytest_paragon.fake.base.project import SeedSpec
from pytest_paragon.fake.entrances.inprocess import InProcessTransport
from pytest_paragon.settings import BY_NAME, RENAMED

NAMES: dict[str, Any] = json.loads(
    (Path(__file__).parents[1] / "data" / "public-names-0.1.0.json").read_text()
)


@pytest.fixture(scope="module")
def fake() -> FakeParagon:
    return FakeParagon()


def _path(root: Any, dotted: str) -> Any:
    for part in dotted.split("."):
        root = getattr(root, part)
    return root


def test_the_deprecation_warning_is_a_paragon_warning_and_a_deprecation() -> None:
    assert issubclass(ParagonDeprecationWarning, ParagonWarning)
    assert issubclass(ParagonDeprecationWarning, DeprecationWarning)


@pytest.mark.parametrize("name", NAMES["all"])
def test_every_name_of_all_still_imports_from_the_package(name: str) -> None:
    assert name in pytest_paragon.__all__
    assert getattr(pytest_paragon, name) is not None


@pytest.mark.parametrize(("old", "new"), sorted(NAMES["fake_attributes"].items()))
def test_an_old_attribute_of_the_fake_is_the_new_one_and_warns(
    fake: FakeParagon, old: str, new: str
) -> None:
    spelling = new.replace(".", r"\.") if not new.startswith("_") else r"internal|problems\(\)"
    with pytest.warns(ParagonDeprecationWarning, match=spelling):
        found = getattr(fake, old)
    assert found == _path(fake, new)


def test_old_calls_and_keywords_of_the_helpers_work_and_warn(fake: FakeParagon) -> None:
    checked = set()
    trigger = fake.users.workflow_id("salesforce", request_trigger=True)
    assert fake.sync is not None  # the helper itself is not deprecated
    with (
        pytest.raises(pytest_paragon.ParagonUsageError),  # no such Sync: as .get() says
        pytest.warns(ParagonDeprecationWarning, match=r"sync\.get"),
    ):
        fake.sync("user-1", "googledrive", "files")
    checked.add("sync('user-1', 'googledrive', 'files')")
    fake.actionkit.on("SLACK_SEND_MESSAGE", {"ok": True})  # unused, not optional
    with pytest.warns(ParagonDeprecationWarning, match=r"problems\(\)"):
        assert fake.unused_registrations() == ["actionkit.on('SLACK_SEND_MESSAGE')"]
    checked.add("unused_registrations()")
    with pytest.warns(ParagonDeprecationWarning, match=r"actionkit\.on\("):
        fake.actionkit.on_tool("SLACK_SEND_MESSAGE", optional=True)
    checked.add("actionkit.on_tool('SLACK_SEND_MESSAGE', optional=True)")
    with pytest.warns(ParagonDeprecationWarning, match="match="):
        answer = fake.actionkit.on("SLACK_SEND_MESSAGE", parameters={"a": 1}, optional=True)
    assert answer.condition is not None
    assert answer.condition.contains == {"a": 1}
    checked.add("actionkit.on('SLACK_SEND_MESSAGE', parameters={'a': 1}, optional=True)")
    with pytest.warns(ParagonDeprecationWarning, match="match="):
        registered = fake.triggers.on(trigger, {}, body={"a": 1}, optional=True)
    assert registered.condition is not None
    assert registered.condition.contains == {"a": 1}
    checked.add("triggers.on(TRIGGER, {}, body={'a': 1}, optional=True)")
    with pytest.warns(ParagonDeprecationWarning, match="internal"):
        assert fake.users.state is fake.state
    checked.add("users.state")
    with pytest.warns(ParagonDeprecationWarning, match="attribute name"):
        assert fake.users.area == "users"
    checked.add("users.area")
    with pytest.warns(ParagonDeprecationWarning, match=r"problems\(\)"):
        assert fake.proxy.unused() == []
    checked.add("proxy.unused()")
    fake.reset()
    assert checked == set(NAMES["fake_calls"])


@pytest.mark.parametrize(("old", "new"), sorted(NAMES["fake_keywords"].items()))
def test_an_old_keyword_of_the_fake_still_sets_the_setting(old: str, new: str) -> None:
    value = 7 if old == "seed" else True
    with pytest.warns(ParagonDeprecationWarning, match=f"{new}="):
        made = FakeParagon(**{old: value})
    if old == "seed":
        assert made.state.ids() == FakeParagon(random_seed=7).state.ids()
    else:
        assert getattr(made, new) is True


def test_the_settings_table_keeps_every_old_name() -> None:
    assert NAMES["settings"] == RENAMED
    assert all(new in BY_NAME for new in RENAMED.values())


def test_the_old_command_arguments_work_and_warn(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    listed = dict(NAMES["command_arguments"])
    # serve --project used to be "ambiguous option": now it reads the project file (a missing
    # one is the usual one-line error) and warns.
    with warnings.catch_warnings():
        warnings.simplefilter("default")  # as outside pytest: the command prints it
        status = main(["serve", "--project", str(tmp_path / "missing.yaml"), "--port", "0"])
    errors = capsys.readouterr().err
    assert status == 2
    assert "missing.yaml" in errors
    assert "ambiguous" not in errors
    assert "use pytest-paragon serve --project-file" in errors
    del listed["serve --project"]
    with pytest.warns(ParagonDeprecationWarning, match="serve --random-seed"):
        args, _ = _build_parser().parse_known_args(["serve", "--seed", "3"])
    assert args.random_seed == 3
    del listed["serve --seed"]
    old = ["--seed", "3", "--token", "t", "--api-key", "k", "--user-id", "u"]
    with pytest.warns(ParagonDeprecationWarning) as caught:
        args, extra = _build_parser().parse_known_args(["verify", *old])
    arguments = verify_arguments(args, extra)
    for flag, value in zip(old[::2], old[1::2], strict=True):
        new = listed.pop(f"verify {flag}").split()[1]
        assert any(new in str(w.message) for w in caught), new
        assert arguments[arguments.index("--paragon-" + new[2:]) + 1] == value
    assert listed == {}


def test_the_old_seed_keys_still_seed_and_warn() -> None:
    old = {
        "proxyResponses": [{"integration": "slack", "body": {"ok": True}}],
        "triggerResponses": [{"workflowId": "w", "body": {"ok": True}}],
        "toolResponses": [{"tool": "T", "output": {"id": 1}, "parameters": {"a": 1}}],
    }
    with pytest.warns(ParagonDeprecationWarning) as caught:
        seed = SeedSpec.model_validate(old)
    assert seed.proxyResponses[0].response == {"ok": True}
    assert seed.triggerResponses[0].response == {"ok": True}
    assert (seed.toolResponses[0].response, seed.toolResponses[0].match) == ({"id": 1}, {"a": 1})
    messages = " ".join(str(w.message) for w in caught)
    for old_key, new_key in NAMES["seed_keys"].items():
        assert old_key in messages
        assert new_key in messages


@pytest.mark.parametrize(("old", "new"), sorted(NAMES["imports"].items()))
def test_an_old_import_path_still_imports_and_warns(old: str, new: str) -> None:
    old_module, old_name = old.split(":")
    new_module, new_name = new.split(":")
    with pytest.warns(ParagonDeprecationWarning, match=f"import {new_name}|{new_name}"):
        found = getattr(importlib.import_module(old_module), old_name)
    assert found is getattr(importlib.import_module(new_module), new_name)


def test_the_old_admin_routes_work_and_name_the_seed_key(fake: FakeParagon) -> None:
    bodies = {
        "POST /__paragon/proxy-responses": {"integration": "slack", "optional": True},
        "POST /__paragon/trigger-responses": {
            "workflowId": fake.users.workflow_id("salesforce", request_trigger=True),
            "optional": True,
        },
        "POST /__paragon/field-options": {
            "integration": "slack",
            "sourceKey": "channels",
            "options": [],
        },
        "PUT /__paragon/oauth/outcome": {"outcome": "granted"},
    }
    assert set(bodies) == set(NAMES["admin_routes"])
    with httpx.Client(transport=InProcessTransport(fake), base_url="http://fake") as client:
        for route, body in bodies.items():
            method, path = route.split()
            answer = client.request(method, path, json=body)
            assert answer.status_code in (200, 201), answer.text
            assert answer.headers["deprecation"] == "true"
            assert NAMES["admin_routes"][route] in answer.headers["x-paragon-deprecation"]
        assert "deprecation" not in client.post("/__paragon/seed", json={}).headers
    fake.reset()


OLD_SPELLINGS = """
import pytest

pytestmark = pytest.mark.paragon(allow_unused_stubs=True)


@pytest.mark.paragon(seed=5)
def test_old_marker_keywords(paragon_settings):
    assert paragon_settings.random_seed == 5
    assert paragon_settings.allow_unused_answers is True
    assert paragon_settings.allow_unmatched_answers is True  # the old command-line flag


@pytest.mark.paragon_cassette(miss="fake", order="any")
def test_old_cassette_keywords(paragon_settings):
    assert (paragon_settings.cassette_miss, paragon_settings.cassette_order) == ("fake", "any")


def test_old_ini_key_and_paragon_config(paragon_settings):
    assert paragon_settings.target_user_id == "old-user"  # ini paragon_user_id
    assert paragon_settings.random_seed == 9  # paragon_config {"seed": 9}
"""


def test_old_options_ini_keys_and_marker_keywords_work_and_warn(pytester: pytest.Pytester) -> None:
    pytester.makeini("[pytest]\nparagon_user_id = old-user\n")
    pytester.makeconftest(
        "import pytest\n@pytest.fixture\ndef paragon_config():\n    return {'seed': 9}\n"
    )
    pytester.makepyfile(OLD_SPELLINGS)
    result = pytester.runpytest(
        "-p", "paragon", "--paragon-allow-unmatched-stubs", "true", "-W", "default"
    )
    result.assert_outcomes(passed=3)
    result.stdout.fnmatch_lines_random(
        [
            "*--paragon-allow-unmatched-stubs is deprecated*use --paragon-allow-unmatched-answers*",
            "*the ini key paragon_user_id is deprecated*use the ini key paragon_target_user_id*",
            "*@pytest.mark.paragon(seed=...) is deprecated*@pytest.mark.paragon(random_seed=...)*",
            "*(allow_unused_stubs=...) is deprecated*(allow_unused_answers=...)*",
            "*paragon_cassette(miss=...) is deprecated*paragon_cassette(cassette_miss=...)*",
            "*paragon_config(seed=...) is deprecated*paragon_config(random_seed=...)*",
        ]
    )
