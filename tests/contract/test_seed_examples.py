"""Every JSON example of Paragon's SDK & API reference page is validated against its schema.

The page is the project's starting document (``shared/seeds/000_2236d8cccbd42653.txt``), vendored as
``tests/data/paragon-sdk-reference.txt``. Each example is found by an anchor (the text its block
starts with) and listed here by name with the schema it illustrates. Examples that are not JSON, or
that contradict SDK 2.4.0, are excluded by name with the reason next to them; examples whose only
defect is a JavaScript trailing comma are repaired (the commas removed) and then validated.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.contract.conftest import Validate

DATA = Path(__file__).resolve().parents[1] / "data" / "paragon-sdk-reference.txt"
SHARED_SEED = Path(__file__).resolve().parents[3] / "shared" / "seeds" / "000_2236d8cccbd42653.txt"


def ref(name: str) -> dict[str, Any]:
    return {"$ref": f"#/components/schemas/{name}"}


def array_of(name: str) -> dict[str, Any]:
    return {"type": "array", "items": ref(name)}


@dataclass(frozen=True)
class SeedExample:
    """One example of the page: where it starts, what it illustrates, how it is handled."""

    name: str
    anchor: str
    schema: dict[str, Any] | None
    repair: str | None = None
    excluded: str | None = None
    occurrence: int = 0  # which occurrence of the anchor (the page repeats one example)

    def offset(self, text: str) -> int:
        """Where the example's block starts in ``text``."""
        position = -1
        for _ in range(self.occurrence + 1):
            position = text.index(self.anchor, position + 1)
        return position


EXAMPLES = (
    SeedExample(
        "getIntegrationMetadata response",
        '[\n  {\n    "type": "salesforce"',
        array_of("IntegrationMetadata"),
    ),
    SeedExample(
        "getIntegrationConfig response", '{\n  "shortDescription"', ref("IntegrationConfig")
    ),
    SeedExample(
        "getUser response",
        "{\n  authenticated: true",
        None,
        excluded="a JavaScript object literal (unquoted keys), not JSON; and its `shopify` entry "
        "lacks `allCredentials`, which crashes SDK 2.4.0 (reference section 7.1)",
    ),
    SeedExample(
        "updateIntegrationUserSettings update",
        '{\n  "1f7474a5-8b8e-4c25-8d44-29f20aec3fe4"',
        ref("UserSettingsUpdate"),
    ),
    SeedExample(
        "getDataSourceOptions result",
        '{\n  "id": "customObjectMapping"',
        ref("DataSource"),
        repair="trailing commas (a JavaScript literal in the page)",
    ),
    SeedExample(
        "getFieldOptions result",
        '{\n  "data": [\n    {\n      "label": "#general"',
        ref("FieldOptionsResult"),
        repair="trailing comma after the last option",
    ),
    SeedExample(
        "updateWorkflowState update",
        '{\n  "bb89897b-ec2a-4118-b091-c12713c6bffa": true',
        ref("WorkflowStateUpdate"),
        repair="trailing comma after the last entry",
    ),
    SeedExample(
        "updateWorkflowUserSettings update",
        '{\n  "1f7474a5-8b8e-4c25-8d44-29f20aec3fe4"',
        ref("UserSettingsUpdate"),
        occurrence=1,
    ),
    SeedExample(
        "GET /sdk/integrations response",
        '[{\n  "id": "2f08e65f-d924-42ab-9618-b6023d82ffbd"',
        array_of("Integration"),
        repair="trailing comma after the `configs` entry",
    ),
    SeedExample(
        "GET /sdk/credentials response",
        '[{\n  "id": "00da4146-7ac4-4253-a8f7-96849b8137d9"',
        array_of("Credential"),
    ),
    SeedExample(
        "PATCH /sdk/credentials/{id} body",
        '{\n    "config": {\n        "configuredWorkflows"',
        None,
        excluded="a template, not JSON: `...` placeholders and the bare key WORKFLOW_ID; the "
        "contract's UpdateCredentialRequest carries a filled-in version of it as an example",
    ),
    SeedExample(
        "installFlow AccountTypeStage", '{\n  "stage": "accountType"', ref("AccountTypeStage")
    ),
    SeedExample(
        "installFlow.setPreOptions values (Shopify)",
        '{\n  "SHOP_NAME"',
        ref("InstallFlowOptionValues"),
    ),
    SeedExample(
        "installFlow.setPostOptions values (Jira)",
        '{\n  "JIRA_CLOUD_ID"',
        ref("InstallFlowOptionValues"),
    ),
    # Inside JavaScript code samples, with quoted keys: JSON in all but name.
    SeedExample("paragon.workflow request body", '{\n    "email"', ref("RequestTriggerBody")),
    SeedExample(
        "paragon.event payload",
        '{ "name": "Brandon"',
        {"$ref": "#/components/schemas/AppEventRequest/properties/payload"},
    ),
)

STANDALONE_BLOCKS = 14  # blocks that start a line with `{` or `[` in the page (counted below)


def _page() -> str:
    return DATA.read_text(encoding="utf-8")


def _block_at(text: str, start: int) -> str:
    """The balanced JSON-ish block starting at ``start`` (strings respected)."""
    depth, in_string, escaped = 0, False, False
    for index in range(start, len(text)):
        char = text[index]
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "{[":
            depth += 1
        elif char in "}]":
            depth -= 1
            if depth == 0:
                return text[start : index + 1]
    raise AssertionError(f"unbalanced block at offset {start}")


def _standalone_blocks(text: str) -> list[int]:
    starts, position = [], 0
    for match in re.finditer(r"^[ \t]*([\[{])", text, flags=re.MULTILINE):
        if match.start(1) < position:
            continue
        starts.append(match.start(1))
        position = match.start(1) + len(_block_at(text, match.start(1)))
    return starts


def _locate(example: SeedExample) -> str:
    text = _page()
    assert text.count(example.anchor) > example.occurrence, f"{example.name}: anchor not found"
    return _block_at(text, example.offset(text))


def test_vendored_page_is_the_seed() -> None:
    if not SHARED_SEED.exists():
        pytest.skip(f"the shared seed is not beside this checkout ({SHARED_SEED})")
    assert SHARED_SEED.read_text(encoding="utf-8") == _page()


def test_every_standalone_example_of_the_page_is_listed() -> None:
    text = _page()
    starts = _standalone_blocks(text)
    assert len(starts) == STANDALONE_BLOCKS
    listed = {example.offset(text) for example in EXAMPLES}
    assert set(starts) <= listed


def test_names_and_anchors_are_unique() -> None:
    assert len({e.name for e in EXAMPLES}) == len(EXAMPLES)
    assert len({e.offset(_page()) for e in EXAMPLES}) == len(EXAMPLES)


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.name for e in EXAMPLES])
def test_seed_example(example: SeedExample, validate: Validate) -> None:
    block = _locate(example)
    if example.excluded:
        with pytest.raises(json.JSONDecodeError):
            json.loads(block)  # the exclusion is for a reason that still holds
        return
    if example.repair:
        with pytest.raises(json.JSONDecodeError):
            json.loads(block)  # the repair is still needed
        block = re.sub(r",(\s*[}\]])", r"\1", block)
    assert example.schema is not None
    assert validate(json.loads(block), example.schema) == []
