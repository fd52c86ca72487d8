"""``st.from_type`` for the generated models: every model class gets its contract strategy.

Registering is done once, when :mod:`pytest_paragon.strategies` is imported; each registered
strategy draws a contract-valid document and parses it into the model, so
``st.from_type(Credential)`` gives ``Credential`` instances whose ``model_dump`` honours the
contract.
"""

from __future__ import annotations

import functools
import inspect
from enum import Enum
from typing import Any

from hypothesis import strategies as st


def _parser(model: type[Any]) -> Any:
    if issubclass(model, Enum):
        return model
    validate = model.model_validate
    return validate


def _resolver(name: str, model: type[Any], from_contract: Any) -> Any:
    def resolve(_requested: type[Any]) -> st.SearchStrategy[Any]:
        strategy: st.SearchStrategy[Any] = from_contract(name).map(_parser(model))
        return strategy

    return resolve


@functools.cache
def register_model_strategies() -> tuple[str, ...]:
    """Register a strategy for every model class named like a component; return the names."""
    from pydantic import BaseModel

    from pytest_paragon import models
    from pytest_paragon.strategies.schemas import default_contract, from_contract

    registered: list[str] = []
    for name in default_contract().schemas:
        model = getattr(models, name, None)
        if not inspect.isclass(model) or not issubclass(model, BaseModel | Enum):
            continue
        # A resolver function, not a strategy: nothing is compiled until from_type asks for it.
        st.register_type_strategy(model, _resolver(name, model, from_contract))
        registered.append(name)
    return tuple(registered)
