"""The README's "Upgrading the SDK" and "Contract coverage" sections run and stay true."""

from __future__ import annotations

import json
import re
import shlex
import sys
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[2] / "README.md"
ROOT = README.parent


def _section(title: str) -> str:
    text = README.read_text(encoding="utf-8")
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", text, flags=re.M | re.S)
    assert match, title
    return match.group(1)


def _blocks(section: str, language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", section, flags=re.S)


def _run(pytester: pytest.Pytester, line: str, env: dict[str, str]) -> tuple[int, str]:
    command, _, comment = line.partition("#")
    words = [env.get(w[2:-1], w) if w.startswith("${") else w for w in shlex.split(command)]
    words = [env.get(w[1:], w) if w.startswith("$") else w for w in words]
    if words[0] == "pytest":
        result = pytester.runpytest_subprocess(*words[1:])
    else:
        assert words[0] == "pytest-paragon", line
        result = pytester.run(sys.executable, "-m", "pytest_paragon", *words[1:])
    return int(result.ret), comment.strip() + "\n" + result.stdout.str()


def test_the_upgrade_example_runs_as_written(pytester: pytest.Pytester) -> None:
    section = _section("Upgrading the SDK")
    (client,) = _blocks(section, "python")
    pytester.makepyfile(test_client=client)
    _recipe, example = _blocks(section, "bash")
    lines = [line for line in example.splitlines() if line.strip()]
    assert len(lines) == 4
    for line in lines:
        status, output = _run(pytester, line, {})
        expected = int(re.search(r"# exit (\d)", line).group(1))  # type: ignore[union-attr]
        assert status == expected, f"{line}\n{output}"
        if "--fail-on warning" in line:  # the one warning kept: the header this client sends
            assert "request-parameter-removed" in output
            assert "header parameter X-Paragon-User-Metadata removed" in output
    usage = json.loads((pytester.path / "coverage.json").read_text())
    assert usage["contract"]["version"] == "2.2.4"
    # a client that never sends the metadata header passes the warning gate
    quiet = client.replace(', headers={"X-Paragon-User-Metadata": meta}', "")
    quiet = quiet.replace('["meta"]["Name"] == "Ada"', '["meta"]["Name"] == "Ada Lovelace"')
    assert quiet.count("X-Paragon-User-Metadata") == 0
    pytester.makepyfile(test_client=quiet)
    status, output = _run(pytester, lines[0], {})
    assert status == 0, output
    status, output = _run(pytester, lines[2].split("#")[0], {})
    assert status == 0, output


def test_the_ci_recipe_runs(pytester: pytest.Pytester) -> None:
    recipe = _blocks(_section("Upgrading the SDK"), "bash")[0]
    pytester.makepyfile(
        test_client="""
        import httpx

        def test_me(paragon_fake, paragon_user):
            url = f"https://zeus.useparagon.com/projects/{paragon_fake.project.id}/sdk/me"
            headers = {"Authorization": f"Bearer {paragon_user.token}"}
            assert httpx.get(url, headers=headers).status_code == 200
        """
    )
    new_contract = str(ROOT / "contracts" / "paragon.openapi.yaml")
    lines = [line for line in recipe.splitlines() if line.strip()]
    assert [line.split()[0] for line in lines] == ["pytest", "pytest-paragon"]
    for line in lines:
        status, output = _run(pytester, line, {"NEW_CONTRACT": new_contract})
        assert status == 0, f"{line}\n{output}"


def test_the_ignore_example_is_a_valid_ignore_file(tmp_path: Path) -> None:
    from pytest_paragon.contract.diff import diff_contracts, load_ignore

    (block,) = _blocks(_section("Upgrading the SDK"), "yaml")
    path = tmp_path / "accepted.yaml"
    path.write_text(block)
    rules = load_ignore(path)
    result = diff_contracts("2.0.6", "2.4.0", ignore=rules)
    assert {c.kind for c in result.ignored} == {"response-oneOf-variant-added"}


def test_the_coverage_format_is_documented() -> None:
    from pytest_paragon.contract import load_contract
    from pytest_paragon.coverage import ContractCoverage, build_report

    section = _section("Contract coverage")
    report = build_report(ContractCoverage(load_contract()))
    documented = set(re.findall(r"`(\w+)`", section))
    assert set(report) <= documented
    assert set(report["contract"]) <= documented
    assert set(report["summary"]) <= documented
    assert set(report["operations"][0]) <= documented
    assert set(report["events"]) <= documented
    assert '"pytest-paragon-coverage"' in section
