"""Generated from contracts/paragon.openapi.yaml by scripts/generate_models.py: do not edit.
Pydantic v2 models of every component schema of the contract, one module per x-paragon-area.
"""

from __future__ import annotations

from enum import Enum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, RootModel

from . import input_values, inputs
from . import options as options_1


class PreOptionsStage(BaseModel):
    """Inputs needed before authorization; answer with `setPreOptions(values)` [SDK 2.4.0 types/connect.d.ts]."""

    model_config = ConfigDict(
        extra="allow",
    )
    stage: Literal["preOptions"]
    options: list[inputs.IntegrationConnectInput]
    done: Literal[False] | None = None
    """
    SDK 2.4.0 always sets it; the docs' examples omit it.
    """


class OAuthStage(BaseModel):
    """The SDK opens the OAuth popup itself (§9.1) [SDK 2.4.0 types/connect.d.ts]."""

    model_config = ConfigDict(
        extra="allow",
    )
    stage: Literal["oauth"]
    done: Literal[False] | None = None
    """
    SDK 2.4.0 always sets it; the docs' examples omit it.
    """


class PostOptionsStage(BaseModel):
    """Inputs after authorization; answer with `setPostOptions(values)` [SDK 2.4.0 types/connect.d.ts]."""

    model_config = ConfigDict(
        extra="allow",
    )
    stage: Literal["postOptions"]
    options: list[inputs.IntegrationConnectInput]
    done: Literal[False] | None = None
    """
    SDK 2.4.0 always sets it; the docs' examples omit it.
    """


class DoneStage(BaseModel):
    """The flow is complete; `onComplete(event)` is called [SDK 2.4.0 types/connect.d.ts]."""

    model_config = ConfigDict(
        extra="allow",
    )
    stage: Literal["done"]
    done: Literal[True] | None = None
    """
    SDK 2.4.0 always sets it; the docs' examples omit it.
    """


class InstructionLinkCta(BaseModel):
    """A link call-to-action of an InstructionStage (`Link`) [SDK 2.4.0 types/connect.d.ts]."""

    model_config = ConfigDict(
        extra="allow",
    )
    type: Literal["link"]
    label: str
    href: str


class InstructionCopyButtonCta(BaseModel):
    """A copy-to-clipboard call-to-action (`CopyButton`) [SDK 2.4.0 types/connect.d.ts]."""

    model_config = ConfigDict(
        extra="allow",
    )
    type: Literal["copyButton"]
    label: str
    copyText: str


class InstructionCta(RootModel[InstructionLinkCta | InstructionCopyButtonCta]):
    root: Annotated[
        InstructionLinkCta | InstructionCopyButtonCta,
        Field(
            discriminator="type",
            examples=[
                {
                    "type": "link",
                    "label": "Open AppExchange",
                    "href": "https://appexchange.salesforce.com/",
                }
            ],
        ),
    ]
    """
    An InstructionStage call-to-action (`CTA`) [SDK 2.4.0 types/connect.d.ts], discriminated on `type`.
    """


class InstructionFinishButton(BaseModel):
    """The finish button of an InstructionStage (`FinishButton`) [SDK 2.4.0 types/connect.d.ts]. Its `onClick()` is a function, not data, and is left out."""

    model_config = ConfigDict(
        extra="allow",
    )
    type: Literal["finishButton"]
    label: str


class InstallFlowStartOptions(BaseModel):
    """Data fields of `installFlow.start(type, options)` (`StartOptions`) [SDK 2.4.0 types/connect.d.ts]. The callbacks `onNext(stage)`, `onComplete(event)` and `onError(error, context)` are functions, not data, and are left out. `externalId` and `selectedCredentialId` are exclusive."""

    model_config = ConfigDict(
        extra="allow",
    )
    oauthTimeout: Annotated[int | None, Field(ge=0)] = None
    """
    Milliseconds.
    """
    allowMultipleCredentials: bool | None = None
    overrideRedirectUrl: str | None = None
    selectedCredentialId: Annotated[str | None, Field(min_length=1)] = None
    externalId: Annotated[str | None, Field(pattern="\\S")] = None
    """
    Credential-level external id; must not be empty or whitespace-only. Exclusive with `selectedCredentialId`.
    """


class Stage(str, Enum):
    accountType = "accountType"
    instruction = "instruction"
    preOptions = "preOptions"
    oauth = "oauth"
    postOptions = "postOptions"


class InstallFlowErrorContext(BaseModel):
    """Second argument of `onError` (`OnErrorContext | null`) [SDK 2.4.0 types/connect.d.ts]: the failing stage, or `null` for errors raised by `start()` (e.g. HeadlessModeNotEnabledError). `start()` failures pass `null` instead of this object (context: null)."""

    model_config = ConfigDict(
        extra="allow",
    )
    stage: Stage


class InstallFlowOptionValues(RootModel[dict[str, input_values.ConnectInputValue]]):
    """Argument of `installFlow.setPreOptions` / `setPostOptions`: input id -> value (`Record<string, ConnectInputValue>`) [SDK 2.4.0 ConnectSDK.d.ts][S1]."""

    root: dict[str, input_values.ConnectInputValue]


class InstructionStage(BaseModel):
    """Salesforce package installation instructions [SDK 2.4.0 types/connect.d.ts]. `finish.onClick` advances the flow."""

    model_config = ConfigDict(
        extra="allow",
    )
    stage: Literal["instruction"]
    content: str
    """
    Markdown.
    """
    ctas: list[InstructionCta]
    finish: InstructionFinishButton
    packageInstallUrl: str
    done: Literal[False] | None = None
    """
    SDK 2.4.0 always sets it; the docs' examples omit it.
    """


class AccountTypeStage(BaseModel):
    """The user picks an account type; answer with `setAccountType(id)` (pass the first option or `default` to skip) [SDK 2.4.0 types/connect.d.ts] [S1]."""

    model_config = ConfigDict(
        extra="allow",
    )
    stage: Literal["accountType"]
    options: list[options_1.AccountType]
    done: Literal[False] | None = None
    """
    SDK 2.4.0 always sets it; the docs' examples omit it.
    """


class InstallFlowStage(
    RootModel[
        AccountTypeStage
        | InstructionStage
        | PreOptionsStage
        | OAuthStage
        | PostOptionsStage
        | DoneStage
    ]
):
    root: Annotated[
        AccountTypeStage
        | InstructionStage
        | PreOptionsStage
        | OAuthStage
        | PostOptionsStage
        | DoneStage,
        Field(
            discriminator="stage",
            examples=[
                {
                    "stage": "accountType",
                    "options": [
                        {"id": "default", "accountDescription": "Production Account"},
                        {"id": "sandbox", "accountDescription": "Sandbox Account"},
                    ],
                },
                {"stage": "done", "done": True},
            ],
        ),
    ]
    """
    A headless install flow stage, delivered to `onNext` [SDK 2.4.0 types/connect.d.ts] [S1][S19]. Order: accountType, instruction (Salesforce only), preOptions, oauth, postOptions, done (§9.2).
    """
