"""Loading the plugin imports no heavy library: the plugin costs nothing until used."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

HEAVY = ("httpx", "respx", "pydantic", "hypothesis", "schemathesis", "uvicorn", "yaml", "jwt")

PROBE = f"""
import json, sys
import pytest
status = pytest.main(["-p", "paragon", "--co", "-q", sys.argv[1]])
loaded = sorted(m for m in sys.modules if m.split(".")[0] in {HEAVY!r})
print(json.dumps({{"status": int(status), "loaded": loaded}}))
"""


def test_collecting_with_the_plugin_imports_no_heavy_library(tmp_path: Path) -> None:
    (tmp_path / "test_trivial.py").write_text("def test_nothing():\n    assert True\n")
    env = {**os.environ, "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"}
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(tmp_path)],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        check=False,
    )
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["status"] == 0, done.stdout + done.stderr
    assert "1 test collected" in done.stdout
    assert result["loaded"] == []
