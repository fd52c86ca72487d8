"""Derive every frozen contract of ``contracts/history/`` from the bundled one, with evidence.

Run ``python scripts/build_history.py`` (``--out DIR`` to write elsewhere) when the bundled contract
or a change below changes. The bundled contract (SDK 2.4.0) is frozen as ``paragon-2.4.0``; each
older line is the next newer one with its :data:`CHANGES` applied, newest first:
2.4.0 -> 2.2.4 -> 2.1.1 -> 2.0.6 -> 1.0.40.

Every change names its evidence, checked by ``tests/contract/test_history_evidence.py``:

* ``wire(version, "METHOD host /template", header=...)``: a request the real SDK of that version
  sent to the fake, recorded in ``tests/fidelity/wire/<version>.json`` by
  ``tests/fidelity/test_wire.py`` (host is the first label the SDK derived: zeus, hermes, ...);
* ``bundle(version, text)``: text of the SDK function that sends it, in that version's
  ``dist/src/index.js`` (``npm pack @useparagon/connect@<version>``);
* ``absent(version, text)``: text the bundle does not contain (a call that version cannot make).

Where ``../shared/reference/sdk-wire-history.md`` and the package disagree, the package won; the
contract's description says so.
"""

from __future__ import annotations

import copy
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = ROOT / "contracts" / "paragon.openapi.yaml"
HISTORY = ROOT / "contracts" / "history"

Document = dict[str, Any]

LINES: dict[str, tuple[str, str]] = {
    # modelled version: (range, the published versions it was checked against)
    "2.4.0": (">=2.4.0 <2.5.0", "2.4.0"),
    "2.2.4": (">=2.2.0 <2.3.0", "2.2.3 and 2.2.4 (2.2.3-experimental.4, 2.2.4-experimental.2)"),
    "2.1.1": (">=2.1.0 <2.2.0", "2.1.1"),
    "2.0.6": (">=2.0.0 <2.1.0", "2.0.6"),
    "1.0.40": (">=1.0.0 <2.0.0", "1.0.40 (1.0.3 to 1.0.40 on the registry)"),
}
PARENT = {"2.2.4": "2.4.0", "2.1.1": "2.2.4", "2.0.6": "2.1.1", "1.0.40": "2.0.6"}
SDK_VERSION_REF = "#/components/parameters/SdkVersionHeader"
HOPS = (
    "/projects/{projectId}/sdk/triggers/{workflowId}",
    "/v2/projects/{projectId}/sdk/events/trigger",
    "/projects/{projectId}/sdk/events/trigger",
)
PROXY_SERVER = "https://{proxyHost}.{domain}"


@dataclass(frozen=True)
class Evidence:
    """Where a change was seen: a recorded request, a bundle's text, or a bundle's silence."""

    kind: str  # "wire" | "bundle" | "absent"
    version: str
    text: str
    header: str | None = None

    def __str__(self) -> str:
        if self.kind == "wire":
            extra = f" with {self.header}" if self.header else ""
            return f"SDK {self.version} sent {self.text}{extra} (tests/fidelity/wire)"
        verb = "has" if self.kind == "bundle" else "lacks"
        return f"SDK {self.version}'s dist/src/index.js {verb} `{self.text}`"


def wire(version: str, request: str, header: str | None = None) -> Evidence:
    """A request the real SDK ``version`` sent, as recorded by the fidelity harness."""
    return Evidence("wire", version, request, header)


def bundle(version: str, text: str) -> Evidence:
    """Text of the SDK function that sends the request, in that version's bundle."""
    return Evidence("bundle", version, text)


def absent(version: str, text: str) -> Evidence:
    """Text that version's bundle does not contain."""
    return Evidence("absent", version, text)


@dataclass(frozen=True)
class Change:
    """One wire difference of a line from the next newer one, with its evidence."""

    line: str
    summary: str
    evidence: tuple[Evidence, ...]
    apply: Callable[[Document], None]


def _operations(document: Document) -> list[dict[str, Any]]:
    methods = ("get", "put", "post", "patch", "delete")
    return [item[m] for item in document["paths"].values() for m in methods if m in item]


def _operation(document: Document, operation_id: str) -> dict[str, Any]:
    return next(op for op in _operations(document) if op.get("operationId") == operation_id)


def _source(operation: dict[str, Any], version: str) -> None:
    operation["x-paragon-source"] = {"docs": [], "sdk": [f"@useparagon/connect@{version}"]}


# -- 2.4.0 -> 2.2.x ---------------------------------------------------------------------------


def _no_trigger_types(document: Document) -> None:
    item = document["paths"]["/projects/{projectId}/triggers"]
    del item["get"]
    if not any(m in item for m in ("put", "post", "patch", "delete")):
        del document["paths"]["/projects/{projectId}/triggers"]


def _metadata_header(version: str) -> Callable[[Document], None]:
    def apply(document: Document) -> None:
        me = _operation(document, "getConnectedUser")
        me["operationId"] = "getConnectedUserWithMetadataHeader"
        _source(me, version)
        me.setdefault("parameters", []).append(
            {
                "name": "X-Paragon-User-Metadata",
                "in": "header",
                "required": False,
                "description": "JSON of the metadata passed to authenticate (SDK <= 2.2.4).",
                "schema": {"type": "string", "contentMediaType": "application/json"},
            }
        )

    return apply


def _poll(interval: str, window: str, attempts: int | None = None) -> Callable[[Document], None]:
    def apply(document: Document) -> None:
        poll = {"interval": interval, "window": window}
        if attempts is not None:
            poll["attempts"] = str(attempts)
        _operation(document, "getOAuthSessionStatus")["x-paragon-sdk-poll"] = poll

    return apply


def _version_examples(document: Document) -> None:
    header = document["components"]["parameters"]["SdkVersionHeader"]
    header["examples"] = {
        "2.2.3": {"value": "2.2.3-experimental.4"},
        "2.2.4": {"value": "2.2.4-experimental.2"},
    }


# -- 2.2.x -> 2.1.x ---------------------------------------------------------------------------


def _no_version_header(document: Document) -> None:
    for operation in _operations(document):
        parameters = operation.get("parameters", [])
        parameters = [p for p in parameters if p.get("$ref") != SDK_VERSION_REF]
        operation["parameters"] = parameters
        if not parameters:
            del operation["parameters"]
        methods = operation.get("x-paragon-sdk-methods", [])
        if "getTriggers" in methods:
            operation["x-paragon-sdk-methods"] = [m for m in methods if m != "getTriggers"]
    del document["components"]["parameters"]["SdkVersionHeader"]


def _zeus_only(document: Document) -> None:
    for path in HOPS:
        document["paths"][path]["servers"] = [document["servers"][0]]
        for operation in document["paths"][path].values():
            if isinstance(operation, dict) and "operationId" in operation:
                _source(operation, "2.1.1")


def _session_id_oauth(document: Document) -> None:
    paths = document["paths"]
    del paths["/projects/{projectId}/sdk/actions/oauth-nonce"]
    build = paths.pop("/v2/projects/{projectId}/sdk/actions/build-oauth")
    operation = build["get"]
    operation["operationId"] = "buildOAuthUrlWithSessionId"
    operation["description"] = (
        "SDK <= 2.1.1 opens this URL itself with `window.open` (a navigation of the OAuth popup, "
        "no nonce page before it): the user token travels in the `userToken` query key and the "
        "answer is a redirect to the provider's consent page. The SDK then polls E17 with the same "
        "`sessionId`."
    )
    operation["security"] = [{"userTokenQuery": []}]
    _source(operation, "2.1.1")
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
            parameter["description"] = "The session key later polled through E17 (SDK <= 2.1.1)."
    paths["/projects/{projectId}/sdk/actions/build-oauth"] = build


def _old_stages(document: Document) -> None:
    new = ("instruction", "oauth")
    schemas = document["components"]["schemas"]
    stage = schemas["InstallFlowStage"]
    stage["oneOf"] = [
        ref
        for ref in stage["oneOf"]
        if ref["$ref"].rsplit("/", 1)[1] not in ("InstructionStage", "OAuthStage")
    ]
    for name in new:
        stage["discriminator"]["mapping"].pop(name)
    for schema in schemas.values():
        prop = schema.get("properties", {}).get("stage", {}) if isinstance(schema, dict) else {}
        if isinstance(prop.get("enum"), list):
            prop["enum"] = [value for value in prop["enum"] if value not in new]


def _onprem_proxy(document: Document) -> None:
    places = [document, *document["paths"].values()]
    places += [op for item in document["paths"].values() for op in item.values()]
    for place in places:
        for server in place.get("servers", []) if isinstance(place, dict) else []:
            if server["url"] == PROXY_SERVER:
                server["description"] = (
                    "The Proxy API. Cloud host proxy.useparagon.com; on-prem proxy.{domain} "
                    "(SDK <= 2.1.1 derives https://proxy.{host} from configureGlobal({host}))."
                )
                server["variables"]["proxyHost"]["enum"] = ["proxy"]
    for operation in _operations(document):
        text = operation.get("description")
        if isinstance(text, str) and "on-prem worker-proxy" in text:
            operation["description"] = text.replace("on-prem worker-proxy", "on-prem proxy")
    labels = ["zeus", "hermes", "proxy", "worker-actionkit", "sync", "api-triggerkit"]
    document["info"]["x-paragon-onprem-labels"] = labels


# -- 2.1.x -> 2.0.x ---------------------------------------------------------------------------


CHANGES: tuple[Change, ...] = (
    Change(
        "2.2.4",
        "no GET /projects/{projectId}/triggers: getTriggers() came with 2.4.0",
        (
            wire("2.4.0", "GET actionkit /projects/{projectId}/triggers", "x-paragon-credential"),
            bundle("2.4.0", "async getTriggers("),
            absent("2.2.4", "getTriggers("),
        ),
        _no_trigger_types,
    ),
    Change(
        "2.2.4",
        "GET /sdk/me carries the authenticate() metadata as X-Paragon-User-Metadata",
        (wire("2.2.4", "GET zeus /projects/{projectId}/sdk/me", "x-paragon-user-metadata"),),
        _metadata_header("2.2.4"),
    ),
    Change(
        "2.2.4",
        "the headless OAuth poll of E17: every 1 s for at most 60 s (2.4.0: 180 s)",
        (bundle("2.2.4", "MAX_POLL_DURATION=6e4"), bundle("2.4.0", "MAX_POLL_DURATION=18e4")),
        _poll("1 s", "60 s"),
    ),
    Change(
        "2.2.4",
        "X-Paragon-SDK-Version values of the stable tarballs: 2.2.3-experimental.4, "
        "2.2.4-experimental.2 (pre-release tags read as their version)",
        (bundle("2.2.3", '"2.2.3-experimental.4"'), bundle("2.2.4", '"2.2.4-experimental.2"')),
        _version_examples,
    ),
    Change(
        "2.1.1",
        "no X-Paragon-SDK-Version header",
        (
            absent("2.1.1", "X-Paragon-SDK-Version"),
            wire("2.2.3", "GET zeus /projects/{projectId}/sdk/me", "x-paragon-sdk-version"),
        ),
        _no_version_header,
    ),
    Change(
        "2.1.1",
        "App Events and request triggers on zeus only (2.2.3 moved them to hermes)",
        (
            absent("2.1.1", "baseURLOverride:this.environments.HERMES_PUBLIC_URL"),
            bundle("2.2.3", "baseURLOverride:this.environments.HERMES_PUBLIC_URL"),
            wire("2.1.1", "POST zeus /v2/projects/{projectId}/sdk/events/trigger"),
            wire("2.1.1", "POST zeus /projects/{projectId}/sdk/triggers/{workflowId}"),
            wire("2.2.3", "POST hermes /v2/projects/{projectId}/sdk/events/trigger"),
            wire("2.2.3", "POST hermes /projects/{projectId}/sdk/triggers/{workflowId}"),
        ),
        _zeus_only,
    ),
    Change(
        "2.1.1",
        "OAuth: the popup opens /projects/{projectId}/sdk/actions/build-oauth with a sessionId "
        "(no oauth-nonce page, no /v2 JSON build-oauth)",
        (
            absent("2.1.1", "oauth-nonce"),
            wire("2.1.1", "GET zeus /projects/{projectId}/sdk/actions/build-oauth"),
            wire("2.2.3", "GET zeus /projects/{projectId}/sdk/actions/oauth-nonce"),
            wire("2.2.3", "GET zeus /v2/projects/{projectId}/sdk/actions/build-oauth"),
        ),
        _session_id_oauth,
    ),
    Change(
        "2.1.1",
        "install-flow stages accountType, preOptions, postOptions, done only",
        (absent("2.1.1", '"instruction"'), bundle("2.2.3", '"instruction"')),
        _old_stages,
    ),
    Change(
        "2.1.1",
        "on-prem Proxy host proxy.{domain} (2.2.3 and later: worker-proxy.{domain})",
        (
            bundle("2.1.1", 'getServiceUrl)("proxy"'),
            bundle("2.2.3", 'getServiceUrl)("worker-proxy"'),
            wire("2.1.1", "GET proxy /projects/{projectId}/sdk/proxy/{integrationType}/{apiPath}"),
            wire(
                "2.2.3",
                "GET worker-proxy /projects/{projectId}/sdk/proxy/{integrationType}/{apiPath}",
            ),
        ),
        _onprem_proxy,
    ),
    Change(
        "2.0.6",
        "the headless OAuth poll of E17: every 3 s, at most 20 attempts or 60 s (2.1.1: every 1 s)",
        (
            bundle("2.0.6", ">=20||Date.now()-o>=u.MAX_POLL_DURATION"),
            bundle("2.1.1", "t.connectCredentialId))}),1e3)"),
        ),
        _poll("3 s", "60 s", attempts=20),
    ),
)


def derive(document: Document, line: str) -> Document:
    """The contract of ``line``: its parent's with this line's :data:`CHANGES` applied."""
    if line == "2.4.0":
        derived = copy.deepcopy(document)
    else:
        derived = derive(document, PARENT[line])
        for change in CHANGES:
            if change.line == line:
                change.apply(derived)
    return derived


def finish(document: Document, line: str) -> Document:
    """Set ``info`` of the derived ``line``: version, range, and what was applied, with evidence."""
    info = document["info"]
    sdk_range, checked = LINES[line]
    info["version"] = line
    info["x-paragon-sdk-range"] = sdk_range
    if line == "2.4.0":
        return document
    info["summary"] = (
        f"The wire contract of Paragon's public APIs as @useparagon/connect {line} uses them "
        f"({sdk_range}; checked against {checked})."
    )
    lines = [
        f"Derived by scripts/build_history.py from the bundled 2.4.0 contract through "
        f"{' -> '.join(_chain(line))}. The changes of each line, with their evidence:"
    ]
    for change in CHANGES:
        if change.line in _chain(line)[1:]:
            proof = "; ".join(str(e) for e in change.evidence)
            lines.append(f"- {change.line}: {change.summary} [{proof}]")
    lines.extend(NOTES.get(line, ()))
    info["description"] = "\n".join(lines) + "\n"
    return document


def _chain(line: str) -> list[str]:
    chain = [line]
    while chain[-1] in PARENT:
        chain.append(PARENT[chain[-1]])
    return list(reversed(chain))


NOTES: dict[str, tuple[str, ...]] = {
    "2.2.4": (
        "Shared by 2.2.3 and 2.2.4. 2.2.3 differs only in never sending X-Paragon-Credential on "
        "POST /sdk/actions (getFieldOptions), which the contract allows either way.",
        "2.3.x is not on the npm registry: the range stops at 2.3.0, unverified beyond.",
        "Package over docs: 2.2.3 and later send X-Paragon-SDK-Version on the Proxy calls too "
        "(tests/fidelity/wire); 2.1.1, 2.2.3 and 2.2.4 (not only 2.2.4) resolve a headless "
        "installIntegration with the consent message's payload.credentialId.",
    ),
    "2.0.6": (
        "Package over docs: the reference (sdk-wire-history.md) says 2.0.6 sends "
        "X-Paragon-Credential and X-Paragon-Configuration-Id on every App Event; event(name, "
        "payload) without options sent neither (tests/fidelity/wire/2.0.6.json), as 2.1.1 does.",
        "1.0.40, 2.0.6 and 2.1.1 send the same requests (no header tells them apart): request "
        "triggers and Proxy calls always carry the integration's credential (and configuration).",
    ),
    "1.0.40": (
        "1.0.40 sends what 2.0.6 sends (no header tells them apart); its ExternalFilePicker also "
        "sends X-Paragon-Credential on GET /sdk/credentials, which the contract allows.",
    ),
}


def write(document: Document, path: Path) -> None:
    """Dump ``document`` as block YAML (no anchors), keys in document order."""

    class NoAliases(yaml.SafeDumper):
        def ignore_aliases(self, data: Any) -> bool:
            return True

    text = yaml.dump(document, Dumper=NoAliases, sort_keys=False, allow_unicode=True, width=100)
    path.write_text(text, encoding="utf-8")


def main(argv: list[str]) -> int:
    """Write every history contract (into ``--out DIR``, default contracts/history); exit 0."""
    out = Path(argv[argv.index("--out") + 1]) if "--out" in argv else HISTORY
    document = yaml.safe_load(BUNDLED.read_text(encoding="utf-8"))
    out.mkdir(parents=True, exist_ok=True)
    for line in LINES:
        write(finish(derive(document, line), line), out / f"paragon-{line}.openapi.yaml")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
