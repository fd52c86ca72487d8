"""Where `SigningKey.cached` (:mod:`pytest_paragon.tokens`) keeps the test key, and reading it.

A kept key file is trusted only when it is this user's own regular file that no one else may read
or write, holds an RSA private key of the expected size, and signs what its public half verifies.
Anything else is reported as absent, and the caller makes (and keeps) a new key.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa


def cache_path(folder: str | Path | None, name: str) -> Path | None:
    """``folder / name``; ``folder`` defaults to the contract's cache folder (None: no home)."""
    if folder is None:
        from pytest_paragon.contract.loader import cache_dir

        try:
            folder = cache_dir()
        except RuntimeError:  # no home folder to find the cache in
            return None
    return Path(folder) / name


def read_trusted_key(path: Path, bits: int) -> rsa.RSAPrivateKey | None:
    """The RSA key kept at ``path``, or None when it is missing, damaged or not to be trusted."""
    try:
        facts = path.lstat()
        trusted = (
            stat.S_ISREG(facts.st_mode)
            and not facts.st_mode & (stat.S_IRWXG | stat.S_IRWXO)
            and (not hasattr(os, "getuid") or facts.st_uid == os.getuid())
        )
        if not trusted:
            return None
        # OpenSSL's full check of the primes costs as much as making a key; a signature
        # verified with the public half proves the pair consistent for a millisecond.
        key = serialization.load_pem_private_key(
            path.read_bytes(), password=None, unsafe_skip_rsa_key_validation=True
        )
        if isinstance(key, rsa.RSAPrivateKey) and key.key_size == bits:
            _prove_pair(key)
            return key
    except (OSError, ValueError, TypeError, UnsupportedAlgorithm, InvalidSignature):
        pass  # missing, unreadable or damaged
    return None


def _prove_pair(key: rsa.RSAPrivateKey) -> None:
    """Raise :class:`InvalidSignature` unless ``key`` signs what its public half verifies."""
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding

    message = b"pytest-paragon signing key check"
    signature = key.sign(message, padding.PKCS1v15(), hashes.SHA256())
    key.public_key().verify(signature, message, padding.PKCS1v15(), hashes.SHA256())
