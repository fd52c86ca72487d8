"""``from_contract(schema_name)``: the strategy of any component schema of the contract.

The compiler is built once per contract and shared, so that every strategy of a session reuses
the same compiled sub-strategies. ``optional_fields`` constrains the top level of the shape:
``True`` always includes every declared property, ``False`` only the required ones, ``None``
(the default) lets hypothesis choose per example, which is how "field absent" cases appear.
"""

from __future__ import annotations

import functools
from typing import Any

from hypothesis import strategies as st

from pytest_paragon.contract import Contract, load_contract
from pytest_paragon.contract.validation import validators_of
from pytest_paragon.strategies.arguments import check_name, check_type
from pytest_paragon.strategies.compiler import SchemaCompiler, annotation


@functools.cache
def compiler_for(contract: Contract, extra_fields: bool = True) -> SchemaCompiler:
    """The shared :class:`SchemaCompiler` of ``contract``."""
    return SchemaCompiler(contract, extra_fields=extra_fields)


def default_contract() -> Contract:
    """The bundled contract."""
    return load_contract()


def from_contract(
    schema_name: str,
    *,
    optional_fields: bool | None = None,
    extra_fields: bool = True,
    contract: Contract | None = None,
) -> st.SearchStrategy[Any]:
    """JSON documents valid against ``components/schemas/<schema_name>`` of the contract.

    Every example validates against the schema (with ``format`` checked) and parses into the
    generated model of the same name. ``optional_fields`` (``True``/``False``/``None``) fixes the
    presence of the top-level optional properties; ``extra_fields=False`` never adds the unknown
    fields that Paragon may add and the schema allows.
    """
    contract = contract or default_contract()
    check_name("from_contract", "schema_name", schema_name, contract.schemas)
    check_type("from_contract", "optional_fields", optional_fields, bool)
    check_type("from_contract", "extra_fields", extra_fields, bool)
    compiler = compiler_for(contract, extra_fields)
    if optional_fields is None:
        strategy = compiler.component(schema_name)
    else:
        strategy = _with_optional_fields(compiler, schema_name, optional_fields)
    # Compile now (deferred parts, validators, text alphabets), when the test is collected, so
    # that the first draw is not charged with it by hypothesis' too_slow health check.
    strategy.validate()
    return strategy


@functools.cache
def _with_optional_fields(
    compiler: SchemaCompiler, schema_name: str, present: bool
) -> st.SearchStrategy[Any]:
    schema = compiler.contract.schemas[schema_name]
    merged = compiler.merge_all_of({"allOf": [schema]})
    properties = merged["properties"]
    if not properties:
        return compiler.component(schema_name)
    if present:
        variant = {**merged, "required": list(properties)}
    else:
        kept = {name: sub for name, sub in properties.items() if name in merged["required"]}
        variant = {**merged, "properties": kept}
        if merged["additionalProperties"] is not False:
            variant["additionalProperties"] = False
    compiled = compiler.compile(variant, field=schema_name)  # the compiler keeps variant alive
    other = {key for key in schema if key not in _PLAIN_OBJECT and not annotation(key)}
    if not other and not compiler.needs_filter(schema):
        # A plain object: the variant keeps every constraint (its properties are compiled as
        # they are), so its examples are valid by construction; no validator filter needed.
        return compiled
    return compiled.filter(validators_of(compiler.contract).validator(schema).is_valid)


_PLAIN_OBJECT = frozenset({"type", "properties", "required", "additionalProperties"})
