"""Error messages share one layout; pinned here as snapshots."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from pytest_paragon.contract import Contract, check_contract, load_contract
from pytest_paragon.errors import ContractError, ParagonError, Report, render_value


def test_report_renders_every_part_in_order() -> None:
    report = Report(
        what="Request body violates the contract",
        where="updateCredential (PATCH /projects/{projectId}/sdk/credentials/{credentialId})",
        expected="object",
        received="string",
        value={"config": "x"},
        has_value=True,
        candidates=("getCredential", "listCredentials"),
        remedy="pass --paragon-no-strict",
        anchor="strict-checking",
    )
    assert report.render() == (
        "Request body violates the contract\n"
        "  where: updateCredential (PATCH /projects/{projectId}/sdk/credentials/{credentialId})\n"
        "  expected: object\n"
        "  received: string\n"
        "  value:\n"
        "    {\n"
        '      "config": "x"\n'
        "    }\n"
        "  nearest:\n"
        "    - getCredential\n"
        "    - listCredentials\n"
        "  remedy: pass --paragon-no-strict\n"
        "  see: https://github.com/pytest-paragon/pytest-paragon/blob/main/README.md#strict-checking"
    )


def test_long_values_are_truncated() -> None:
    text = render_value("x" * 5000, limit=50)
    assert text.endswith("(4952 more characters)")


def test_missing_contract_file(tmp_path: Path) -> None:
    with pytest.raises(ContractError) as caught:
        load_contract(tmp_path / "nope.yaml")
    assert str(caught.value).splitlines()[0] == f"Contract file not found: {tmp_path / 'nope.yaml'}"
    assert isinstance(caught.value, ParagonError)


def test_yaml_error_names_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("openapi: 3.1.0\npaths:\n  /a: {get: [\n")
    with pytest.raises(ContractError) as caught:
        load_contract(path)
    assert f"  where: {path}:4:1" in str(caught.value)


def test_non_mapping_document(tmp_path: Path) -> None:
    path = tmp_path / "list.yaml"
    path.write_text("- 1\n- 2\n")
    with pytest.raises(ContractError, match="expected a mapping"):
        load_contract(path)


def test_check_contract_reports_first_problem_and_count() -> None:
    document = yaml.safe_load(
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /x:\n    get:\n"
        "      responses: {'200': {description: ok}}\n"
    )
    with pytest.raises(ContractError) as caught:
        check_contract(Contract(document, path=Path("c.yaml")))
    message = str(caught.value)
    assert "where: c.yaml at #/paths//x/get" in message
    assert "operation has no operationId (and 3 more problems)" in message
