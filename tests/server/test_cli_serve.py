"""`pytest-paragon serve` and `pytest-paragon token`, run as real subprocesses.

Each server is started with ``sys.executable -m pytest_paragon serve`` in a temporary directory;
the test reads the one line it prints, talks to it over HTTP, then stops it with a signal. Every
subprocess is killed in a ``finally`` block and every wait is bounded.
"""

from __future__ import annotations

import json
import os
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from pytest_paragon.fake.base.project import DEFAULT_PROJECT_ID, stable_id
from pytest_paragon.files import write_atomically
from pytest_paragon.tokens import SigningKey

START_TIMEOUT = 60.0
"""Seconds a server may take to print its line (a cold interpreter loads the contract)."""
EXIT_TIMEOUT = 20.0
OTHER_ID = "0b5e0000-0000-4000-8000-000000000042"
LINE = re.compile(r"^pytest-paragon serving (http://127\.0\.0\.1:(\d+)) \(project ([^;)]+)")


@dataclass
class Served:
    """A running ``serve`` subprocess and what it printed."""

    process: subprocess.Popen[str]
    line: str
    url: str
    port: int
    project_id: str
    lines: queue.Queue[str | None]

    def stop(self, number: int = signal.SIGTERM) -> tuple[int, str, str]:
        """Send ``number``; return the exit status, the rest of stdout and all of stderr."""
        self.process.send_signal(number)
        status = self.process.wait(timeout=EXIT_TIMEOUT)
        rest: list[str] = []
        while (item := self.lines.get(timeout=EXIT_TIMEOUT)) is not None:
            rest.append(item)
        assert self.process.stderr is not None
        return status, "".join(rest), self.process.stderr.read()


def _command(*args: str) -> list[str]:
    return [sys.executable, "-m", "pytest_paragon", *args]


def _environment() -> dict[str, str]:
    return {**os.environ, "PYTHONUNBUFFERED": "1"}


@contextmanager
def serve(cwd: Path, *args: str) -> Iterator[Served]:
    """Run ``pytest-paragon serve --port 0 ARGS`` in ``cwd`` until its first line is printed."""
    arguments = ["--port", "0", *args] if "--port" not in args else list(args)
    process = subprocess.Popen(
        _command("serve", *arguments),
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_environment(),
    )
    lines: queue.Queue[str | None] = queue.Queue()

    def pump() -> None:
        assert process.stdout is not None
        for item in process.stdout:
            lines.put(item)
        lines.put(None)

    threading.Thread(target=pump, daemon=True).start()
    try:
        try:
            line = lines.get(timeout=START_TIMEOUT)
        except queue.Empty:
            pytest.fail(f"serve printed nothing in {START_TIMEOUT}s")
        if line is None:
            assert process.stderr is not None
            pytest.fail(f"serve exited early: {process.wait(EXIT_TIMEOUT)} {process.stderr.read()}")
        found = LINE.match(line)
        assert found, line
        yield Served(
            process, line, found.group(1), int(found.group(2)), found.group(3).strip(), lines
        )
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=EXIT_TIMEOUT)
        for stream in (process.stdout, process.stderr):
            if stream is not None:
                stream.close()


def run(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run ``pytest-paragon ARGS`` to completion (bounded)."""
    return subprocess.run(
        _command(*args),
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=START_TIMEOUT,
        env=_environment(),
        check=False,
    )


def one_clear_line(stderr: str) -> str:
    """The single line of ``stderr`` (no traceback, no usage block)."""
    assert "Traceback" not in stderr
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("pytest-paragon")
    return lines[0]


def me(url: str, project_id: str, token: str) -> httpx.Response:
    with httpx.Client(timeout=10) as client:
        return client.get(
            f"{url}/projects/{project_id}/sdk/me", headers={"Authorization": f"Bearer {token}"}
        )


# -- starting and stopping -------------------------------------------------------------------


def test_prints_one_line_with_the_base_url_once_it_accepts_connections(tmp_path: Path) -> None:
    with serve(tmp_path) as served:
        assert served.port != 0
        assert served.project_id == DEFAULT_PROJECT_ID
        # the line came first: the server must answer at once, without any retry
        reply = httpx.get(f"{served.url}/__paragon/health", timeout=10)
        assert reply.status_code == 200
        assert reply.json() == {"ok": True, "projectId": DEFAULT_PROJECT_ID}
        status, rest, stderr = served.stop()
    assert status == 0
    assert rest == ""  # exactly one line on stdout
    assert "Traceback" not in stderr


def test_an_explicit_port_is_the_one_shown(tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with serve(tmp_path, "--port", str(port)) as served:
        assert served.port == port
        assert httpx.get(f"{served.url}/__paragon/health", timeout=10).status_code == 200
        assert served.stop()[0] == 0


@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_signal_stops_it_with_status_0(tmp_path: Path, number: int) -> None:
    # an idle keep-alive connection stays open while the signal arrives
    with serve(tmp_path, "--signing-key-out", "key.pem") as served, httpx.Client() as client:
        assert client.get(f"{served.url}/__paragon/health", timeout=10).status_code == 200
        status, rest, stderr = served.stop(number)
    assert status == 0
    assert rest == ""
    assert "Traceback" not in stderr
    assert "KeyboardInterrupt" not in stderr


# -- signing keys and tokens -----------------------------------------------------------------


def test_help_says_where_a_generated_key_goes(tmp_path: Path) -> None:
    result = run(tmp_path, "serve", "--help")
    assert result.returncode == 0
    assert "paragon-signing-key.pem" in " ".join(result.stdout.split())


def test_without_a_key_one_is_written_and_the_token_command_mints_for_it(tmp_path: Path) -> None:
    with serve(tmp_path) as served:
        key_file = tmp_path / "paragon-signing-key.pem"
        assert "signing key written to paragon-signing-key.pem" in served.line
        assert key_file.is_file()
        assert key_file.stat().st_mode & 0o077 == 0  # only the owner may read it
        minted = run(
            tmp_path,
            "token",
            "--signing-key",
            str(key_file),
            "--project-id",
            served.project_id,
            "--sub",
            "user-7",
            "--audience",
        )
        assert minted.returncode == 0, minted.stderr
        token = minted.stdout.strip()
        assert token.count(".") == 2
        reply = me(served.url, served.project_id, token)
        assert reply.status_code == 200, reply.text
        assert reply.json()["userId"] == "user-7"
        stranger = SigningKey.generate().mint("user-7", project_id=served.project_id)
        assert me(served.url, served.project_id, stranger).status_code == 401
        assert served.stop()[0] == 0


def test_per_service_prints_a_map_and_refuses_a_service_at_anothers_address(
    tmp_path: Path,
) -> None:
    key = SigningKey.generate()
    key_file = tmp_path / "mine.pem"
    write_atomically(key_file, key.private_pem())
    with serve(tmp_path, "--signing-key", str(key_file), "--per-service") as served:
        line = served.lines.get(timeout=START_TIMEOUT)
        assert line is not None
        assert line.startswith("services: "), line
        services = json.loads(line.removeprefix("services: "))
        assert sorted(services) == ["actionkit", "hermes", "proxy", "sync", "zeus"]
        token = key.mint("ada", project_id=served.project_id)
        assert me(services["zeus"], served.project_id, token).status_code == 200
        assert me(served.url, served.project_id, token).status_code == 200  # one URL: all
        refused = me(services["proxy"], served.project_id, token)
        assert refused.status_code == 404
        assert "zeus.useparagon.com" in refused.json()["message"]
        violations = httpx.get(f"{served.url}/__paragon/violations", timeout=10).json()
        assert [v["place"] for v in violations] == ["host"], violations
        assert served.stop()[0] == 0


def test_a_given_key_verifies_tokens_and_nothing_is_written(tmp_path: Path) -> None:
    key = SigningKey.generate()
    key_file = tmp_path / "mine.pem"
    write_atomically(key_file, key.private_pem())
    with serve(tmp_path, "--signing-key", str(key_file), "--project-id", OTHER_ID) as served:
        assert served.project_id == OTHER_ID
        assert "signing key written" not in served.line
        reply = me(served.url, OTHER_ID, key.mint("ada", project_id=OTHER_ID, audience=True))
        assert reply.status_code == 200, reply.text
        assert reply.json()["project"]["id"] == OTHER_ID
        assert served.stop()[0] == 0
    assert sorted(path.name for path in tmp_path.iterdir()) == ["mine.pem"]


def test_token_with_permissions_prints_only_the_token(tmp_path: Path) -> None:
    key_file = tmp_path / "key.pem"
    write_atomically(key_file, SigningKey.generate().private_pem())
    permissions = json.dumps({"salesforce": {"read": True}})
    args = ["--signing-key", str(key_file), "--project-id", OTHER_ID, "--sub", "u"]
    result = run(tmp_path, "token", *args, "--permissions", permissions)
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.splitlines()) == 1
    import jwt

    claims = jwt.decode(result.stdout.strip(), options={"verify_signature": False})
    assert claims["sub"] == "u"
    assert claims["urn:useparagon:connect:permissions"] == {"salesforce": {"read": True}}


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--permissions", "{not json"], "--permissions"),
        (["--permissions", "[1, 2]"], "--permissions"),
        (["--ttl", "soon"], "--ttl"),
        (["--project-id", "p-42"], "--project-id"),
    ],
)
def test_token_refuses_bad_arguments_in_one_line(
    tmp_path: Path, args: list[str], needle: str
) -> None:
    key_file = tmp_path / "key.pem"
    write_atomically(key_file, SigningKey.generate().private_pem())
    base = ["--signing-key", str(key_file), "--project-id", OTHER_ID, "--sub", "u"]
    result = run(tmp_path, "token", *base, *args)
    assert result.returncode != 0
    assert result.stdout == ""
    assert needle in one_clear_line(result.stderr)


def test_token_with_a_missing_key_file_names_it(tmp_path: Path) -> None:
    args = ["--signing-key", "nope.pem", "--project-id", OTHER_ID, "--sub", "u"]
    result = run(tmp_path, "token", *args)
    assert result.returncode != 0
    assert "nope.pem" in one_clear_line(result.stderr)


# -- project files ---------------------------------------------------------------------------

PROJECT_ID = "9d1c7a52-0000-4000-8000-000000000001"
SYNC = "6a1f0000-0000-4000-8000-00000000000a"
LOOKUP = "6a1f0000-0000-4000-8000-00000000000b"
CREDENTIAL = "c0ffee00-0000-4000-8000-000000000001"
SECOND_ACCOUNT = "c0ffee00-0000-4000-8000-000000000002"
EXTRA_CONFIGURATION = "c0ffee00-0000-4000-8000-0000000000c1"


def _project() -> dict[str, Any]:
    return {
        "id": PROJECT_ID,
        "integrations": [
            {
                "type": "salesforce",
                "name": "Salesforce",
                "accountTypes": [{"id": "default", "accountDescription": "Production"}],
                "postOauthInputs": [
                    {"id": "owner", "type": "DYNAMIC_ENUM", "title": "Owner", "required": False}
                ],
                "userSettings": [{"id": "region", "title": "Region", "required": False}],
                "workflows": [
                    {"id": SYNC, "description": "Sync contacts", "defaultEnabled": True},
                    {"id": LOOKUP, "description": "Look up an account", "request_trigger": True},
                    {"description": "Derived id"},
                ],
            },
            {"type": "slack", "name": "Slack", "workflows": [{"description": "Notify"}]},
        ],
        "users": [
            {
                "id": "acme-user",
                "meta": {"name": "Ada", "plan": "pro"},
                "credentials": [
                    {
                        "integration": "salesforce",
                        "id": CREDENTIAL,
                        "externalId": "acme-prod",
                        "providerId": "00D-acme",
                        "settings": {"region": "eu"},
                        "workflows": {
                            SYNC: False,
                            LOOKUP: {"enabled": True, "settings": {"limit": 5}},
                        },
                        "configurations": [
                            {
                                "id": EXTRA_CONFIGURATION,
                                "externalId": "team-b",
                                "settings": {"region": "us"},
                                "workflows": {SYNC: True},
                            }
                        ],
                    },
                    {
                        "integration": "salesforce",
                        "id": SECOND_ACCOUNT,
                        "status": "INVALID",
                        "externalId": "acme-sandbox",
                    },
                ],
            },
            {"id": "bare-user"},
        ],
    }


@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_a_project_file_is_served_with_its_ids(tmp_path: Path, suffix: str) -> None:
    declared = _project()
    project_file = tmp_path / f"project{suffix}"
    text = json.dumps(declared) if suffix == ".json" else yaml.safe_dump(declared)
    project_file.write_text(text, encoding="utf-8")
    key = SigningKey.generate()
    write_atomically((tmp_path / "key.pem"), key.private_pem())
    with serve(tmp_path, "--project-file", project_file.name, "--signing-key", "key.pem") as served:
        assert served.project_id == PROJECT_ID
        reply = me(served.url, PROJECT_ID, key.mint("acme-user", project_id=PROJECT_ID))
        assert reply.status_code == 200, reply.text
        body = reply.json()
        assert body["project"]["id"] == PROJECT_ID
        assert body["meta"] == {"Name": "Ada", "plan": "pro"}
        assert set(body["integrations"]) == {"salesforce", "slack"}
        salesforce = body["integrations"]["salesforce"]
        assert salesforce["enabled"] is True
        assert salesforce["credentialId"] == CREDENTIAL
        assert salesforce["externalId"] == "acme-prod"
        assert salesforce["providerId"] == "00D-acme"
        assert salesforce["sharedSettings"] == {"region": "eu"}
        assert salesforce["workflowSettings"][LOOKUP] == {"enabled": True, "settings": {"limit": 5}}
        accounts = {c["id"]: c for c in salesforce["allCredentials"]}
        assert set(accounts) == {CREDENTIAL, SECOND_ACCOUNT}
        assert accounts[SECOND_ACCOUNT]["status"] == "INVALID"
        assert accounts[SECOND_ACCOUNT]["externalId"] == "acme-sandbox"
        configurations = {c["id"]: c for c in accounts[CREDENTIAL]["configurations"]}
        extra = configurations[EXTRA_CONFIGURATION]
        assert extra["isDefault"] is False
        assert extra["externalId"] == "team-b"
        assert extra["sharedSettings"] == {"region": "us"}
        assert extra["workflowSettings"][SYNC]["enabled"] is True
        assert body["integrations"]["slack"]["enabled"] is False

        with httpx.Client(base_url=served.url, timeout=10) as client:
            token = key.mint("acme-user", project_id=PROJECT_ID)
            listed = client.get(
                f"/projects/{PROJECT_ID}/sdk/integrations",
                headers={"Authorization": f"Bearer {token}"},
            )
            assert listed.status_code == 200
            workflows = {i["type"]: [w["id"] for w in i["workflows"]] for i in listed.json()}
            assert workflows["salesforce"] == [
                SYNC,
                LOOKUP,
                stable_id("workflow", "salesforce", "Derived id"),
            ]
            # the declared ids are addressable: the request trigger of the declared credential
            triggered = client.post(
                f"/projects/{PROJECT_ID}/sdk/triggers/{LOOKUP}",
                headers={"Authorization": f"Bearer {token}", "X-Paragon-Credential": CREDENTIAL},
                json={"id": "001"},
            )
            assert triggered.status_code == 202, triggered.text
            # a declared user that has no credentials is known to the admin endpoints at once
            assert client.get("/__paragon/users/bare-user").status_code == 200
            # reset keeps the declared users: an outside suite can rely on them after it
            assert client.post("/__paragon/reset", json={}).status_code == 200
            again = client.get("/__paragon/users/acme-user").json()
            assert again["integrations"]["salesforce"]["credentialId"] == CREDENTIAL
        assert served.stop()[0] == 0


@pytest.mark.parametrize(
    ("name", "text", "place"),
    [
        (
            "broken.yaml",
            "integrations:\n  - type: salesforce\n    name: [unclosed\n",
            "broken.yaml:",
        ),
        (
            "wrong.yaml",
            "integrations:\n  - type: salesforce\n    workflows: [{description: Sync}]\n",
            "wrong.yaml at integrations.0.name",
        ),
        ("extra.yaml", "integrations: []\ncolour: red\n", "extra.yaml at colour"),
        ("broken.json", '{"integrations": [}', "broken.json:1"),
        (
            "wrong.json",
            json.dumps({"users": [{"id": "u", "credentials": [{"integration": 5}]}]}),
            "wrong.json at users.0.credentials.0.integration",
        ),
        ("not-a-uuid.yaml", "id: project-7\n", "not-a-uuid.yaml at id"),
        (
            "unseedable.yaml",
            "users:\n  - id: u\n    credentials:\n      - integration: salesforce\n",
            "unseedable.yaml at users.0.credentials.0",
        ),
    ],
)
def test_a_broken_project_file_is_one_line_naming_the_file_and_place(
    tmp_path: Path, name: str, text: str, place: str
) -> None:
    (tmp_path / name).write_text(text, encoding="utf-8")
    result = run(tmp_path, "serve", "--port", "0", "--project-file", name)
    assert result.returncode != 0
    assert result.stdout == ""
    assert place in one_clear_line(result.stderr)
    assert not (tmp_path / "paragon-signing-key.pem").exists()


def test_a_project_file_can_declare_a_default_workflow_disabled(tmp_path: Path) -> None:
    (tmp_path / "project.json").write_text(json.dumps(_project()), encoding="utf-8")
    key = SigningKey.generate()
    write_atomically((tmp_path / "key.pem"), key.private_pem())
    with serve(tmp_path, "--project-file", "project.json", "--signing-key", "key.pem") as served:
        body = me(served.url, PROJECT_ID, key.mint("acme-user", project_id=PROJECT_ID)).json()
        assert served.stop()[0] == 0
    assert body["integrations"]["salesforce"]["workflowSettings"][SYNC]["enabled"] is False


# -- bad arguments ---------------------------------------------------------------------------


def test_a_port_in_use_is_one_line(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        key_file = tmp_path / "paragon-signing-key.pem"
        key_file.write_bytes(b"the previous key")
        result = run(tmp_path, "serve", "--port", str(port))
    assert result.returncode != 0
    assert result.stdout == ""
    assert f"cannot listen on 127.0.0.1:{port}" in one_clear_line(result.stderr)
    assert key_file.read_bytes() == b"the previous key"  # a failed start overwrites nothing


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--port", "eighty"], "--port"),
        (["--port", "70000"], "--port"),
        (["--port", "-1"], "--port"),
        (["--bogus"], "--bogus"),
        (["--strict", "sometimes"], "--strict"),
        (["--random-seed"], "--random-seed"),
        (["--signing-key", "missing.pem"], "missing.pem"),
        (["--project-file", "missing.yaml"], "missing.yaml"),
        (["--host", "192.0.2.1"], "192.0.2.1"),
        (["--project-id", "p-42"], "--project-id"),
    ],
)
def test_a_bad_argument_is_one_line_and_a_non_zero_status(
    tmp_path: Path, args: Sequence[str], needle: str
) -> None:
    result = run(tmp_path, "serve", *args)
    assert result.returncode != 0
    assert result.stdout == ""
    assert needle in one_clear_line(result.stderr)
