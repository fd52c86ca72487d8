"""The project file's JSON Schema, derived from ``ProjectSpec`` (:mod:`.project`).

``pytest-paragon project-schema`` prints it; ``contracts/project.schema.json`` is a copy (a test
keeps it current) that editors use to validate and complete project files, e.g. with a
``# yaml-language-server: $schema=...`` line at the top of the YAML file.
"""

from __future__ import annotations

import json
from typing import Any

SCHEMA_ID = (
    "https://github.com/pytest-paragon/pytest-paragon/blob/main/contracts/project.schema.json"
)


def project_json_schema() -> dict[str, Any]:
    """The JSON Schema (2020-12) of a project file: every key, its type, allowed values."""
    from pytest_paragon.fake.base.project import ProjectSpec

    schema = ProjectSpec.model_json_schema(mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "pytest-paragon project file",
        **schema,
    }


def project_schema_text() -> str:
    """The schema as the file in ``contracts/`` holds it (sorted keys, two-space indent)."""
    return json.dumps(project_json_schema(), indent=2, sort_keys=True) + "\n"
