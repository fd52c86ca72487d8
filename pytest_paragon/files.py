"""Reading and writing the files pytest-paragon trusts least and most: safely, and atomically.

Reading (project files, contracts, cassettes): only regular files (a directory, a device such as
``/dev/zero`` or a FIFO is refused before it is opened, so nothing blocks or reads forever), UTF-8
text with the place of a bad byte, and YAML through PyYAML's C-accelerated *safe* loader with the
dangers of YAML bounded: duplicate keys are refused (PyYAML keeps the last silently), nesting depth
and alias expansion are bounded (a 646-byte "billion laughs" file expands to gigabytes), and an
integer too long to convert is an error at its line. Every problem is one :class:`FileProblem`
naming the file and the place.

Writing: :func:`write_atomically` writes a temporary file in the same folder, fsyncs it, renames
it over the target and fsyncs the folder, so a crash at any moment leaves either the old file or
the new one; :func:`clean_stale_temporaries` removes what a killed writer left behind.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
import time
from pathlib import Path
from typing import Any

from pytest_paragon.errors import ParagonError, Report

MAX_DEPTH = 64
"""Deepest nesting of mappings and lists accepted in a YAML or JSON file."""

MAX_EXPANDED_NODES = 2_000_000
"""Most nodes a YAML document may expand to once its aliases are followed."""

_TEMPORARY_SUFFIX = ".partial"


class FileProblem(ParagonError):
    """A file cannot be read or parsed; the message names the file and the place."""

    def __init__(self, report: Report, *, path: Path) -> None:
        """Remember which file failed."""
        self.path = path
        super().__init__(report)

    @classmethod
    def at(
        cls,
        path: Path,
        what: str,
        *,
        line: int | None = None,
        column: int | None = None,
        kind: str = "file",
    ) -> FileProblem:
        """``what`` is wrong with ``path`` (at ``line`` and ``column`` when known)."""
        where = str(path)
        if line is not None:
            where += f":{line}" + (f":{column}" if column is not None else "")
        return cls(
            Report(
                what=f"Cannot load the {kind}: {what}",
                where=where,
                remedy="fix the file at that place; nothing was changed",
            ),
            path=path,
        )


def read_text(path: str | Path, *, kind: str = "file") -> str:
    """The UTF-8 text of the regular file ``path``; anything else is a :class:`FileProblem`."""
    source = Path(path)
    try:
        info = source.stat()
    except FileNotFoundError:
        raise FileProblem.at(source, "no such file", kind=kind) from None
    except OSError as error:
        raise FileProblem.at(source, error.strerror or str(error), kind=kind) from None
    if stat.S_ISDIR(info.st_mode):
        raise FileProblem.at(source, "it is a directory, not a file", kind=kind)
    if not stat.S_ISREG(info.st_mode):
        raise FileProblem.at(source, f"it is not a regular file (a {_file_type(info)})", kind=kind)
    try:
        data = source.read_bytes()
    except OSError as error:
        raise FileProblem.at(source, error.strerror or str(error), kind=kind) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        byte = data[error.start : error.start + 1].hex()
        raise FileProblem.at(
            source, f"not UTF-8 text: byte 0x{byte} at offset {error.start}", line=line, kind=kind
        ) from None


def _file_type(info: os.stat_result) -> str:
    mode = info.st_mode
    if stat.S_ISFIFO(mode):
        return "FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    if stat.S_ISSOCK(mode):
        return "socket"
    return "special file"


# -- YAML ----------------------------------------------------------------------------------------


def _yaml() -> Any:
    """PyYAML, as its C extension knows it.

    An extension module is initialised once per process: when ``yaml`` is imported again (as
    pytester's in-process runs do), the C parser still builds the *first* import's node and error
    classes. Using that import's loaders, events and errors keeps the two in step.
    """
    import yaml

    try:
        from yaml import _yaml as c_yaml
    except ImportError:  # pure-Python PyYAML
        return yaml
    return getattr(c_yaml, "yaml", yaml)


def _loader_class(yaml: Any) -> type[Any]:
    """A safe loader (C-accelerated where available) that refuses duplicate keys and huge ints."""
    ConstructorError = yaml.constructor.ConstructorError

    base: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class StrictSafeLoader(base):  # type: ignore[misc]
        """Safe loading; a key given twice in one mapping is an error, not a silent overwrite."""

        def construct_mapping(self, node: Any, deep: bool = False) -> dict[Any, Any]:
            seen: dict[Any, Any] = {}
            for key_node, _ in node.value:
                key = self.construct_object(key_node, deep=True)
                with contextlib.suppress(TypeError):  # unhashable keys: SafeConstructor says so
                    if key in seen:
                        raise ConstructorError(
                            "while constructing a mapping",
                            node.start_mark,
                            f"found duplicate key {key!r} (first at line "
                            f"{seen[key].start_mark.line + 1})",
                            key_node.start_mark,
                        )
                    seen[key] = key_node
            return dict(super().construct_mapping(node, deep=deep))

        def construct_yaml_int(self, node: Any) -> int:
            try:
                return int(super().construct_yaml_int(node))
            except ValueError as error:  # more digits than int() converts
                raise ConstructorError(
                    None, None, f"integer too large ({_digits(error)})", node.start_mark
                ) from None

    StrictSafeLoader.add_constructor(
        "tag:yaml.org,2002:map",
        StrictSafeLoader.construct_mapping,
    )
    StrictSafeLoader.add_constructor(
        "tag:yaml.org,2002:int",
        StrictSafeLoader.construct_yaml_int,
    )
    return StrictSafeLoader


def _digits(error: ValueError) -> str:
    """``value has 5000 digits`` from int()'s digit-limit error, without its Python advice."""
    text = str(error)
    return text.split(": ", 1)[1].split(";", 1)[0] if ": " in text else text


_LOADER: type[Any] | None = None
_LOADER_YAML: Any = None


def _check_shape(yaml: Any, text: str, loader: type[Any], path: Path, kind: str) -> None:
    """Bound nesting depth and alias expansion by walking the parser's events (no recursion)."""
    sizes: dict[str, int] = {}
    stack: list[list[Any]] = [[None, 0]]  # [anchor, expanded node count] per open collection
    total = 0  # nodes of the document once every alias is expanded, so far
    for event in yaml.parse(text, Loader=loader):
        added = 0
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            stack.append([event.anchor, 1])
            added = 1
            if len(stack) - 1 > MAX_DEPTH:
                raise FileProblem.at(
                    path,
                    f"nested deeper than {MAX_DEPTH} levels",
                    line=_line(event),
                    kind=kind,
                )
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            anchor, size = stack.pop()
            if anchor is not None:
                sizes[anchor] = size
            stack[-1][1] += size
        elif isinstance(event, yaml.ScalarEvent):
            if event.anchor is not None:
                sizes[event.anchor] = 1
            stack[-1][1] += 1
            added = 1
        elif isinstance(event, yaml.AliasEvent):
            added = sizes.get(event.anchor or "", 1)
            stack[-1][1] += added
        total += added
        if total > MAX_EXPANDED_NODES:
            raise FileProblem.at(
                path,
                f"its aliases expand to over {MAX_EXPANDED_NODES:,} nodes (a YAML alias bomb?)",
                line=_line(event),
                kind=kind,
            )


def _line(event: Any) -> int | None:
    mark = getattr(event, "start_mark", None)
    return mark.line + 1 if mark is not None else None


def load_yaml(text: str, path: str | Path, *, kind: str = "file", trusted: bool = False) -> Any:
    """Parse ``text`` (read from ``path``) as YAML, safely; ``trusted`` skips the shape check."""
    global _LOADER, _LOADER_YAML
    yaml = _yaml()
    if _LOADER is None or _LOADER_YAML is not yaml:
        _LOADER, _LOADER_YAML = _loader_class(yaml), yaml
    source = Path(path)
    try:
        if not trusted:
            _check_shape(yaml, text, _LOADER, source, kind)
        return yaml.load(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = " ".join(part for part in (error.context, error.problem) if part)
        raise FileProblem.at(
            source,
            f"not valid YAML: {problem}",
            line=mark.line + 1 if mark is not None else None,
            column=mark.column + 1 if mark is not None else None,
            kind=kind,
        ) from None
    except yaml.YAMLError as error:
        raise FileProblem.at(source, f"not valid YAML: {error}", kind=kind) from None
    except RecursionError:
        raise FileProblem.at(source, "nested too deeply", kind=kind) from None


def load_json(text: str, path: str | Path, *, kind: str = "file") -> Any:
    """Parse ``text`` as JSON: no NaN/Infinity, bounded depth, integers that convert."""
    import json

    source = Path(path)

    def refuse_constant(name: str) -> Any:
        raise ValueError(f"{name} is not JSON")

    try:
        value = json.loads(text, parse_constant=refuse_constant)
    except json.JSONDecodeError as error:
        raise FileProblem.at(
            source, f"not valid JSON: {error.msg}", line=error.lineno, kind=kind
        ) from None
    except RecursionError:
        raise FileProblem.at(source, "nested too deeply", kind=kind) from None
    except ValueError as error:  # NaN, Infinity, or an integer over int()'s digit limit
        reason = str(error) if "NaN" in str(error) or "Infinity" in str(error) else None
        raise FileProblem.at(
            source,
            f"not valid JSON: {reason or f'integer too large ({_digits(error)})'}",
            kind=kind,
        ) from None
    if depth(value) > MAX_DEPTH:
        raise FileProblem.at(source, f"nested deeper than {MAX_DEPTH} levels", kind=kind)
    return value


def depth(value: Any) -> int:
    """How deeply ``value``'s dicts and lists nest (iteratively: no recursion limit)."""
    deepest = 0
    pending: list[tuple[Any, int]] = [(value, 0)]
    while pending:
        item, level = pending.pop()
        if isinstance(item, dict):
            children: Any = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        deepest = max(deepest, level + 1)
        pending.extend((child, level + 1) for child in children)
    return deepest


def load_data_file(path: str | Path, *, kind: str = "file", trusted: bool = False) -> Any:
    """Read and parse a YAML or JSON file (by suffix) with every check of this module."""
    source = Path(path)
    text = read_text(source, kind=kind)
    if source.suffix.lower() == ".json":
        return load_json(text, source, kind=kind)
    return load_yaml(text, source, kind=kind, trusted=trusted)


# -- writing -------------------------------------------------------------------------------------


def _temporary_prefix(path: Path) -> str:
    return f".{path.name}."


def write_atomically(path: str | Path, data: bytes, *, mode: int = 0o600) -> None:
    """Write ``data`` to ``path`` so that a crash at any moment leaves the old or the new file.

    The temporary file is named ``.<name>.<pid>.<random>.partial`` beside the target (so
    :func:`clean_stale_temporaries` can tell a dead writer's leftovers from a live one's), is
    created with ``mode`` from the start (a private key is never readable by others, even
    partly written), and is fsynced before the rename; the folder is fsynced after it.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(
        dir=target.parent,
        prefix=f"{_temporary_prefix(target)}{os.getpid()}.",
        suffix=_TEMPORARY_SUFFIX,
    )
    try:
        os.fchmod(handle, mode)
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    _fsync_folder(target.parent)
    clean_stale_temporaries(target)  # a killed writer's leftovers go with the next good write


def _fsync_folder(folder: Path) -> None:
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:  # some platforms cannot open a folder; the rename is still atomic
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def clean_stale_temporaries(path: str | Path) -> list[Path]:
    """Remove the temporaries of ``path`` whose writer process is gone; return what was removed."""
    target = Path(path)
    removed: list[Path] = []
    prefix = _temporary_prefix(target)
    try:
        candidates = list(target.parent.glob(f"{prefix}*{_TEMPORARY_SUFFIX}"))
    except OSError:
        return removed
    for candidate in candidates:
        pid_text = candidate.name[len(prefix) :].split(".", 1)[0]
        if pid_text.isdigit() and _alive(int(pid_text)) and not _old(candidate):
            continue  # a live writer's (a reused pid's leftovers are stale after an hour)
        with contextlib.suppress(OSError):
            candidate.unlink()
            removed.append(candidate)
    return removed


def _old(path: Path) -> bool:
    try:
        return time.time() - path.stat().st_mtime > STALE_AFTER
    except OSError:
        return False


STALE_AFTER = 3600.0
"""Seconds after which a temporary is stale even if a process has its writer's pid (reused)."""


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's live process
        return True
    return True
