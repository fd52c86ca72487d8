"""Fixtures of pytest-paragon: thin adapters over pytest-free objects.

Listed in ``plugin.pytest_plugins``. Heavy libraries are imported inside the fixture functions, so
that loading the plugin costs nothing until a test uses a fixture.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import pytest

from pytest_paragon.options import resolve_option

if TYPE_CHECKING:
    from pytest_paragon.contract import Contract


@pytest.fixture(scope="session")
def paragon_contract(pytestconfig: pytest.Config) -> Contract:
    """The Paragon OpenAPI 3.1 contract (bundled, or --paragon-contract-file), loaded once."""
    from pytest_paragon.contract import load_contract

    return load_contract(resolve_option(pytestconfig, "contract_file"))


@pytest.fixture
def paragon_config() -> Mapping[str, Any]:
    """Override in a conftest or module to set pytest-paragon settings for its tests."""
    return {}
