"""The cassette file: readable structures, stable order, versioned; hostile files refused."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
import yaml

from pytest_paragon.cassettes import format as cassette_format
from pytest_paragon.cassettes import store
from pytest_paragon.errors import ParagonError

ZEUS = "https://zeus.useparagon.com/projects/p/sdk/me"


def _interaction(**overrides: object) -> dict:
    values: dict = {
        "method": "post",
        "url": ZEUS,
        "query": [("a", "1"), ("a", "2"), ("b", "x")],
        "request_headers": {"Content-Type": "application/json", "Date": "now", "X-B": "2"},
        "request_body": b'{"meta": {"Name": "Ada"}}',
        "status": 200,
        "response_headers": {"content-type": "image/png", "Content-Length": "4"},
        "response_body": b"\x89PNG",
        "operation": "updateConnectedUser",
    }
    values.update(overrides)
    return cassette_format.interaction_document(**values)


def test_json_bodies_are_structures_binary_is_base64_and_volatile_headers_go() -> None:
    document = _interaction()
    assert document["request"]["json"] == {"meta": {"Name": "Ada"}}
    assert document["request"]["query"] == {"a": ["1", "2"], "b": "x"}
    assert document["request"]["headers"] == {"content-type": "application/json", "x-b": "2"}
    assert document["response"] == {
        "status": 200,
        "headers": {"content-type": "image/png"},
        "base64": base64.b64encode(b"\x89PNG").decode(),
    }
    assert cassette_format.decode_body(document["response"]) == b"\x89PNG"
    text = cassette_format.dump(cassette_format.cassette_document([document]))
    assert text.startswith('{\n  "format": "pytest-paragon-cassette",\n  "version": 1,\n')
    assert '"json": {\n          "meta": {\n            "Name": "Ada"\n' in text  # a structure
    assert yaml.safe_load(text) == cassette_format.cassette_document([document])  # JSON is YAML
    legacy = cassette_format.dump_yaml(cassette_format.cassette_document([document]))
    assert legacy.startswith("format: pytest-paragon-cassette\nversion: 1\ninteractions:\n")


def test_the_same_interaction_dumps_to_the_same_text_whatever_the_header_order() -> None:
    one = _interaction(request_headers={"X-B": "2", "Content-Type": "application/json"})
    two = _interaction(request_headers={"content-type": "application/json", "x-b": "2"})
    dumps = [cassette_format.dump(cassette_format.cassette_document([d])) for d in (one, two)]
    assert dumps[0] == dumps[1]
    assert "&" not in dumps[0]
    assert "*id" not in dumps[0]


def test_a_written_cassette_reads_back_checked(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    store.write(path, [_interaction()])
    assert store.read(path) == [_interaction()]
    assert store.read(tmp_path / "missing.yaml") is None


def _refused(tmp_path: Path, text: str) -> str:
    path = tmp_path / "hostile.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ParagonError) as raised:
        store.read(path)
    message = str(raised.value)
    assert str(path) in message
    return message


VALID = cassette_format.dump(cassette_format.cassette_document([_interaction()]))
LEGACY = cassette_format.dump_yaml(cassette_format.cassette_document([_interaction()]))
"""The block YAML cassettes were written in before JSON: still read, as strictly."""


def test_a_legacy_yaml_cassette_reads_the_same_as_the_json_form(tmp_path: Path) -> None:
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old.write_text(LEGACY, encoding="utf-8")
    new.write_text(VALID, encoding="utf-8")
    assert store.read(old) == store.read(new) == [_interaction()]


def test_a_python_tag_is_refused_and_nothing_is_executed(tmp_path: Path) -> None:
    marker = tmp_path / "executed"
    text = LEGACY.replace(
        "status: 200", f"status: !!python/object/apply:os.system ['touch {marker}']"
    )
    message = _refused(tmp_path, text)
    assert "python/object/apply" in message
    assert f"{tmp_path / 'hostile.yaml'}:" in message  # the line is named
    assert not marker.exists()


def test_an_alias_bomb_is_refused(tmp_path: Path) -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 10)}]" for n in range(1, 9)]
    message = _refused(tmp_path, "\n".join(lines) + "\n")
    assert "alias bomb" in message


def test_an_alias_that_holds_itself_is_refused_not_walked_forever(tmp_path: Path) -> None:
    text = LEGACY.replace("      meta:\n", "      loop: &loop [1, *loop]\n      meta:\n", 1)
    assert text != LEGACY
    message = _refused(tmp_path, text)
    assert "an alias that holds itself" in message
    with pytest.raises(ParagonError, match="nested deeper"):
        cassette_format.parse(text, tmp_path / "parsed.yaml")


@pytest.mark.parametrize(
    ("change", "place"),
    [
        (("status: 200", "status: two hundred"), "interactions[0].response.status"),
        (("method: POST", "method: [POST]"), "interactions[0].request.method"),
        (("url: https://", "url: ftp://"), "interactions[0].request.url"),
        (("      x-b: '2'", "      x-b: [1, 2]"), "interactions[0].request.headers.x-b"),
        (("version: 1", "version: 2"), "version"),
        (("format: pytest-paragon-cassette", "format: other"), "format"),
        (("  base64: iVBORw==", "  base64: '%%%'"), "interactions[0].response.base64"),
        (('"status": 200', '"status": "two hundred"'), "interactions[0].response.status"),
        (('"method": "POST"', '"method": ["POST"]'), "interactions[0].request.method"),
        (('"url": "https://', '"url": "ftp://'), "interactions[0].request.url"),
        (('"x-b": "2"', '"x-b": [1, 2]'), "interactions[0].request.headers.x-b"),
        (('"version": 1', '"version": 2'), "version"),
        (('"format": "pytest-paragon-cassette"', '"format": "other"'), "format"),
        (('"base64": "iVBORw=="', '"base64": "%%%"'), "interactions[0].response.base64"),
        (('"Name": "Ada"', '"Name": 1e999'), "interactions[0].request.json.Name"),
    ],
)
def test_wrong_types_are_one_error_naming_the_file_and_the_place(
    tmp_path: Path, change: tuple[str, str], place: str
) -> None:
    text = LEGACY if change[0] in LEGACY else VALID
    assert change[0] in text, change
    message = _refused(tmp_path, text.replace(change[0], change[1], 1))
    if "1e999" in change[1]:  # JSON's reading refuses it first: no Infinity in JSON
        assert "out of range (JSON has no Infinity)" in message
        return
    assert f"at {place}" in message
    assert message.count("Cannot load the cassette") == 1


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (('"x-b": "2"', '"x-b": "2", "x-b": "3"'), "found duplicate key 'x-b'"),
        (('"Name": "Ada"', '"Name": NaN'), "NaN is not JSON"),
        (('"status": 200', '"status": ' + "9" * 5000), "integer too large"),
        (('"Name": "Ada"', '"Name": ' + "[" * 70 + "]" * 70), "nested deeper than 64"),
        (('"Name": "Ada"', '"Name": "Ada"}'), "not valid YAML"),  # neither JSON nor YAML
    ],
)
def test_a_json_cassette_is_as_strict_as_yaml_and_names_the_file(
    tmp_path: Path, change: tuple[str, str], problem: str
) -> None:
    assert change[0] in VALID, change
    message = _refused(tmp_path, VALID.replace(change[0], change[1], 1))
    assert problem in message
    if "duplicate" in problem or "YAML" in problem:  # read as YAML for the error: lines named
        assert f"{tmp_path / 'hostile.yaml'}:" in message
    if "duplicate" in problem:
        assert "first at line" in message


def test_a_hand_edited_json_cassette_that_is_still_yaml_loads(tmp_path: Path) -> None:
    path = tmp_path / "edited.yaml"
    edited = VALID.replace('"version": 1,', '"version": 1,  # reviewed', 1)  # a YAML comment
    path.write_text(edited, encoding="utf-8")
    assert store.read(path) == [_interaction()]


def test_a_nan_response_body_is_recorded_as_text_so_the_cassette_loads(tmp_path: Path) -> None:
    document = _interaction(
        response_headers={"content-type": "application/json"}, response_body=b'{"a": NaN}'
    )
    assert document["response"]["text"] == '{"a": NaN}'
    path = tmp_path / "nan.yaml"
    store.write(path, [document])
    assert store.read(path) == [document]


def test_a_lone_surrogate_is_written_escaped_as_valid_utf8(tmp_path: Path) -> None:
    document = _interaction(request_body=b'{"name": "\\ud800"}')
    assert document["request"]["json"] == {"name": "\ud800"}
    path = tmp_path / "surrogate.yaml"
    store.write(path, [document])
    path.read_bytes().decode("utf-8")
    assert store.read(path) == [document]


def test_a_newer_version_says_so(tmp_path: Path) -> None:
    newer = VALID.replace('"version": 1', '"version": 7')
    assert "newer pytest-paragon" in _refused(tmp_path, newer)


def test_interactions_must_be_a_list(tmp_path: Path) -> None:
    text = yaml.safe_dump({"format": cassette_format.FORMAT, "version": 1, "interactions": {}})
    assert "at interactions" in _refused(tmp_path, text)


def test_a_cassette_read_again_is_its_own_copy_and_an_edit_is_read_anew(tmp_path: Path) -> None:
    store.forget()
    path, other = tmp_path / "c.yaml", tmp_path / "same.yaml"
    store.write(path, [_interaction()])
    first = store.read(path)
    assert first == [_interaction()]
    first[0]["response"]["status"] = 500  # a test changing what it read
    other.write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    assert store.read(other) == store.read(path) == [_interaction()]  # from memory, unchanged
    store.write(path, [_interaction(status=201)])
    assert store.read(path)[0]["response"]["status"] == 201  # an edit is a new text
    path.write_text(VALID.replace('"status": 200', '"status": "two hundred"'), encoding="utf-8")
    with pytest.raises(ParagonError, match=r"response\.status"):
        store.read(path)  # never remembered: refused each time
    with pytest.raises(ParagonError, match=r"response\.status"):
        store.read(path)
