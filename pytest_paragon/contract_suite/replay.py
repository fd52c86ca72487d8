"""Failures you can replay: a standalone pytest file (and a curl line) per failure.

When a generated request fails a check, the suite keeps that request (:func:`capture`: the last
failing one of its kind, which is the one Hypothesis shrank to) and writes
``<replay dir>/test_replay_<operationId>_<check>_<fingerprint>.py`` (:func:`write_replay`). The
file holds the target's settings (never its token or API key), the request as sent and the check
that failed; run with ``pytest FILE`` it calls :func:`replay`, which makes the same target again
(the in-process fake with the same random seed and project, a served fake through its admin API,
a live Paragon from ``--paragon-target``), mints a fresh token (from the signing key, or the
served fake's ``POST /__paragon/tokens``; a fixed token and an API key come from the environment,
``PARAGON_TARGET_TOKEN`` and ``PARAGON_TARGET_API_KEY``), sends the request and runs the check.
It fails while the defect is there and passes once it is fixed.

The curl line sends the same request with ``$PARAGON_TOKEN`` / ``$PARAGON_API_KEY`` in place of
the secrets (against the in-process fake it names Paragon's cloud hosts: point it at
``pytest-paragon serve`` instead).
"""

from __future__ import annotations

import os
import pprint
import re
import textwrap
from collections.abc import Mapping
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pytest_paragon.contract import Operation
    from pytest_paragon.contract_suite import SuiteSettings
    from pytest_paragon.contract_suite.failures import FailureRecord
    from pytest_paragon.contract_suite.targets import Target

TOKEN = "<paragon-user-token>"
"""Where the user token was, in a written request (a fresh one replaces it when replayed)."""
API_KEY = "<paragon-api-key>"
TOKEN_ENV = "PARAGON_TARGET_TOKEN"
API_KEY_ENV = "PARAGON_TARGET_API_KEY"
TARGET_KEYS = (
    "target",
    "project_id",
    "project_file",
    "signing_key",
    "target_user_id",
    "random_seed",
    "contract_file",
)
EXPECTED_STATUS = {"negative_data_rejection": "4xx", "positive_data_acceptance": "2xx"}
"""Checks that judge a request by how it was generated: replayed as the status they expect."""


def _redact(value: Any, secrets: Mapping[str, str]) -> Any:
    """``value`` with every secret (a token, an API key) replaced by its placeholder."""
    if isinstance(value, str):
        for secret, placeholder in secrets.items():
            value = value.replace(secret, placeholder)
        return value
    if isinstance(value, Mapping):
        return {str(key): _redact(item, secrets) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_redact(item, secrets) for item in value]
    return value


def _quote(text: str) -> str:
    """A single-quoted shell word (so a secret inside can be swapped for a variable)."""
    return "'" + text.replace("'", "'\"'\"'") + "'"


def _curl(case: Any, headers: Mapping[str, str], params: Mapping[str, str]) -> str:
    """The request as one curl command (secrets still in it)."""
    import json
    from urllib.parse import urlencode

    sent = case.as_transport_kwargs(headers=dict(headers))
    query = {**dict(sent.get("params") or {}), **dict(params)}
    url = str(sent["url"]) + ("?" + urlencode(query, doseq=True) if query else "")
    words = ["curl", "-X", str(sent["method"]).upper()]
    for name, value in dict(sent.get("headers") or {}).items():
        words += ["-H", _quote(f"{name}: {value}")]
    if sent.get("json") is not None:
        words += ["-d", _quote(json.dumps(sent["json"]))]
    elif isinstance(sent.get("data"), (str, bytes)):
        data = sent["data"]
        words += ["-d", _quote(data.decode("latin-1") if isinstance(data, bytes) else data)]
    return " ".join([*words[:3], _quote(url), *words[3:]])


def capture(case: Any, target: Target, operation: Operation) -> dict[str, Any]:
    """The request ``case`` as sent to ``target``, secrets redacted, and its curl line."""
    token, key = target.user_token(), target.api_key()
    secrets = {secret: mark for secret, mark in ((token, TOKEN), (key, API_KEY)) if secret}
    parts: dict[str, Any] = {
        "path_parameters": dict(case.path_parameters or {}),
        "query": dict(case.query or {}),
        "headers": dict(case.headers or {}),
        "cookies": dict(case.cookies or {}),
        "media_type": case.media_type,
    }
    if type(case.body).__name__ != "NotSet":  # schemathesis' marker of a request without body
        parts["body"] = case.body
    headers, params = target.credentials(operation.definition)
    curl = _curl(case, headers, params)
    for secret, name in ((token, "PARAGON_TOKEN"), (key, "PARAGON_API_KEY")):
        if secret:
            curl = curl.replace(secret, f"'\"${name}\"'")
    return {
        "operationId": operation.operation_id,
        "method": operation.method.upper(),
        "path": operation.path_template,
        "case": _redact(parts, secrets),
        "curl": curl,
    }


def target_of(settings: SuiteSettings) -> dict[str, Any]:
    """The settings that make the same target again (no token, no API key)."""
    values = asdict(settings)
    return {name: values[name] for name in TARGET_KEYS if values.get(name) is not None}


def replay_name(record: FailureRecord) -> str:
    """``test_replay_<operationId>_<check>_<fingerprint>.py``."""
    stem = re.sub(r"\W", "_", f"{record.operation_id}_{record.check}_{record.fingerprint}")
    return f"test_replay_{stem}.py"


def write_replay(
    directory: Path, record: FailureRecord, captured: Mapping[str, Any], target: Mapping[str, Any]
) -> Path:
    """Write the replay file of ``record`` into ``directory``; answer its path."""
    request = {key: captured[key] for key in ("operationId", "method", "path", "case")}
    where = target.get("target") or "the built-in fake, in process"
    function = replay_name(record).removesuffix(".py")
    about = textwrap.wrap(
        f"{record.operation_id} ({request['method']} {request['path']}) against {where}, "
        f"random seed {target.get('seed', 0)}: {record.text}",
        width=96,
    )
    comments = "\n".join(f"# {line}" for line in about)
    curl = " ".join(str(captured["curl"]).splitlines())
    text = f'''"""Replays the Paragon contract suite's failure {record.code}."""

{comments}
#
# Run it with `pytest {replay_name(record)}`: it fails while the defect is there
# and passes once it is fixed. The token is minted again when it runs (a fixed token:
# ${TOKEN_ENV}; the API key: ${API_KEY_ENV}). The same request with curl:
#
# {curl}

from pytest_paragon.contract_suite.replay import replay

TARGET = {pprint.pformat(dict(target), width=96)}

REQUEST = {pprint.pformat(request, width=96)}


def {function}() -> None:
    replay(TARGET, REQUEST, check={record.check!r}, code={record.code!r})
'''
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / replay_name(record)
    from pytest_paragon.files import write_atomically

    write_atomically(path, text.encode("utf-8"), mode=0o644)  # no half-written test file
    return path


def _fill(value: Any, token: str | None, key: str | None) -> Any:
    """A written request with fresh secrets where the placeholders are."""
    secrets = {TOKEN: token or "", API_KEY: key or ""}
    if isinstance(value, str):
        for placeholder, secret in secrets.items():
            value = value.replace(placeholder, secret)
        return value
    if isinstance(value, dict):
        return {name: _fill(item, token, key) for name, item in value.items()}
    if isinstance(value, list):
        return [_fill(item, token, key) for item in value]
    return value


def replay(
    target: Mapping[str, Any],
    request: Mapping[str, Any],
    *,
    check: str,
    code: str | None = None,
) -> None:
    """Send ``request`` to the target described by ``target`` again and run ``check`` on it.

    Raises schemathesis' failures when the check finds the failure ``code`` again (any failure
    of the check when ``code`` is ``None``); other failures of that check have their own files.
    """
    import schemathesis.checks

    from pytest_paragon.contract import load_contract
    from pytest_paragon.contract_suite import SuiteSettings
    from pytest_paragon.contract_suite.failures import failure_records
    from pytest_paragon.contract_suite.target_seeding import prepare_served
    from pytest_paragon.contract_suite.targets import build_schema, make_target

    settings = prepare_served(
        SuiteSettings(
            **dict(target),
            target_token=os.environ.get(TOKEN_ENV) or None,
            target_api_key=os.environ.get(API_KEY_ENV) or None,
        )
    )
    suite_target = make_target(settings, load_contract(settings.contract_file))
    try:
        schema = build_schema(suite_target, settings)
        suite_target.prepare()
        suite_target.before_example()
        operation = next(
            op
            for op in suite_target.contract.operations
            if op.operation_id == request["operationId"]
        )
        parts = _fill(dict(request["case"]), suite_target.user_token(), suite_target.api_key())
        case = schema[request["path"]][request["method"]].Case(**parts)
        headers, params = suite_target.credentials(operation.definition)
        with suite_target.calling():
            if check in EXPECTED_STATUS:
                response = case.call(
                    session=suite_target.calls_session, headers=headers, params=params or None
                )
                expected = EXPECTED_STATUS[check]
                assert str(response.status_code)[0] == expected[0], (
                    f"{check}: {request['method']} {request['path']} answered "
                    f"{response.status_code}, expected {expected}"
                )
                return
            try:
                case.call_and_validate(
                    session=suite_target.calls_session,
                    headers=headers,
                    params=params or None,
                    checks=[getattr(schemathesis.checks, check)],
                )
            except BaseException as error:
                found = failure_records(operation.operation_id, error)
                # Only this failure fails the replay: the others have their own files.
                wanted = code.rpartition("/")[2] if code else None
                if wanted is None or any(
                    f"{record.kind}-{record.fingerprint}" == wanted for record in found
                ):
                    raise
    finally:
        suite_target.close()


__all__ = ["capture", "replay", "replay_name", "target_of", "write_replay"]
