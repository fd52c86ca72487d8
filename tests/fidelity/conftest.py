"""Fidelity tests: the official Connect SDK (``@useparagon/connect`` 2.4.0) against the fake.

``driver.mjs`` runs the SDK under Node with jsdom, pointed at ``paragon_server`` through
``configureGlobal``'s override URLs, and prints one JSON line with what every step returned.
Without Node (20 or later) or without ``npm ci`` in this directory the tests skip locally and fail
when ``CI`` is set: CI must run them.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).parent
DRIVER = HERE / "driver.mjs"
SDK_PACKAGE = HERE / "node_modules" / "@useparagon" / "connect" / "package.json"
SDK_VERSION = "2.4.0"
MIN_NODE = 20
DRIVER_TIMEOUT = 90.0

_node_runs: list[float] = []


def _unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"fidelity tests must run in CI, but {reason}", pytrace=False)
    pytest.skip(f"fidelity tests need the official SDK under Node: {reason}")


@pytest.fixture(scope="session")
def node_executable() -> str:
    """The ``node`` binary (20 or later) with this directory's ``npm ci`` done."""
    node = shutil.which("node")
    if node is None:
        _unavailable("`node` is not on PATH (install Node 20 or later)")
        raise AssertionError("unreachable")
    version = subprocess.run(
        [node, "--version"], capture_output=True, text=True, check=True, timeout=30
    ).stdout.strip()
    if int(version.lstrip("v").split(".")[0]) < MIN_NODE:
        _unavailable(f"node {version} is older than {MIN_NODE}")
    if not SDK_PACKAGE.exists() or not (HERE / "node_modules" / "jsdom").exists():
        _unavailable(f"node_modules is missing: run `npm ci` in {HERE}")
    installed = json.loads(SDK_PACKAGE.read_text())["version"]
    if installed != SDK_VERSION:
        pytest.fail(f"@useparagon/connect {installed} is installed, the tests pin {SDK_VERSION}")
    return node


@dataclass
class SdkRun:
    """What one Node process of the driver reported."""

    authenticate: dict[str, Any]
    steps: list[dict[str, Any]]
    popups: list[dict[str, Any]]
    console: list[dict[str, str]]
    unhandled: list[dict[str, Any]]
    elapsed_ms: int
    stderr: str = field(repr=False, default="")
    sent: list[dict[str, Any]] = field(repr=False, default_factory=list)
    """Every request the SDK and its popup sent, as the SDK addressed it."""

    def value(self, index: int) -> Any:
        """The value step ``index`` returned (``None`` for undefined); fails if it threw."""
        step = self.steps[index]
        assert step["ok"], f"step {index} threw: {step['error']}\n{self.stderr}"
        return step.get("value")

    def error(self, index: int) -> dict[str, Any]:
        """The error step ``index`` threw (``name``, ``message``, ``response``)."""
        step = self.steps[index]
        assert not step["ok"], f"step {index} did not throw: {step.get('value')!r}"
        return dict(step["error"])

    def assert_clean(self) -> None:
        """Authenticated, and nothing logged as an error, nothing rejected unhandled."""
        assert self.authenticate == {"ok": True}, self.authenticate
        assert self.unhandled == [], self.unhandled
        errors = [line for line in self.console if line["kind"] in ("error", "warn")]
        assert errors == [], errors


SdkRunner = Callable[..., SdkRun]


@pytest.fixture
def run_sdk(node_executable: str, paragon_server: Any, paragon_user: Any) -> SdkRunner:
    """Run steps through the real SDK: ``run_sdk(steps, *, token=..., headless=True, ...)``."""

    def run(
        steps: Sequence[Mapping[str, Any]],
        *,
        token: str | None = None,
        authenticate: Mapping[str, Any] | None = None,
        settle_ms: int = 50,
        package: str | None = None,
        overrides: Mapping[str, str] | None = None,
        headless: bool = True,
        route: bool = False,
    ) -> SdkRun:
        """``route``: the SDK derives ``https://<service>.paragon.test`` (no overrides)."""
        document = {
            "headless": headless,
            "package": package,
            "overrides": {**paragon_server.sdk_overrides(), **(overrides or {})},
            "projectId": paragon_server.fake.project.id,
            "token": token or paragon_user.token,
            "authenticate": authenticate,
            "steps": list(steps),
            "settleMs": settle_ms,
            **({"routeTo": paragon_server.url} if route else {}),
        }
        started = time.monotonic()
        try:
            process = subprocess.run(
                [node_executable, str(DRIVER)],
                input=json.dumps(document),
                capture_output=True,
                text=True,
                timeout=DRIVER_TIMEOUT,
                cwd=HERE,
            )
        except subprocess.TimeoutExpired as expired:
            pytest.fail(
                f"the SDK driver ran past {DRIVER_TIMEOUT}s\nstderr: {expired.stderr!r}",
                pytrace=False,
            )
        finally:
            _node_runs.append(time.monotonic() - started)
        lines = process.stdout.strip().splitlines()
        if process.returncode != 0 or not lines:
            pytest.fail(
                f"the SDK driver failed (exit {process.returncode})\n"
                f"stdout: {process.stdout}\nstderr: {process.stderr}",
                pytrace=False,
            )
        output = json.loads(lines[-1])
        return SdkRun(
            authenticate=output["authenticate"],
            steps=output["steps"],
            popups=output["popups"],
            console=output["console"],
            unhandled=output["unhandled"],
            elapsed_ms=output["elapsedMs"],
            stderr=process.stderr,
            sent=output.get("sent", []),
        )

    return run


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if _node_runs:
        terminalreporter.write_line(
            f"paragon SDK fidelity: {len(_node_runs)} Node runs, "
            f"{sum(_node_runs):.1f}s in Node (longest {max(_node_runs):.1f}s)"
        )
