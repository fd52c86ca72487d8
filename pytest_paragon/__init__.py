"""pytest-paragon: test code that talks to Paragon, offline.

The public facade. Heavy parts (models, the fake, strategies) are imported from their own
modules, e.g. ``from pytest_paragon.models import Credential``.
"""

from __future__ import annotations

__version__ = "0.1.0"

from pytest_paragon.errors import ContractError, ParagonError, ParagonUsageError

__all__ = [
    # errors
    "ContractError",
    "ParagonError",
    "ParagonUsageError",
    # metadata
    "__version__",
]
