"""The ``pytest.StashKey``s that carry per-test state between the plugin's hooks and fixtures.

Their own module, so that the plugin, the fixtures and the optional hook modules (coverage, the
contract suite) can all reach them without importing one another.
"""

from __future__ import annotations

from typing import Any

import pytest

FAKE_KEY = pytest.StashKey[Any]()
"""The test's ``FakeParagon``, set by the ``paragon_fake`` fixture."""
INTERCEPTION_KEY = pytest.StashKey[Any]()
"""The ``Interception`` of the test's ``paragon_fake`` (a cassette answers in front of the fake)."""
CASSETTE_KEY = pytest.StashKey[Any]()
"""The test's ``CassetteSession``, set by the ``paragon_cassette`` fixture."""
