"""Where cassettes live, how they are read, and how they are written: atomically, one at a time.

Reading: our format (:mod:`~pytest_paragon.cassettes.format`), or a VCR.py / pytest-recording
cassette, converted (and redacted) as it is read. Writing: the whole file through
:func:`pytest_paragon.files.write_atomically` (temporary file + rename: a process killed while
recording leaves the previous cassette intact), under an exclusive lock on the cassette's folder
(``fcntl.flock``, or a lock file created with ``O_EXCL`` where there is no ``flock``), and, for a
shared cassette, merged with what another process (an xdist worker) wrote since it was read.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import json
import marshal
import os
import re
import time
from collections import OrderedDict
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from pytest_paragon.cassettes import format as cassette_format
from pytest_paragon.cassettes.convert import from_vcr, is_vcr
from pytest_paragon.cassettes.redact import Redactor

LOCK_TIMEOUT = 60.0
_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]+")


def safe_name(name: str) -> str:
    """``name`` as a file name: anything but letters, digits, ``_.-`` becomes ``-``."""
    cleaned = _UNSAFE.sub("-", name).strip("-.")
    return cleaned or "cassette"


def per_test_path(folder: Path, module: str, test: str) -> Path:
    """``{folder}/{module}/{test}.yaml``: the default, one cassette per test."""
    return folder / safe_name(module) / f"{safe_name(test)}.yaml"


def named_cassette_path(folder: Path, name: str) -> Path:
    """``{folder}/{name}.yaml`` for a cassette shared by name (``/`` keeps sub-folders)."""
    parts = [
        safe_name(part)
        for part in name.replace("\\", "/").split("/")
        if part not in ("", ".", "..")
    ]
    relative = Path(*parts) if parts else Path("cassette")
    return folder / relative.with_suffix(
        relative.suffix if relative.suffix in (".yaml", ".yml") else ".yaml"
    )


def check_inside(path: Path, folder: Path) -> None:
    """Refuse (a usage error) a cassette write that would land outside ``folder``.

    Both are resolved, symlinks included: a ``path=`` with ``..``, an absolute ``dir=`` or a
    symlinked file or sub-folder pointing elsewhere is refused; ``cassette_write_outside``
    allows it.
    """
    from pytest_paragon.errors import ParagonUsageError, Report

    target, root = path.resolve(), folder.resolve()
    if target == root or root not in target.parents or path.is_symlink():
        raise ParagonUsageError(
            Report(
                what=f"Refusing to write the cassette {path}: it is outside the cassette folder",
                where=f"resolves to {target}; the cassette folder is {root}",
                remedy="keep cassettes under the cassette folder (cassette_dir, relative to the "
                "test file's folder; path= inside it), or allow it: cassette_write_outside=true "
                "(--paragon-cassette-write-outside true, or the marker's write_outside=True)",
                anchor="recording-real-traffic",
            )
        )


def read(path: Path, *, redactor: Any = None) -> list[dict[str, Any]] | None:
    """The interactions of the cassette at ``path`` (``None`` when there is no such file).

    A VCR.py cassette is converted (and redacted by ``redactor``) as it is read.
    """
    return read_with_text(path, redactor=redactor)[0]


def read_with_text(
    path: Path, *, redactor: Any = None
) -> tuple[list[dict[str, Any]] | None, str | None]:
    """:func:`read`, and the file's text when it is one of our cassettes as stored (else None)."""
    if not path.exists():
        return None, None
    document, interactions, text = _loaded(path)
    if interactions is not None:
        return interactions, text
    if is_vcr(document):
        return from_vcr(document, path, redactor=redactor), None
    return cassette_format.checked(document, path), None  # the error naming what is wrong


def parsed(path: Path) -> Any:
    """The parsed document of the file at ``path`` (one of our cassettes is type-checked).

    Our JSON cassettes are parsed by the ``json`` module (as fast as any cache could be read);
    a YAML file comes from the parsed-cassette cache when it holds it.
    """
    return _loaded(path)[0]


def _loaded(path: Path) -> tuple[Any, list[dict[str, Any]] | None, str]:
    """The parsed document, its checked interactions (for one of our cassettes), the text."""
    from pytest_paragon.files import read_text

    text = read_text(path, kind="cassette")
    remembered = _MEMORY.recall(text)
    if remembered is not None:
        return remembered, remembered["interactions"], text
    if cassette_format.looks_like_json(text):
        with paused_gc():
            document = cassette_format.load_json(text, path)
        if document is not None:
            if not cassette_format.is_cassette(document):
                return document, None, text
            interactions = cassette_format.checked(document, path, from_json=True)
            _MEMORY.keep(text, document)
            return document, interactions, text
    cached = _cached(text, path)
    if cached is not None:  # JSON types only, as load_json guarantees
        interactions = cassette_format.checked(cached, path, from_json=True)
        _MEMORY.keep(text, cached)
        return cached, interactions, text
    document = load_document(path, text)
    if not cassette_format.is_cassette(document):
        return document, None, text
    interactions = cassette_format.checked(document, path)
    _keep(text, document)
    _MEMORY.keep(text, document)
    return document, interactions, text


class _Memory:
    """Cassettes this process loaded and checked, by their whole text (a bounded LRU).

    A cassette read again in one process (shared by ``name=``, read again to merge a recording,
    one file per test with the same content) is rebuilt from :mod:`marshal` bytes of its checked
    document, about twice as fast as parsing JSON; each reader gets its own objects, so what one
    test changes in its interactions no other sees. Keyed by the text itself: an edited file is
    parsed and checked again.
    """

    LIMIT = 32_000_000
    """Characters of text plus bytes kept at most (the least recently used go first)."""

    def __init__(self) -> None:
        self.entries: OrderedDict[str, bytes] = OrderedDict()
        self.size = 0

    def recall(self, text: str) -> Any:
        data = self.entries.get(text)
        if data is None:
            return None
        self.entries.move_to_end(text)
        return marshal.loads(data)

    def keep(self, text: str, document: Any) -> None:
        try:
            data = marshal.dumps(document)
        except ValueError:  # a YAML value marshal has no form for (a date outside the bodies)
            return
        size = len(text) + len(data)
        if size > self.LIMIT // 16 or text in self.entries:
            return
        self.entries[text] = data
        self.size += size
        while self.size > self.LIMIT:
            old_text, old_data = self.entries.popitem(last=False)
            self.size -= len(old_text) + len(old_data)

    def clear(self) -> None:
        self.entries.clear()
        self.size = 0


_MEMORY = _Memory()


def forget() -> None:
    """Forget the cassettes this process loaded (the next read parses, as a new process would)."""
    _MEMORY.clear()


CACHE_FORMAT = 1
"""Bumped when the cached parsed form of a cassette changes shape."""


def _cache_file(text: str) -> Path:
    from pytest_paragon.contract.loader import cache_dir

    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return cache_dir() / "cassettes" / f"cassette-{CACHE_FORMAT}-{digest}.json"


def _cached(text: str, path: Path) -> Any:
    """The parsed form of a cassette text read before (JSON: reading it executes nothing).

    Keyed by the SHA-256 of the text, so an edited cassette is parsed (and checked) again; it is
    read as strictly as a JSON cassette and type-checked again too. An unreadable or corrupt
    cache only means parsing the YAML.
    """
    from pytest_paragon.files import FileProblem

    try:
        data = _cache_file(text).read_bytes().decode("utf-8")
        document = cassette_format.load_json(data, path)
    except (OSError, ValueError, FileProblem):
        return None
    return document if cassette_format.is_cassette(document) else None


def _keep(text: str, document: Any) -> None:
    """Cache the parsed form, written atomically (a worker never reads half a file)."""
    from pytest_paragon.files import write_atomically

    with contextlib.suppress(OSError, ValueError, TypeError):  # a YAML date is not JSON
        data = json.dumps(document, ensure_ascii=False, allow_nan=False).encode("utf-8")
        if json.loads(data) != document:  # e.g. an integer key: JSON would make it text
            return
        write_atomically(_cache_file(text), data, mode=0o644)


def load_document(path: Path, text: str | None = None) -> Any:
    """The parsed YAML (or JSON) of a cassette file, with every check of the YAML loader.

    The alias-expansion check walks the parser's events, the dearest part of loading; a YAML
    text without any ``&`` cannot define an anchor, hence holds no alias, so it is skipped there.
    The nesting depth is checked on the loaded value, level by level: a recursive alias
    (``&a [*a]``, a list holding itself) is deeper than any bound, refused, never walked forever.
    """
    from pytest_paragon.files import MAX_DEPTH, FileProblem, load_yaml, read_text

    text = read_text(path, kind="cassette") if text is None else text
    with paused_gc():
        if cassette_format.looks_like_json(text):
            document = cassette_format.load_json(text, path)
            if document is not None:
                return document
        document = load_yaml(text, path, kind="cassette", trusted="&" not in text)
        if cassette_format.deeper_than(document, MAX_DEPTH):
            what = f"nested deeper than {MAX_DEPTH} levels"
            if "&" in text:
                what += " (or an alias that holds itself)"
            raise FileProblem.at(path, what, kind="cassette")
    return document


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """The cyclic garbage collector paused while a large document is built or walked.

    Building millions of containers triggers full collections whose cost grows with the heap:
    the superlinear part of loading a large cassette (3x slower at 40 MB). Nothing built here
    holds a reference cycle, so pausing loses nothing; the previous state is restored.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@contextlib.contextmanager
def locked(folder: Path, timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
    """Hold the exclusive write lock of ``folder`` (processes and xdist workers alike)."""
    folder.mkdir(parents=True, exist_ok=True)
    try:
        import fcntl
    except ImportError:  # no flock (Windows): a lock file created exclusively
        with _lock_file(folder / ".paragon-cassettes.lock", timeout):
            yield
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)  # closing releases the lock


@contextlib.contextmanager
def _lock_file(path: Path, timeout: float) -> Iterator[None]:
    deadline = time.monotonic() + timeout
    while True:
        try:
            descriptor = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
            break
        except FileExistsError:
            if time.monotonic() > deadline:
                message = f"the cassette lock {path} is held for over {timeout:g} s"
                raise TimeoutError(message) from None
            time.sleep(0.01)
    try:
        os.write(descriptor, str(os.getpid()).encode())
        os.close(descriptor)
        yield
    finally:
        path.unlink(missing_ok=True)


def write(path: Path, interactions: Sequence[Mapping[str, Any]]) -> None:
    """Write the cassette at ``path`` atomically (the caller holds :func:`locked`)."""
    from pytest_paragon.files import write_atomically

    text = cassette_format.dump(cassette_format.cassette_document(interactions))
    write_atomically(path, text.encode("utf-8"), mode=0o644)


def merged(
    base: Sequence[Mapping[str, Any]],
    on_disk: Sequence[Mapping[str, Any]],
    new: Sequence[Mapping[str, Any]],
) -> list[Mapping[str, Any]]:
    """What to write: the file as it is now, plus ``new`` minus what others added meanwhile.

    ``base`` is the file as this session read it; an interaction another writer added since
    then, equal to one of ``new``, is not written twice.
    """
    others = list(on_disk[len(base) :]) if list(on_disk[: len(base)]) == list(base) else []
    result = list(on_disk)
    for interaction in new:
        if interaction in others:
            others.remove(interaction)
            continue
        result.append(interaction)
    return result


def convert_file(
    source: str | Path, target: str | Path, *, redactor: Redactor | None = None
) -> int:
    """Convert the VCR.py cassette ``source`` into ours at ``target``; the interactions written."""
    origin = Path(source)
    document = load_document(origin)
    if not is_vcr(document):
        raise cassette_format.CassetteError.at_place(
            origin, "the document", "is not a VCR.py / pytest-recording cassette"
        )
    interactions = from_vcr(document, origin, redactor=redactor)
    destination = Path(target)
    with locked(destination.parent):
        write(destination, interactions)
    return len(interactions)
