"""Record and replay of real Paragon traffic: cassettes redacted, matched by claims, checked.

- :mod:`~pytest_paragon.cassettes.format`: the file (versioned YAML, JSON bodies as structures,
  binary bodies in base64, stable key order) and its strict loading.
- :mod:`~pytest_paragon.cassettes.redact`: secrets out before anything reaches the disk; a
  redacted JWT keeps its ``sub``, ``aud`` and ``exp`` claims readable.
- :mod:`~pytest_paragon.cassettes.match`: requests matched by method, host, path template, query,
  JSON body and token claims (never the raw token); order-aware for repeats.
- :mod:`~pytest_paragon.cassettes.recorder`: :class:`CassetteSession`, an answering layer in front
  of the fake on the same interception of httpx and requests; record modes ``none``, ``once``,
  ``new_episodes``, ``all``, ``rewrite``.
- :mod:`~pytest_paragon.cassettes.store`: atomic writes, a lock for shared cassettes (xdist).
- :mod:`~pytest_paragon.cassettes.verify` and :mod:`~pytest_paragon.cassettes.convert`: the
  ``pytest-paragon cassettes verify|convert`` commands (secrets and contract; VCR.py migration).

Nothing here imports pytest: a :class:`CassetteSession` works in a plain script too.
"""

from __future__ import annotations

from pytest_paragon.settings import RECORD_MODES

__all__ = ["RECORD_MODES"]
