"""The example client's README-way suite runs with the others (bench_mutation uses it)."""

from examples.paragon_client.tests_readme_way.test_client import *  # noqa: F403
