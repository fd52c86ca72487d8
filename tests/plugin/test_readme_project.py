"""The README's "Declaring a project": one complete example, every key, checked by the schema.

The example is loaded as a project file and validated against ``contracts/project.schema.json``
(which must be the current output of ``pytest-paragon project-schema``); every key of every model
of the schema must appear in it (a key added to the spec must be documented); a misspelt key is
rejected by the schema and by the loader, which names the nearest key.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from pytest_paragon.errors import ParagonUsageError
from pytest_paragon.fake.base.project import load_project
from pytest_paragon.fake.base.project_schema import project_json_schema, project_schema_text
from pytest_paragon.fake.core import FakeParagon

ROOT = Path(__file__).resolve().parents[2]
SCHEMA_COPY = ROOT / "contracts" / "project.schema.json"


def _example_text() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    found = re.search(r"<!-- project-example -->\n```yaml\n(.*?)```", readme, re.S)
    assert found, "the README's project example (after <!-- project-example -->) is missing"
    return found.group(1)


def _keys(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from _keys(item)
    elif isinstance(value, list):
        for item in value:
            yield from _keys(item)


def _validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(json.loads(SCHEMA_COPY.read_text(encoding="utf-8")))


def test_the_schema_copy_in_contracts_is_current() -> None:
    assert SCHEMA_COPY.read_text(encoding="utf-8") == project_schema_text(), (
        "run: pytest-paragon project-schema > contracts/project.schema.json"
    )


def test_the_cli_prints_the_schema() -> None:
    printed = subprocess.run(
        [sys.executable, "-m", "pytest_paragon", "project-schema"],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    ).stdout
    assert json.loads(printed) == project_json_schema()


def test_the_readme_example_is_valid_and_loads(tmp_path: Path) -> None:
    document = yaml.safe_load(_example_text())
    _validator().validate(document)
    path = tmp_path / "project.yaml"
    path.write_text(_example_text(), encoding="utf-8")
    fake = FakeParagon(load_project(path))
    assert fake.project.id == document["id"]
    assert (
        fake.users.credential("user-1", "salesforce").id
        == document["users"][0]["credentials"][0]["id"]
    )


def test_the_readme_example_shows_every_key() -> None:
    schema = project_json_schema()
    every = set(schema["properties"])
    for definition in schema["$defs"].values():
        every |= set(definition.get("properties", {}))
    shown = set(_keys(yaml.safe_load(_example_text())))
    assert sorted(every - shown) == []


def test_a_misspelt_key_is_rejected_with_a_suggestion(tmp_path: Path) -> None:
    text = _example_text().replace("    userSettings:", "    userSetings:", 1)
    assert text != _example_text()
    errors = list(_validator().iter_errors(yaml.safe_load(text)))
    assert any("userSetings" in error.message for error in errors)
    path = tmp_path / "project.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ParagonUsageError) as caught:
        load_project(path)
    message = str(caught.value)
    assert "did you mean 'userSettings'?" in message
    assert f"{path} at integrations.0.userSetings" in message
    assert "workflows.tuple" not in message


def test_a_bad_input_type_and_a_union_are_explained(tmp_path: Path) -> None:
    path = tmp_path / "project.yaml"
    path.write_text(
        "integrations: [{type: x, name: X, userSettings: [{id: a, title: A, type: BOGUS}]}]\n",
        encoding="utf-8",
    )
    with pytest.raises(ParagonUsageError, match="unknown input type 'BOGUS'"):
        load_project(path)
    path.write_text(
        "integrations: [{type: x, name: X}]\n"
        "users: [{id: u, credentials: [{integration: x, workflows: [1]}]}]\n",
        encoding="utf-8",
    )
    with pytest.raises(ParagonUsageError) as caught:
        load_project(path)
    message = str(caught.value)
    assert "users.0.credentials.0.workflows" in message
    assert "tuple[" not in message
    assert "a list of workflow ids to enable" in message
