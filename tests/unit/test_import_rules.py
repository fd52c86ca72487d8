"""The import rules of ARCHITECTURE.md, checked over the package's source with ``ast``.

Every import counts: at module level, inside functions (lazy) and under ``if TYPE_CHECKING:``.
Rules: the fake's areas import only the shared base (and their own modules); nothing below the
composition root (``fake/core.py``) imports it; no import circle anywhere in ``pytest_paragon``;
nothing in ``fake/``, ``contract/``, ``sdk/``, ``coverage/`` (but its plugin), ``webhooks/``,
``files.py``, ``strict_json.py``, ``tokens.py`` or ``user_cache.py``
imports pytest, hypothesis or schemathesis;
serving (``fake/entrances/server.py`` and everything it reaches) never imports schemathesis; the
plugin's light modules import only the standard library, pytest and each other at module level;
``models/`` imports only pydantic; only ``strategies/`` imports hypothesis at module level;
``webhooks/`` never imports the fake; the contract suite imports schemathesis at module level only
in its test module; the repository's ``conftest.py`` never imports the plugin. The last test holds
ARCHITECTURE.md's file names against the tree.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "pytest_paragon"
FAKE = "pytest_paragon.fake"
AREAS = ("connect", "actionkit", "sync", "task_history")
LIGHT = (
    "plugin",
    "options",
    "settings",
    "setting_kinds",
    "resolution",
    "errors",
    "fixtures",
    "keys",
)


@dataclass(frozen=True)
class Import:
    """One imported module, as seen from the importing module."""

    target: str
    line: int
    top_level: bool  # at module level and not under TYPE_CHECKING


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@cache
def modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _walk(node: ast.AST, top_level: bool) -> Iterator[tuple[ast.AST, bool]]:
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            yield from _walk(child, False)
        elif isinstance(child, ast.If) and _is_type_checking(child.test):
            for statement in child.body:
                yield statement, False
                yield from _walk(statement, False)
            for statement in child.orelse:
                yield statement, top_level
                yield from _walk(statement, top_level)
        else:
            yield child, top_level
            yield from _walk(child, top_level)


def _resolve(module: str, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    is_package = modules()[module].name == "__init__.py"
    base = module.split(".")
    base = base if is_package else base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


@cache
def imports_of(module: str) -> tuple[Import, ...]:
    tree = ast.parse(modules()[module].read_text(encoding="utf-8"))
    found: list[Import] = []
    for node, top_level in _walk(tree, True):
        if isinstance(node, ast.Import):
            found.extend(Import(alias.name, node.lineno, top_level) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            target = _resolve(module, node)
            for alias in node.names:  # `from pkg import module` imports the module
                child = f"{target}.{alias.name}"
                found.append(
                    Import(child if child in modules() else target, node.lineno, top_level)
                )
    return tuple(found)


def internal(module: str) -> set[str]:
    return {i.target for i in imports_of(module) if i.target in modules()}


def in_package(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def _area_of(module: str) -> str | None:
    for area in (*AREAS, "base", "entrances"):
        if in_package(module, f"{FAKE}.{area}"):
            return area
    if module == f"{FAKE}.seeding":  # applies a seed spec through every area's helpers
        return "seeding"
    return "core" if module == f"{FAKE}.core" else None


def _allowed(source: str, target: str) -> bool:
    """Whether ``source`` (a module of the fake) may import ``target`` (another one)."""
    here, there = _area_of(source), _area_of(target)
    if target == FAKE or here is None:
        return True
    if here == "base":
        return there == "base"
    if here in AREAS:
        return there in ("base", here)
    if here == "seeding":  # beside the core: the areas and base, never the core or entrances
        return there in ("base", *AREAS)
    if here == "core":  # the composition root; of the entrances only the pytest-free transport
        return there in ("base", *AREAS, "seeding") or target == f"{FAKE}.entrances.transport"
    return True  # entrances sit on top of the core


def _fake_modules() -> list[str]:
    return [m for m in modules() if in_package(m, FAKE)]


@pytest.mark.parametrize("module", _fake_modules())
def test_the_fake_imports_only_downward(module: str) -> None:
    wrong = sorted(t for t in internal(module) if in_package(t, FAKE) and not _allowed(module, t))
    assert not wrong, f"{module} imports {wrong} against the area rule of ARCHITECTURE.md"


def test_nothing_below_the_core_imports_it() -> None:
    importers = sorted(
        m
        for m in _fake_modules()
        if f"{FAKE}.core" in internal(m)
        and _area_of(m) not in ("entrances", "core")
        and m != FAKE  # the package's lazy facade re-exports FakeParagon
    )
    assert importers == []


def _cycles() -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(internal(node)):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 5000))
    for module in modules():
        if module not in index:
            visit(module)
    return found


def test_there_is_no_import_circle() -> None:
    assert _cycles() == []


def _external(module: str) -> set[str]:
    return {i.target.split(".")[0] for i in imports_of(module)}


PYTEST_FREE = (
    "pytest_paragon.fake",
    "pytest_paragon.contract",
    "pytest_paragon.sdk",
    "pytest_paragon.cassettes",
    "pytest_paragon.coverage",
    "pytest_paragon.webhooks",
)
CASSETTES = "pytest_paragon.cassettes"
CASSETTES_MAY_IMPORT = (
    CASSETTES,
    "pytest_paragon.contract",
    "pytest_paragon.fake.base",
    "pytest_paragon.errors",
    "pytest_paragon.files",
    "pytest_paragon.settings",
    "pytest_paragon.resolution",
    "pytest_paragon.redaction",
)


@pytest.mark.parametrize("module", [m for m in modules() if in_package(m, CASSETTES)])
def test_the_cassettes_sit_on_the_contract_and_the_fakes_base_only(module: str) -> None:
    wrong = sorted(
        t for t in internal(module) if not any(in_package(t, p) for p in CASSETTES_MAY_IMPORT)
    )
    assert wrong == [], f"{module} imports {wrong}: the cassettes take the fake as Answers"


def test_nothing_but_the_plugin_side_and_the_command_imports_the_cassettes() -> None:
    importers = sorted(
        m
        for m in modules()
        if not in_package(m, CASSETTES) and any(in_package(t, CASSETTES) for t in internal(m))
    )
    assert importers == [
        "pytest_paragon.cli",
        "pytest_paragon.fixtures",
        "pytest_paragon.options",
    ]


@pytest.mark.parametrize(
    "module",
    [
        m
        for m in modules()
        if (any(in_package(m, p) for p in PYTEST_FREE) and m != "pytest_paragon.coverage.plugin")
        or m
        in (
            "pytest_paragon.tokens",
            "pytest_paragon.user_cache",
            "pytest_paragon.strict_json",
            "pytest_paragon.files",
        )
    ],
)
def test_the_fake_the_contract_the_sdk_and_tokens_never_import_pytest(module: str) -> None:
    assert not _external(module) & {"pytest", "_pytest", "hypothesis", "schemathesis"}


def _reachable(start: str) -> set[str]:
    seen = {start}
    todo = [start]
    while todo:
        for target in internal(todo.pop()):
            if target not in seen:
                seen.add(target)
                todo.append(target)
    return seen


def test_serving_never_imports_schemathesis() -> None:
    served = _reachable(f"{FAKE}.entrances.server")
    assert f"{FAKE}.core" in served  # the walk does follow the server into the fake
    users = sorted(m for m in served if "schemathesis" in _external(m))
    assert users == []


@pytest.mark.parametrize("name", [n for n in LIGHT if f"pytest_paragon.{n}" in modules()])
def test_the_plugin_modules_import_only_stdlib_pytest_and_each_other(name: str) -> None:
    light = {f"pytest_paragon.{n}" for n in LIGHT} | {"pytest_paragon"}
    allowed_external = set(sys.stdlib_module_names) | {"pytest", "_pytest", "__future__"}
    wrong = sorted(
        i.target
        for i in imports_of(f"pytest_paragon.{name}")
        if i.top_level and not (i.target in light or i.target.split(".")[0] in allowed_external)
    )
    assert wrong == [], f"pytest_paragon/{name}.py imports {wrong} at module level"


def test_the_facade_imports_only_errors_at_module_level() -> None:
    eager = {i.target for i in imports_of("pytest_paragon") if i.top_level}
    assert {t for t in eager if t.startswith("pytest_paragon")} <= {"pytest_paragon.errors"}


def test_the_checker_sees_every_kind_of_import() -> None:
    """The walk finds module-level, lazy and TYPE_CHECKING imports (or the rules prove nothing)."""
    found = imports_of("pytest_paragon.fixtures")
    assert any(i.top_level and i.target == "pytest" for i in found)
    assert any(not i.top_level and i.target == f"{FAKE}.core" for i in found)
    typed = ast.parse(modules()[f"{FAKE}.base.context"].read_text(encoding="utf-8"))
    assert any(isinstance(n, ast.If) and _is_type_checking(n.test) for n in typed.body)
    assert f"{FAKE}.base.state" in internal(f"{FAKE}.base.context")


def test_no_module_is_over_about_500_lines() -> None:
    """Split by resource, as the API is split (the generated models excepted)."""
    long = {
        name: length
        for name, path in modules().items()
        if not in_package(name, "pytest_paragon.models")
        and (length := len(path.read_text(encoding="utf-8").splitlines())) > 500
    }
    assert long == {}


MODELS = "pytest_paragon.models"


@pytest.mark.parametrize("module", [m for m in modules() if in_package(m, MODELS)])
def test_the_generated_models_import_only_pydantic(module: str) -> None:
    allowed = {"pydantic", "__future__", "typing", "enum", "datetime", "pytest_paragon"}
    assert _external(module) <= allowed | set(sys.stdlib_module_names)
    assert all(in_package(t, MODELS) for t in internal(module))


def test_only_the_strategies_import_hypothesis_at_module_level() -> None:
    eager = sorted(
        m
        for m in modules()
        if any(i.top_level and i.target.split(".")[0] == "hypothesis" for i in imports_of(m))
    )
    assert eager, "the walk must find the strategies' imports"
    allowed = (
        "pytest_paragon.strategies",
        "pytest_paragon.contract_suite.test_paragon_contract",
        "pytest_paragon.contract_suite.flow_machines",  # the suite's state machines, see below
    )
    assert [m for m in eager if not any(in_package(m, p) for p in allowed)] == []
    machines = "pytest_paragon.contract_suite.flow_machines"
    importers = sorted(m for m in modules() if machines in internal(m))
    assert importers == ["pytest_paragon.contract_suite.test_paragon_contract"]
    assert not any(
        i.top_level and i.target == machines
        for i in imports_of("pytest_paragon.contract_suite.test_paragon_contract")
    ), "the suite's test module imports the state machines inside a function"


@pytest.mark.parametrize(
    "module", [m for m in modules() if in_package(m, "pytest_paragon.webhooks")]
)
def test_the_webhooks_take_the_fake_as_a_plain_object(module: str) -> None:
    wrong = sorted(t for t in internal(module) if in_package(t, FAKE))
    assert wrong == [], f"{module} imports {wrong}: the relay reads the fake through its helpers"


def test_the_contract_suite_imports_schemathesis_only_in_its_test_module() -> None:
    eager = sorted(
        m
        for m in modules()
        if any(i.top_level and i.target.split(".")[0] == "schemathesis" for i in imports_of(m))
    )
    assert set(eager) <= {"pytest_paragon.contract_suite.test_paragon_contract"}
    assert any(
        not i.top_level and i.target.startswith("schemathesis")
        for i in imports_of("pytest_paragon.contract_suite.targets")
    )


def test_the_repository_conftest_never_imports_the_plugin() -> None:
    tree = ast.parse((PACKAGE.parent / "conftest.py").read_text(encoding="utf-8"))
    names = [
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    ]
    names += [node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)]
    assert [n for n in names if n.split(".")[0] == "pytest_paragon"] == []


def test_architecture_names_only_files_that_exist() -> None:
    """Every ``*.py`` ARCHITECTURE.md names is a file of the package (or the repository)."""
    import re

    text = (PACKAGE.parent / "ARCHITECTURE.md").read_text(encoding="utf-8")
    files = [p.relative_to(PACKAGE).as_posix() for p in PACKAGE.rglob("*.py")]
    named = set(re.findall(r"(?<![\w.])([a-z_][\w/]*\.py)\b", text))
    assert "fake/base/overrides.py" in named
    missing = sorted(
        name
        for name in named
        if not (PACKAGE.parent / name).exists()
        and not any(f == name or f.endswith("/" + name) for f in files)
    )
    assert missing == []
