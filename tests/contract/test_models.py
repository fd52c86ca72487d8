"""Models are generated from the contract, cannot drift from it, and round-trip every example."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from pydantic import TypeAdapter

from pytest_paragon import models
from pytest_paragon.contract import Contract

ROOT = Path(__file__).resolve().parents[2]


def test_regenerating_the_models_changes_nothing() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "generate_models.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_every_component_schema_has_a_model_of_the_same_name(contract: Contract) -> None:
    missing = [name for name in contract.schemas if not hasattr(models, name)]
    assert missing == []
    assert sorted(models.__all__) == sorted(contract.schemas)


def test_models_live_in_the_module_of_their_area(contract: Contract) -> None:
    for name, schema in contract.schemas.items():
        module = getattr(models, name).__module__
        assert module == f"pytest_paragon.models.{schema['x-paragon-area']}", name


def _examples(contract: Contract) -> list[Any]:
    return [
        pytest.param(name, example, id=f"{name}[{index}]")
        for name, schema in contract.schemas.items()
        for index, example in enumerate(schema.get("examples") or [])
    ]


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "schema_example" in metafunc.fixturenames:
        from pytest_paragon.contract import load_contract

        metafunc.parametrize(("schema_name", "schema_example"), _examples(load_contract()))


def test_example_round_trips_through_its_model(schema_name: str, schema_example: Any) -> None:
    adapter: TypeAdapter[Any] = TypeAdapter(getattr(models, schema_name))  # models and enums
    parsed = adapter.validate_python(schema_example)
    dumped = adapter.dump_python(parsed, mode="json", by_alias=True, exclude_unset=True)
    assert dumped == schema_example
