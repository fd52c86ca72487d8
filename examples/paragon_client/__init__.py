"""An example Paragon client, as a team would write it with async httpx.

It is the code under test of ``examples/paragon_client/tests_readme_way`` (pytest-paragon, written
the README's way) and ``tests_pytest_httpx`` (the same behaviours with pytest-httpx), and what
``python -m benchmarks.bench_mutation`` mutates.
"""

from examples.paragon_client.client import ParagonClient, ProviderError, make_receiver

__all__ = ["ParagonClient", "ProviderError", "make_receiver"]
