"""Freeze the bundled contract into ``contracts/history/`` and derive the SDK 2.0.6-era contract.

Run ``python scripts/build_history.py`` when a new SDK version is modelled: it writes
``paragon-<version>.openapi.yaml`` for the bundled contract (with ``x-paragon-sdk-range``) and
re-derives the 2.0.6 contract from it by applying the wire-level differences that section 13 of
the project's API reference lists (checked by ``tests/contract/test_history.py``).
"""

from __future__ import annotations

import copy
import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = ROOT / "contracts" / "paragon.openapi.yaml"
HISTORY = ROOT / "contracts" / "history"

RANGES = {"2.4.0": ">=2.4.0 <2.5.0", "2.0.6": ">=2.0.0 <2.2.0"}
SDK_VERSION_REF = "#/components/parameters/SdkVersionHeader"
ZEUS_ONLY_PATHS = (
    "/projects/{projectId}/sdk/triggers/{workflowId}",
    "/projects/{projectId}/sdk/events/trigger",
    "/v2/projects/{projectId}/sdk/events/trigger",
)
NEW_STAGES = ("instruction", "oauth")
SDK_2_0_6_BUNDLE = "@useparagon/connect@2.0.6/dist/src/index.js"
SDK_2_4_ONLY_METHODS = ("getTriggers", "getSourcesForInput", "getSourcesForActionInput")


def _operations(document: dict[str, Any]) -> list[dict[str, Any]]:
    methods = ("get", "put", "post", "patch", "delete")
    return [item[m] for item in document["paths"].values() for m in methods if m in item]


def freeze(document: dict[str, Any], version: str) -> dict[str, Any]:
    """The bundled contract as the frozen contract of SDK ``version``."""
    frozen = copy.deepcopy(document)
    frozen["info"]["version"] = version
    frozen["info"]["x-paragon-sdk-range"] = RANGES[version]
    return frozen


def derive_2_0_6(document: dict[str, Any]) -> dict[str, Any]:
    """The 2.4.0 contract rewound to what SDK 2.0.6 sends (reference section 13)."""
    old = freeze(document, "2.4.0")
    info = old["info"]
    info["version"] = "2.0.6"
    info["x-paragon-sdk-range"] = RANGES["2.0.6"]
    info["summary"] = (
        "The wire contract of Paragon's public APIs as SDK @useparagon/connect 2.0.6 "
        "(2.0.x to 2.1.1) uses them."
    )
    info["description"] = (
        "Derived from the 2.4.0 contract by scripts/build_history.py with the wire differences of "
        "SDK 2.0.6: no X-Paragon-SDK-Version header; metadata sent as the X-Paragon-User-Metadata "
        "header of GET /sdk/me; App Events and request triggers on zeus (not hermes); the OAuth "
        "popup opens /projects/{projectId}/sdk/actions/build-oauth (no /v2, no nonce page) with a "
        "sessionId; install-flow stages accountType, preOptions, postOptions, done only.\n"
    )
    for operation in _operations(old):
        parameters = operation.get("parameters", [])
        operation["parameters"] = [p for p in parameters if p.get("$ref") != SDK_VERSION_REF]
        if not operation["parameters"]:
            del operation["parameters"]
        methods = operation.get("x-paragon-sdk-methods", [])
        operation["x-paragon-sdk-methods"] = [m for m in methods if m not in SDK_2_4_ONLY_METHODS]
    del old["components"]["parameters"]["SdkVersionHeader"]
    paths = old["paths"]
    for path in ZEUS_ONLY_PATHS:
        paths[path]["servers"] = [old["servers"][0]]  # zeus
    for path in ZEUS_ONLY_PATHS:
        for operation in paths[path].values():
            if isinstance(operation, dict) and "operationId" in operation:
                operation["x-paragon-source"] = {"docs": [], "sdk": [SDK_2_0_6_BUNDLE]}
    me = paths["/projects/{projectId}/sdk/me"]["get"]
    me["x-paragon-source"] = {"docs": [], "sdk": [SDK_2_0_6_BUNDLE]}
    me["operationId"] = "getConnectedUserWithMetadataHeader"
    me.setdefault("parameters", []).append(
        {
            "name": "X-Paragon-User-Metadata",
            "in": "header",
            "required": False,
            "description": "JSON string of the metadata passed to authenticate (SDK <= 2.3).",
            "schema": {"type": "string", "contentMediaType": "application/json"},
        }
    )
    del paths["/projects/{projectId}/sdk/actions/oauth-nonce"]
    build = paths.pop("/v2/projects/{projectId}/sdk/actions/build-oauth")
    operation = build["get"]
    operation["operationId"] = "buildOAuthUrlWithSessionId"
    operation["description"] = (
        "SDK 2.0.6 opens this URL itself with `window.open` (a navigation of the OAuth popup, no "
        "nonce page before it): the user token travels in the `userToken` query key and the answer "
        "is a redirect to the provider's consent page. The SDK then polls E17 with the same "
        "`sessionId` every 3 s for 60 s."
    )
    operation["security"] = [{"userTokenQuery": []}]
    operation["x-paragon-source"] = {"docs": [], "sdk": [SDK_2_0_6_BUNDLE]}
    responses = operation["responses"]
    responses.pop("200")
    operation["responses"] = {
        "302": {
            "description": "Redirect to the provider's consent page.",
            "headers": {
                "Location": {
                    "description": "The provider's authorize URL.",
                    "required": True,
                    "schema": {"type": "string", "minLength": 1},
                }
            },
        },
        **responses,
    }
    for parameter in operation["parameters"]:
        if parameter.get("name") == "oauthMetaKeyId":
            parameter["name"] = "sessionId"
            parameter["description"] = "The session key later polled through E17 (SDK <= 2.1)."
    paths["/projects/{projectId}/sdk/actions/build-oauth"] = build
    schemas = old["components"]["schemas"]
    stage = schemas["InstallFlowStage"]
    stage["oneOf"] = [
        ref
        for ref in stage["oneOf"]
        if ref["$ref"].rsplit("/", 1)[1] not in ("InstructionStage", "OAuthStage")
    ]
    for name in NEW_STAGES:
        stage["discriminator"]["mapping"].pop(name)
    for schema in schemas.values():
        prop = schema.get("properties", {}).get("stage", {}) if isinstance(schema, dict) else {}
        if isinstance(prop.get("enum"), list):
            prop["enum"] = [value for value in prop["enum"] if value not in NEW_STAGES]
    return old


def write(document: dict[str, Any], path: Path) -> None:
    """Dump ``document`` as block YAML (no anchors), keys in document order."""

    class NoAliases(yaml.SafeDumper):
        def ignore_aliases(self, data: Any) -> bool:
            return True

    text = yaml.dump(document, Dumper=NoAliases, sort_keys=False, allow_unicode=True, width=100)
    path.write_text(text, encoding="utf-8")


def main(argv: list[str]) -> int:
    """Write both history contracts (into ``--out DIR``, default contracts/history); exit 0."""
    out = Path(argv[argv.index("--out") + 1]) if "--out" in argv else HISTORY
    document = yaml.safe_load(BUNDLED.read_text(encoding="utf-8"))
    version = document["info"]["version"]
    out.mkdir(parents=True, exist_ok=True)
    write(freeze(document, version), out / f"paragon-{version}.openapi.yaml")
    write(derive_2_0_6(document), out / "paragon-2.0.6.openapi.yaml")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
