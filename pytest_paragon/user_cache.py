"""What pytest-paragon keeps in the user's cache folder, and when a kept file is trusted.

The machine's test signing key (:meth:`pytest_paragon.tokens.SigningKey.cached`) and the pickled
default project (:func:`pytest_paragon.fake.base.catalogue.default_project`) live in the cache
folder of the parsed contract. A kept file is read only when it is this user's own regular file
that no one else may write (for the key: nor read); anything else is reported as absent, and the
caller makes (and keeps) a new one.
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


def trusted_bytes(path: Path, *, private: bool) -> bytes | None:
    """``path``'s bytes if it is this user's regular file that no one else may write.

    ``private``: nor read (a secret). None when missing, unreadable or not to be trusted.
    """
    shared = (stat.S_IRWXG | stat.S_IRWXO) if private else (stat.S_IWGRP | stat.S_IWOTH)
    try:
        facts = path.lstat()
        if not stat.S_ISREG(facts.st_mode) or facts.st_mode & shared:
            return None
        if hasattr(os, "getuid") and facts.st_uid != os.getuid():
            return None
        return path.read_bytes()
    except OSError:
        return None


def read_trusted_key(path: Path, bits: int) -> rsa.RSAPrivateKey | None:
    """The RSA key kept at ``path``, or None when it is missing, damaged or not to be trusted."""
    data = trusted_bytes(path, private=True)
    if data is None:
        return None
    try:
        # OpenSSL's full check of the primes costs as much as making a key; a signature
        # verified with the public half proves the pair consistent for a millisecond.
        key = serialization.load_pem_private_key(
            data, password=None, unsafe_skip_rsa_key_validation=True
        )
        if isinstance(key, rsa.RSAPrivateKey) and key.key_size == bits:
            _prove_pair(key)
            return key
    except (ValueError, TypeError, UnsupportedAlgorithm, InvalidSignature):
        pass  # damaged
    return None


def _prove_pair(key: rsa.RSAPrivateKey) -> None:
    """Raise :class:`InvalidSignature` unless ``key`` signs what its public half verifies."""
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding

    message = b"pytest-paragon signing key check"
    signature = key.sign(message, padding.PKCS1v15(), hashes.SHA256())
    key.public_key().verify(signature, message, padding.PKCS1v15(), hashes.SHA256())
