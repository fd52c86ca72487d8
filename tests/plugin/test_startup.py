"""Start-up: the plugin loads under ``-W error`` with autoload disabled (``-p paragon``)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

TEST_FILE = """
def test_me(paragon_fake, paragon_user):
    assert paragon_user.client.get("/sdk/me").json()["userId"] == "user-1"
"""


def test_the_plugin_loads_under_w_error_with_autoload_disabled(tmp_path: Path) -> None:
    (tmp_path / "test_me.py").write_text(TEST_FILE, encoding="utf-8")
    environment = {**os.environ, "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"}
    environment["PYTHONPATH"] = os.pathsep.join(
        [str(Path(__file__).resolve().parents[2]), environment.get("PYTHONPATH", "")]
    )
    command = [sys.executable, "-m", "pytest", "-p", "paragon", "-W", "error", "-q"]
    done = subprocess.run(
        [*command, "-p", "no:cacheprovider", str(tmp_path)],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 passed" in done.stdout
    assert "PytestAssertRewriteWarning" not in done.stdout + done.stderr
