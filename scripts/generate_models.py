"""Generate ``pytest_paragon/models/`` from the contract with datamodel-code-generator.

The contract is the single source of truth: every component schema becomes a pydantic v2 model in
the module named by its ``x-paragon-area``. The generator works on a copy of the document in which
each schema ``Name`` is renamed ``<area>.Name`` (datamodel-code-generator turns the dotted prefix
into a module) and every ``$ref`` follows the rename.

    python scripts/generate_models.py          # rewrite pytest_paragon/models/
    python scripts/generate_models.py --check  # exit 1 if the committed models differ

``tests/contract/test_models.py`` runs ``--check``, so a contract change without regenerated
models fails CI.
"""

from __future__ import annotations

import argparse
import difflib
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
CONTRACT = ROOT / "contracts" / "paragon.openapi.yaml"
MODELS = ROOT / "pytest_paragon" / "models"
HEADER = (
    "Generated from contracts/paragon.openapi.yaml by scripts/generate_models.py: do not edit.\n"
    "Pydantic v2 models of every component schema of the contract, one module per x-paragon-area."
)
PREFIX = "#/components/schemas/"


def _rewrite_refs(node: Any, renamed: dict[str, str]) -> Any:
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str) and value.startswith(PREFIX):
                out[key] = PREFIX + renamed[value[len(PREFIX) :]]
            elif key == "mapping" and isinstance(value, dict):
                out[key] = {k: PREFIX + renamed[v[len(PREFIX) :]] for k, v in value.items()}
            elif key == "examples" and isinstance(value, list):
                out[key] = value  # examples are data, not schemas: keep as they are
            else:
                out[key] = _rewrite_refs(value, renamed)
        return out
    if isinstance(node, list):
        return [_rewrite_refs(item, renamed) for item in node]
    return node


def area_document(contract: dict[str, Any]) -> dict[str, Any]:
    """The contract's schemas only, each renamed ``<area>.<Name>``."""
    schemas: dict[str, Any] = contract["components"]["schemas"]
    renamed = {name: f"{schema['x-paragon-area']}.{name}" for name, schema in schemas.items()}
    return {
        "openapi": contract["openapi"],
        "info": contract["info"],
        "paths": {},
        "components": {
            "schemas": {renamed[name]: _rewrite_refs(s, renamed) for name, s in schemas.items()}
        },
    }


def _package_init(contract: dict[str, Any]) -> str:
    """Re-export every component model, by area, so ``from pytest_paragon.models import X`` works.

    Written here rather than by the code generator: the generator would also export the helper
    classes it names after inline properties, whose names collide across modules.
    """
    by_area: dict[str, list[str]] = {}
    for name, schema in contract["components"]["schemas"].items():
        by_area.setdefault(schema["x-paragon-area"], []).append(name)
    lines = [f'"""{HEADER}\n"""', "", "from __future__ import annotations", ""]
    for area in sorted(by_area):
        names = ", ".join(sorted(by_area[area]))
        lines.append(f"from .{area} import {names}")
    every = sorted(name for names in by_area.values() for name in names)
    lines += ["", "__all__ = ["] + [f'    "{name}",' for name in every] + ["]", ""]
    return "\n".join(lines)


def generate(target: Path) -> None:
    """Write the generated, formatted package into ``target`` (a directory that must not exist)."""
    contract = yaml.safe_load(CONTRACT.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as scratch:
        source = Path(scratch) / "contract-by-area.yaml"
        source.write_text(
            yaml.safe_dump(area_document(contract), sort_keys=False), encoding="utf-8"
        )
        bin_dir = Path(sys.executable).parent
        codegen = shutil.which("datamodel-codegen", path=str(bin_dir)) or "datamodel-codegen"
        command = [
            codegen,
            "--input", str(source),
            "--input-file-type", "openapi",
            "--output", str(target),
            "--output-model-type", "pydantic_v2.BaseModel",
            "--target-python-version", "3.10",
            "--use-schema-description",
            "--use-field-description",
            "--field-constraints",
            "--use-annotated",
            "--use-standard-collections",
            "--use-union-operator",
            "--extra-fields", "allow",
            "--type-mappings", "date-time=string", "email=string", "uri=string", "uuid=string",
            "--enum-field-as-literal", "one",
            "--deserialize-default-values", "enum",
            "--use-subclass-enum",
            "--use-double-quotes",
            "--disable-timestamp",
            "--custom-file-header", f'"""{HEADER}"""',
            "--no-formatters",
        ]  # fmt: skip
        subprocess.run(command, check=True, cwd=scratch)
    (target / "__init__.py").write_text(_package_init(contract), encoding="utf-8")
    ruff = shutil.which("ruff", path=str(bin_dir)) or "ruff"
    config = ["--config", str(ROOT / "pyproject.toml")]
    subprocess.run([ruff, "check", "--fix-only", "--quiet", *config, str(target)], check=False)
    subprocess.run([ruff, "format", "--quiet", *config, str(target)], check=True)
    for cache in target.rglob(".ruff_cache"):
        shutil.rmtree(cache)


def _files(folder: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.py"))}


def main(argv: list[str] | None = None) -> int:
    """Regenerate the models, or with ``--check`` report whether they are current."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if the models are not current")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        fresh = Path(scratch) / "models"
        generate(fresh)
        new, old = _files(fresh), _files(MODELS) if MODELS.exists() else {}
        if args.check:
            if new == old:
                print(f"models are current ({len(new)} modules)")
                return 0
            for name in sorted(set(new) | set(old)):
                diff = difflib.unified_diff(
                    old.get(name, "").splitlines(), new.get(name, "").splitlines(),
                    f"committed/{name}", f"generated/{name}", lineterm="", n=1,
                )  # fmt: skip
                sys.stdout.writelines(line + "\n" for line in list(diff)[:40])
            print("models differ from the contract: run python scripts/generate_models.py")
            return 1
        if MODELS.exists():
            shutil.rmtree(MODELS)
        shutil.copytree(fresh, MODELS)
        print(f"wrote {len(new)} modules to {MODELS}")
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
