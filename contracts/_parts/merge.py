"""Temporary: merge contracts/_parts/*.yaml into contracts/paragon.openapi.yaml and validate.

Usage: .venv/bin/python contracts/_parts/merge.py [--out PATH]
Fragments hold any of: paths, webhooks, components.{schemas,parameters,responses,headers}.
Duplicate keys across fragments are an error.
"""
import sys
from pathlib import Path

import yaml
from openapi_spec_validator import validate

here = Path(__file__).parent
out = Path(sys.argv[sys.argv.index("--out") + 1]) if "--out" in sys.argv else here.parent / "paragon.openapi.yaml"
doc = yaml.safe_load((here / "base.yaml").read_text())
for part in sorted(here.glob("*.yaml")):
    if part.name == "base.yaml":
        continue
    frag = yaml.safe_load(part.read_text()) or {}
    for top in ("paths", "webhooks"):
        for key, value in (frag.get(top) or {}).items():
            if key in doc[top]:
                sys.exit(f"{part.name}: duplicate {top} key {key!r}")
            doc[top][key] = value
    for section, entries in (frag.get("components") or {}).items():
        target = doc["components"].setdefault(section, {})
        for key, value in (entries or {}).items():
            if key in target:
                sys.exit(f"{part.name}: duplicate components.{section} key {key!r}")
            target[key] = value
    unknown = set(frag) - {"paths", "webhooks", "components"}
    if unknown:
        sys.exit(f"{part.name}: unexpected top-level keys {sorted(unknown)}")
out.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=100))
validate(doc)
ops = sum(1 for item in doc["paths"].values() for m in item if m in {"get","put","post","delete","patch","options","head","trace"})
print(f"ok: {out} operations={ops} schemas={len(doc['components']['schemas'])} webhooks={len(doc['webhooks'])}")
