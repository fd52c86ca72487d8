"""The ONE secret detector and redactor, shared by the cassettes and the served fake's admin API.

- :mod:`~pytest_paragon.redaction.rules`: what a secret is (names and value formats).
- :mod:`~pytest_paragon.redaction.redactor`: :class:`Redactor`, which walks every placement of
  an interaction (or any JSON document) and puts stable placeholders in.
- :mod:`~pytest_paragon.redaction.bodies`: base64, gzip, deflate and br bodies decoded for it.
- :mod:`~pytest_paragon.redaction.placeholders`: what a redacted value becomes, read and filled.

Imports only the standard library: the cassettes, the fake's admin API and the recorder's
messages all use it.
"""

from __future__ import annotations
