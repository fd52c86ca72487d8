"""Generated from contracts/paragon.openapi.yaml by scripts/generate_models.py: do not edit.
Pydantic v2 models of every component schema of the contract, one module per x-paragon-area.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, RootModel

from . import conditions, data_sources


class PaginationParameters(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    pageCursor: str | float
    """
    The `cursor` option, or `0` for the first page.
    """
    search: str | None = None


class ConnectResourceRequest(RootModel[dict[str, Any]]):
    """E22 body, the Resource's required keys (e.g. `access_token`, `refresh_token`), sent as given."""

    root: Annotated[dict[str, Any], Field(min_length=1)]


class EmptyObject(BaseModel):
    """An empty JSON object `{}` (open): the body the fake returns where Paragon's body is undocumented and the SDK ignores it, and E9's `config: {}`."""

    model_config = ConfigDict(
        extra="allow",
    )


class Output(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    records: list[
        data_sources.EnumInputValue | data_sources.EnumSection | data_sources.DynamicDefaultInput
    ]
    nextPageCursor: str | None = None


class FieldOptionsActionResponse(BaseModel):
    """E21 response `{output}`: an array of options/sections, or `{records, nextPageCursor?}`. Items having `id` become `nestedData` (DynamicDefaultInput), the others `data`. A response without `output` crashes SDK 2.4.0."""

    model_config = ConfigDict(
        extra="allow",
    )
    output: (
        list[
            data_sources.EnumInputValue
            | data_sources.EnumSection
            | data_sources.DynamicDefaultInput
        ]
        | Output
    )


class FieldOptionsActionRequest(BaseModel):
    """E21 body, built by `getFieldOptions`: the integration type, the data-source key (`cacheKey` or `action`), dependent parameters and pagination."""

    model_config = ConfigDict(
        extra="allow",
    )
    action: str
    """
    The integration type.
    """
    sourceKey: str
    """
    The data source's `cacheKey`, or the `action` option.
    """
    parameters: list[conditions.KeyedSource]
    """
    Dependent values (e.g. the selected object type); `[]` by default.
    """
    paginationParameters: Annotated[
        PaginationParameters, Field(title="FieldOptionsPaginationParameters")
    ]
