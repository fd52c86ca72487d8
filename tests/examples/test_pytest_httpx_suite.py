"""The example client's pytest-httpx suite (skipped without pytest-httpx, the bench extra)."""

from examples.paragon_client.tests_pytest_httpx.test_client import *  # noqa: F403
