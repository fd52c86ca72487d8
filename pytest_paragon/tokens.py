"""Paragon User Tokens: RS256 signing keys, minting, verification and bad tokens for tests.

No pytest here. A :class:`SigningKey` keeps the key objects (re-parsing a PEM for each signature
costs about 100 signatures). :class:`TokenVerifier` checks a token as strictly as a careful server:
RS256 only, signature, ``sub``, ``iat`` and ``exp`` required (Paragon's docs: a token "minimally
must include sub, iat and exp"), ``nbf``/``iat`` not in the future,
``aud`` equal to ``useparagon.com/{projectId}`` when present. Verified tokens are cached by token
string; the time-dependent checks still run on every call against the injected clock.
"""

from __future__ import annotations

import base64
import functools
import json
import math
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jwt
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from pytest_paragon.errors import ParagonError, ParagonWarning, Report

PERMISSIONS_CLAIM = "urn:useparagon:connect:permissions"
DEFAULT_TTL_SECONDS = 3600


class SigningKeyWarning(ParagonWarning):
    """A signing key that works but should not be used: weak, or readable by others."""


def _warn(message: str) -> None:
    import warnings

    warnings.warn(message, SigningKeyWarning, stacklevel=3)


def audience_for(project_id: str) -> str:
    """The ``aud`` value Paragon expects for ``project_id``."""
    return f"useparagon.com/{project_id}"


CACHED_KEY_NAME = "signing-key-v1.pem"
"""The file of :meth:`SigningKey.cached` in the cache folder."""
CACHED_KEY_BITS = 2048

MINT_CACHE_SIZE = 1024
"""Minted tokens kept per key (cleared when full)."""


class SigningKey:
    """An RSA key pair that signs Paragon User Tokens (RS256)."""

    def __init__(self, private_key: rsa.RSAPrivateKey) -> None:
        """Wrap an existing private key object."""
        self.private_key = private_key
        self.public_key = private_key.public_key()
        self._minted: dict[str, str] = {}  # canonical payload + headers -> token

    @classmethod
    def generate(cls, key_size: int = 2048) -> SigningKey:
        """A fresh RSA key pair (2048 bits by default)."""
        return cls(rsa.generate_private_key(public_exponent=65537, key_size=key_size))

    @classmethod
    def cached(cls, folder: str | Path | None = None) -> SigningKey:
        """The machine's test key: a 2048-bit RSA key generated once, kept in the user cache.

        Generating an RSA key costs tens to hundreds of milliseconds, the largest share of a
        short test session's start. The key is kept as ``signing-key-v1.pem`` in ``folder``
        (default: the cache of the parsed contract, ``$PYTEST_PARAGON_CACHE_DIR`` or
        ``~/.cache/pytest-paragon``), written atomically with mode 0600. A file that is not a
        regular file of this user, is readable by others or is not a 2048-bit RSA private key
        is never used: a new key replaces it. An unwritable cache only means a key per call.
        """
        from pytest_paragon.user_cache import cache_path, read_trusted_key

        path = cache_path(folder, CACHED_KEY_NAME)
        if path is None:  # no home folder to find the cache in
            return cls.generate(CACHED_KEY_BITS)
        kept = read_trusted_key(path, CACHED_KEY_BITS)
        if kept is not None:
            return cls(kept)
        made = cls.generate(CACHED_KEY_BITS)
        try:
            from pytest_paragon.files import write_atomically

            write_atomically(path, made.private_pem(), mode=0o600)
        except (OSError, ValueError):
            pass
        return made

    @classmethod
    def from_pem(cls, pem: bytes | str, password: bytes | None = None) -> SigningKey:
        """Load a PEM-encoded RSA private key."""
        return cls._load(pem.encode() if isinstance(pem, str) else pem, password, where=None)

    @classmethod
    def from_file(cls, path: str | Path, password: bytes | None = None) -> SigningKey:
        """Load the private key PEM stored at ``path``.

        Warns (:class:`SigningKeyWarning`) when the file is readable by other users or the key
        is shorter than 2048 bits: both are refused by careful servers and leak tokens.
        """
        import stat

        from pytest_paragon.files import FileProblem, read_text

        try:
            data = read_text(path, kind="signing key").encode()
        except FileProblem as problem:
            raise ParagonError(problem.report) from None
        key = cls._load(data, password, where=str(path))
        mode = Path(path).stat().st_mode
        if mode & (stat.S_IRGRP | stat.S_IROTH):
            _warn(f"{path}: the signing key is readable by other users (chmod 600 {path})")
        return key

    @classmethod
    def _load(cls, data: bytes, password: bytes | None, *, where: str | None) -> SigningKey:
        try:
            key = serialization.load_pem_private_key(data, password=password)
        except (ValueError, TypeError, UnsupportedAlgorithm) as exc:
            reason = str(exc)
            if password is not None and b"ENCRYPTED" in data:
                # A wrong password decrypts to garbage: cryptography reports a bad padding
                # ("Incorrect password") or, when the padding happens to look valid, an ASN.1
                # error. Both mean the same thing to the user.
                reason = f"the password does not decrypt it (wrong password, or damaged): {exc}"
            raise ParagonError(
                Report(what=f"Not a usable private key PEM: {reason}", where=where, anchor="tokens")
            ) from None
        if not isinstance(key, rsa.RSAPrivateKey):
            raise ParagonError(
                Report(
                    what="Paragon User Tokens are RS256: the signing key must be an RSA key",
                    where=where,
                    received=type(key).__name__,
                    anchor="tokens",
                )
            )
        if key.key_size < 2048:
            _warn(
                f"{where or 'the signing key'}: an RSA key of {key.key_size} bits is too weak; "
                "use 2048 bits or more (Paragon's own keys are 2048-bit)"
            )
        return cls(key)

    def private_pem(self) -> bytes:
        """The private key as unencrypted PKCS#8 PEM."""
        return self.private_key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )

    def public_pem(self) -> bytes:
        """The public key as SubjectPublicKeyInfo PEM."""
        return self.public_key.public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )

    def mint(
        self,
        sub: str | None,
        *,
        project_id: str | None = None,
        ttl: float = DEFAULT_TTL_SECONDS,
        now: float | None = None,
        audience: bool | str = False,
        permissions: Mapping[str, Any] | None = None,
        claims: Mapping[str, Any] | None = None,
        headers: Mapping[str, Any] | None = None,
    ) -> str:
        """Sign a user token for ``sub``.

        ``audience=True`` adds ``aud = useparagon.com/{project_id}``; a string sets ``aud`` as
        given. ``permissions`` becomes the ``urn:useparagon:connect:permissions`` claim. ``claims``
        are added last (a ``None`` value removes a claim, to build tokens without ``sub``/``exp``).
        """
        issued = time.time() if now is None else now
        # Whole seconds: ``iat`` rounds down and the lifetime up, so a token minted with ``ttl > 0``
        # is valid at ``now`` and an integral ``ttl`` gives ``exp - iat == ttl`` exactly.
        iat = math.floor(issued)
        payload: dict[str, Any] = {"sub": sub, "iat": iat, "exp": iat + math.ceil(ttl)}
        if audience is True:
            if project_id is None:
                raise ParagonError("audience=True needs the project_id")
            payload["aud"] = audience_for(project_id)
        elif isinstance(audience, str):
            payload["aud"] = audience
        if permissions is not None:
            payload[PERMISSIONS_CLAIM] = dict(permissions)
        payload.update(claims or {})
        payload = {key: value for key, value in payload.items() if value is not None}
        # RS256 (PKCS#1 v1.5) signatures are deterministic: the same payload and headers give the
        # same token, so a token minted again within the same second is taken from the cache.
        try:
            cache_key = json.dumps([payload, headers or {}], sort_keys=True)
        except (TypeError, ValueError):  # claims that are not JSON: jwt.encode will say so
            cache_key = None
        cached = self._minted.get(cache_key) if cache_key is not None else None
        if cached is not None:
            return cached
        token = jwt.encode(
            payload, self.private_key, algorithm="RS256", headers=dict(headers or {})
        )
        if cache_key is not None:
            if len(self._minted) >= MINT_CACHE_SIZE:
                self._minted.clear()
            self._minted[cache_key] = token
        return token


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


@functools.cache
def second_key() -> SigningKey:
    """The process's one key that is not the fake's, for :meth:`BadTokens.wrong_signature`."""
    return SigningKey.generate()


@dataclass(frozen=True)
class BadTokens:
    """Tokens a careful server must refuse, each built on purpose for one reason.

    Use :meth:`all` to parametrize a test over every one of them.
    """

    key: SigningKey
    project_id: str
    sub: str = "user-bad-token"
    now: Callable[[], float] = field(default=time.time)

    def expired(self) -> str:
        """Signed correctly, ``exp`` an hour ago."""
        return self.key.mint(self.sub, now=self.now() - 7200, ttl=3600)

    def not_yet_valid(self) -> str:
        """Signed correctly, ``nbf`` and ``iat`` an hour from now."""
        later = self.now() + 3600
        return self.key.mint(self.sub, now=later, claims={"nbf": int(later)})

    def wrong_signature(self) -> str:
        """Signed by another key (one per process, made on first use: RSA keys are slow)."""
        return second_key().mint(self.sub, now=self.now())

    def alg_none(self) -> str:
        """Unsigned (``alg: none``); the SDK accepts it client-side, a server must not."""
        header = _b64(json.dumps({"alg": "none", "typ": "JWT"}).encode())
        now = int(self.now())
        body = _b64(json.dumps({"sub": self.sub, "iat": now, "exp": now + 3600}).encode())
        return f"{header}.{body}."

    def hs256_with_public_key(self) -> str:
        """HS256 with the public key PEM as the HMAC secret (the algorithm-confusion attack)."""
        now = int(self.now())
        header = _b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
        body = _b64(json.dumps({"sub": self.sub, "iat": now, "exp": now + 3600}).encode())
        import hashlib
        import hmac

        signing_input = f"{header}.{body}".encode()
        digest = hmac.new(self.key.public_pem(), signing_input, hashlib.sha256).digest()
        return f"{header}.{body}.{_b64(digest)}"

    def tampered_payload(self) -> str:
        """A valid token whose payload was changed after signing (``sub`` swapped)."""
        header, _, signature = self.key.mint(self.sub, now=self.now()).split(".")
        now = int(self.now())
        forged = {"sub": "someone-else", "iat": now, "exp": now + 3600}
        return f"{header}.{_b64(json.dumps(forged).encode())}.{signature}"

    def missing_sub(self) -> str:
        """Signed correctly, without ``sub``."""
        return self.key.mint(None, now=self.now())

    def missing_exp(self) -> str:
        """Signed correctly, without ``exp`` (the SDK counts it as expired)."""
        return self.key.mint(self.sub, now=self.now(), claims={"exp": None})

    def missing_iat(self) -> str:
        """Signed correctly, without ``iat`` (Paragon's docs list it among the required claims)."""
        return self.key.mint(self.sub, now=self.now(), claims={"iat": None})

    def wrong_audience(self) -> str:
        """Signed correctly, for another project's audience."""
        return self.key.mint(self.sub, now=self.now(), audience=audience_for("another-project"))

    def garbage(self) -> str:
        """Not a JWT at all."""
        return "not-a-jwt"

    def all(self) -> dict[str, str]:
        """Every bad token by name."""
        names = (
            "expired",
            "not_yet_valid",
            "wrong_signature",
            "alg_none",
            "hs256_with_public_key",
            "tampered_payload",
            "missing_sub",
            "missing_exp",
            "missing_iat",
            "wrong_audience",
            "garbage",
        )
        return {name: getattr(self, name)() for name in names}


@dataclass(frozen=True)
class VerifiedToken:
    """The claims of a token that passed verification."""

    claims: Mapping[str, Any]

    @property
    def sub(self) -> str:
        """The Connected User id."""
        return str(self.claims["sub"])

    @property
    def permissions(self) -> Mapping[str, Any] | None:
        """The JWT permissions claim, or ``None`` when the token carries none."""
        value = self.claims.get(PERMISSIONS_CLAIM)
        return value if value is not None and isinstance(value, Mapping) else None


class TokenRejected(ParagonError):
    """A token failed verification; ``reason`` is the short text sent in the 401 body."""

    def __init__(self, reason: str) -> None:
        """Keep the reason for the HTTP error body."""
        self.reason = reason
        super().__init__(Report(what=f"User token rejected: {reason}", anchor="tokens"))


MAX_NUMERIC_DATE = 253_402_300_799  # 9999-12-31T23:59:59Z: later dates are not dates


def _is_numeric_date(value: Any) -> bool:
    """RFC 7519 NumericDate: a number (not a bool), finite, within the years 0-9999."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    if isinstance(value, int):
        return abs(value) <= MAX_NUMERIC_DATE
    return math.isfinite(value) and abs(value) <= MAX_NUMERIC_DATE


class _Refused(dict[str, Any]):
    """A token the signature check refused, kept in the cache beside verified claims."""


_SHARED_CACHES: dict[tuple[int, str], tuple[Any, dict[str, Mapping[str, Any]]]] = {}
_SHARED_KEYS_MAX = 16


def _shared_cache(public_key: Any, project_id: str) -> dict[str, Mapping[str, Any]]:
    """The signature-checked claims by token for one key and project, shared by every verifier.

    Every test's fake makes its own verifier with the session's key; sharing the cache means a
    token is signature-checked once per session. The key object is kept alive with its cache, so
    its ``id`` cannot be reused; times are checked on every call, never cached.
    """
    entry = _SHARED_CACHES.get((id(public_key), project_id))
    if entry is None or entry[0] is not public_key:
        if len(_SHARED_CACHES) >= _SHARED_KEYS_MAX:
            _SHARED_CACHES.clear()
        entry = _SHARED_CACHES[(id(public_key), project_id)] = (public_key, {})
    return entry[1]


class TokenVerifier:
    """Verify user tokens for one project, caching signature checks by token string."""

    def __init__(
        self,
        public_key: rsa.RSAPublicKey,
        *,
        project_id: str,
        clock: Callable[[], float] = time.time,
        leeway: float = 0.0,
        cache_size: int = 4096,
    ) -> None:
        """Verify against ``public_key``; ``clock`` returns the current Unix time."""
        self.public_key = public_key
        self.project_id = project_id
        self.clock = clock
        self.leeway = leeway
        self._cache = _shared_cache(public_key, project_id)
        self._cache_size = cache_size

    def verify(self, token: str) -> VerifiedToken:
        """Return the verified claims or raise :class:`TokenRejected`.

        What the signature check decides (claims, or a refusal: bad signature, malformed, wrong
        algorithm or audience) depends on the token's text, the key and the project only, so it
        is kept by token; the times are checked at every call.
        """
        claims = self._cache.get(token)
        if claims is None:
            try:
                claims = self._decode(token)
            except TokenRejected as rejected:
                claims = _Refused(reason=rejected.reason)
            if len(self._cache) >= self._cache_size:
                self._cache.clear()
            self._cache[token] = claims
        if type(claims) is _Refused:
            raise TokenRejected(claims["reason"])
        self._check_times(claims)
        return VerifiedToken(claims)

    def _decode(self, token: str) -> Mapping[str, Any]:
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError:
            raise TokenRejected("malformed token") from None
        if header.get("alg") != "RS256":
            raise TokenRejected(f"algorithm {header.get('alg')!r} is not accepted (RS256 only)")
        try:
            claims: dict[str, Any] = jwt.decode(
                token,
                self.public_key,
                algorithms=["RS256"],
                options={
                    "verify_exp": False,
                    "verify_nbf": False,
                    "verify_iat": False,
                    "verify_aud": False,
                    "verify_iss": False,
                },
            )
        except jwt.InvalidSignatureError:
            raise TokenRejected("invalid signature") from None
        except jwt.PyJWTError as exc:
            raise TokenRejected(f"malformed token ({exc})") from None
        if not isinstance(claims.get("sub"), str) or not claims["sub"]:
            raise TokenRejected("missing sub claim")
        if "exp" not in claims:
            raise TokenRejected("missing exp claim")
        for name in ("exp", "nbf", "iat"):
            if name in claims and not _is_numeric_date(claims[name]):
                raise TokenRejected(
                    f"{name} claim is not a NumericDate (a finite number of seconds)"
                )
        if "iat" not in claims:  # Paragon documents sub, iat and exp as the minimal claims
            raise TokenRejected("missing iat claim")
        if "aud" in claims:
            audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
            if audience_for(self.project_id) not in audiences:
                raise TokenRejected(f"audience {claims['aud']!r} is not this project's")
        return claims

    def _check_times(self, claims: Mapping[str, Any]) -> None:
        now = self.clock()
        if now >= float(claims["exp"]) + self.leeway:
            raise TokenRejected("token expired")
        for name in ("nbf", "iat"):
            value = claims.get(name)
            if isinstance(value, int | float) and now + self.leeway < float(value):
                raise TokenRejected(f"token not yet valid ({name} in the future)")
