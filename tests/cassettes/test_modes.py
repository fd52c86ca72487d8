"""Record modes through the plugin (pytester): record from the live stand-in, replay offline.

Each test records from a loopback "live Paragon" reached as on-prem Paragon, with real tokens,
then stops the server and replays; the cassette on disk is read back to see what was kept.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.cassettes.conftest import Live, user_conftest

pytestmark = pytest.mark.usefixtures("localhost_resolves")

READS_ME = """
import httpx

def test_me(paragon_cassette, paragon_user, zeus):
    project = paragon_user.fake.project.id
    reply = httpx.get(
        f"{zeus}/projects/{project}/sdk/me",
        headers={"Authorization": f"Bearer {paragon_user.token}"},
    )
    assert reply.status_code == 200
    assert reply.json()["userId"] == "user-1"
    assert reply.json()["integrations"]["salesforce"]["enabled"] is True
"""

ZEUS_FIXTURE = """

@pytest.fixture
def zeus():
    return ZEUS
"""


def suite(pytester: pytest.Pytester, live: Live, code: str, **ini: str) -> Path:
    conftest, ini_text = user_conftest(live, **ini)
    pytester.makeconftest(conftest + ZEUS_FIXTURE)
    pytester.makeini(ini_text)
    pytester.makepyfile(test_user=code)
    return pytester.path / "cassettes" / "test_user" / "test_me.yaml"


def interactions(path: Path) -> list[dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["interactions"]


def test_once_records_from_the_live_server_then_replays_with_it_stopped(
    pytester: pytest.Pytester, live: Live
) -> None:
    live.fake.users.connect("user-1", "salesforce")
    cassette = suite(pytester, live, READS_ME)
    pytester.runpytest("-p", "paragon", "--paragon-record-mode=once").assert_outcomes(passed=1)
    recorded = cassette.read_text(encoding="utf-8")
    assert len(live.fake.journal) == 1  # the request really went to the server
    (interaction,) = interactions(cassette)
    assert interaction["operation"] == "getConnectedUser"
    assert interaction["request"]["headers"]["authorization"].startswith(
        "Bearer <redacted-jwt sub=user-1 "
    )
    assert "eyJ" not in recorded
    live.stop()
    # replay offline (the default mode, none), with a freshly minted token of another expiry
    pytester.runpytest("-p", "paragon").assert_outcomes(passed=1)
    # once: an existing cassette is replayed, never re-recorded
    pytester.runpytest("-p", "paragon", "--paragon-record-mode=once").assert_outcomes(passed=1)
    assert cassette.read_text(encoding="utf-8") == recorded


def test_none_is_the_default_and_a_miss_names_the_cassette_and_the_mode(
    pytester: pytest.Pytester, live: Live
) -> None:
    cassette = suite(pytester, live, READS_ME)
    result = pytester.runpytest("-p", "paragon")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        [
            "*CassetteMissError: No interaction of the cassette matches GET zeus.paragon.local*",
            f"*where: cassette {cassette} (record mode none)*",
        ]
    )
    assert not live.fake.journal  # nothing reached the network
    assert not cassette.exists()


MISS_NEAREST = READS_ME.replace(
    'f"{zeus}/projects/{project}/sdk/me",', 'f"{zeus}/projects/{project}/sdk/me", params=QUERY,'
)


def test_a_miss_lists_the_nearest_recorded_request_and_the_field_that_differed(
    pytester: pytest.Pytester, live: Live
) -> None:
    live.fake.users.connect("user-1", "salesforce")
    suite(pytester, live, "QUERY = {}\n" + MISS_NEAREST)
    pytester.runpytest("-p", "paragon", "--paragon-record-mode=once").assert_outcomes(passed=1)
    pytester.makepyfile(test_user="QUERY = {'page': '2'}\n" + MISS_NEAREST)
    result = pytester.runpytest("-p", "paragon")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*nearest:*"])
    assert (
        "/sdk/me (differs in query: recorded '[]', received '[[\"page\", \"2\"]]')"
        in result.stdout.str()
    )


def test_new_episodes_replays_what_it_holds_and_records_what_it_does_not(
    pytester: pytest.Pytester, live: Live
) -> None:
    live.fake.users.connect("user-1", "salesforce")
    cassette = suite(pytester, live, READS_ME)
    pytester.runpytest("-p", "paragon", "--paragon-record-mode=once").assert_outcomes(passed=1)
    more = READS_ME + (
        "    assert httpx.get(f'{zeus}/projects/{project}/sdk/credentials',"
        " headers={'Authorization': f'Bearer {paragon_user.token}'}).status_code == 200\n"
    )
    pytester.makepyfile(test_user=more)
    pytester.runpytest("-p", "paragon", "--paragon-record-mode=new_episodes").assert_outcomes(
        passed=1
    )
    assert [i["operation"] for i in interactions(cassette)] == [
        "getConnectedUser",
        "listCredentials",
    ]
    assert len(live.fake.journal) == 2  # /sdk/me was replayed, not asked again
    live.stop()
    pytester.runpytest("-p", "paragon").assert_outcomes(passed=1)


def test_all_appends_and_rewrite_starts_over(pytester: pytest.Pytester, live: Live) -> None:
    live.fake.users.connect("user-1", "salesforce")
    cassette = suite(pytester, live, READS_ME)
    pytester.runpytest("-p", "paragon", "--paragon-record-mode=all").assert_outcomes(passed=1)
    pytester.runpytest("-p", "paragon", "--paragon-record-mode=all").assert_outcomes(passed=1)
    assert len(interactions(cassette)) == 2
    assert len(live.fake.journal) == 2
    pytester.runpytest("-p", "paragon", "--paragon-record-mode=rewrite").assert_outcomes(passed=1)
    assert len(interactions(cassette)) == 1
    assert len(live.fake.journal) == 3


def test_re_recording_an_unchanged_interaction_changes_no_line_but_the_expiry(
    pytester: pytest.Pytester, live: Live
) -> None:
    live.fake.users.connect("user-1", "salesforce")
    cassette = suite(pytester, live, READS_ME)
    pytester.runpytest("-p", "paragon", "--paragon-record-mode=rewrite").assert_outcomes(passed=1)
    first = cassette.read_text(encoding="utf-8").splitlines()
    live.fake.clock.advance(5) if live.fake.clock.frozen else None
    pytester.runpytest("-p", "paragon", "--paragon-record-mode=rewrite").assert_outcomes(passed=1)
    second = cassette.read_text(encoding="utf-8").splitlines()
    changed = [(a, b) for a, b in zip(first, second, strict=True) if a != b]
    # only the token's exp claim may differ (a token is minted per test, with its clock)
    assert all("exp=" in a and "exp=" in b for a, b in changed), changed


def test_a_bad_record_mode_is_one_usage_error_listing_the_modes(
    pytester: pytest.Pytester, live: Live
) -> None:
    suite(pytester, live, READS_ME)
    result = pytester.runpytest("-p", "paragon", "--paragon-record-mode=sometimes")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(
        [
            "*Invalid value for record_mode: 'sometimes'*",
            "*one of none, once, new_episodes, all, rewrite*",
        ]
    )


def test_a_bad_marker_fails_its_own_test_only(pytester: pytest.Pytester, live: Live) -> None:
    code = """
import pytest

@pytest.mark.paragon_cassette(record_mode="always")
def test_bad():
    pass

@pytest.mark.paragon_cassette(colour="red")
def test_unknown():
    pass

def test_fine():
    pass
"""
    suite(pytester, live, code)
    result = pytester.runpytest("-p", "paragon")
    result.assert_outcomes(passed=1, errors=2)
    result.stdout.fnmatch_lines(
        [
            "*Invalid value for record_mode: 'always'*",
            "*one of none, once, new_episodes, all, rewrite*",
            "*Unknown @pytest.mark.paragon_cassette keyword 'colour'*",
        ]
    )


def test_miss_fake_sends_what_the_cassette_lacks_to_the_stateful_fake(
    pytester: pytest.Pytester, live: Live
) -> None:
    code = """
import httpx, pytest

@pytest.mark.paragon_cassette(cassette_miss="fake")
def test_me(paragon_fake, paragon_user, zeus):
    paragon_user.connect("hubspot")
    reply = httpx.get(
        f"{zeus}/projects/{paragon_fake.project.id}/sdk/me",
        headers={"Authorization": f"Bearer {paragon_user.token}"},
    )
    assert reply.json()["integrations"]["hubspot"]["enabled"] is True
    assert len(paragon_fake.journal) == 1
"""
    suite(pytester, live, code)
    pytester.runpytest("-p", "paragon").assert_outcomes(passed=1)
    assert not live.fake.journal


UNUSED = READS_ME.replace("    reply = httpx.get(", "    if FIRST:\n        httpx.get(").replace(
    "    assert reply.status_code == 200\n"
    '    assert reply.json()["userId"] == "user-1"\n'
    '    assert reply.json()["integrations"]["salesforce"]["enabled"] is True\n',
    "",
)


def test_unused_interactions_warn_and_fail_the_test_in_strict_mode(
    pytester: pytest.Pytester, live: Live
) -> None:
    indented = (
        UNUSED.replace('\n        f"{zeus}', '\n            f"{zeus}')
        .replace("\n        headers=", "\n            headers=")
        .replace("\n    )\n", "\n        )\n")
    )
    suite(pytester, live, "FIRST = True\n" + indented)
    pytester.runpytest("-p", "paragon", "--paragon-record-mode=once").assert_outcomes(passed=1)
    pytester.makepyfile(test_user="FIRST = False\n" + indented)
    result = pytester.runpytest("-p", "paragon", "-W", "default")  # this suite makes them errors
    result.assert_outcomes(passed=1, warnings=1)
    result.stdout.fnmatch_lines(["*CassetteWarning: 1 interaction(s) of the cassette were never*"])
    result = pytester.runpytest("-p", "paragon", "--paragon-cassette-strict=true")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        ["*UnusedInteractionsError: 1 interaction(s)*", "*interaction #0 GET*"]
    )


def test_a_shared_cassette_by_name_serves_two_tests(pytester: pytest.Pytester, live: Live) -> None:
    live.fake.users.connect("user-1", "salesforce")
    code = READS_ME.replace(
        "def test_me(", "@pytest.mark.paragon_cassette('shared/me')\ndef test_me("
    )
    code = "import pytest\n" + code + code.replace("def test_me(", "def test_me_again(")
    suite(pytester, live, code)
    pytester.runpytest("-p", "paragon", "--paragon-record-mode=new_episodes").assert_outcomes(
        passed=2
    )
    shared = pytester.path / "cassettes" / "shared" / "me.yaml"
    assert len(interactions(shared)) == 1  # the second test replayed the first one's recording
    live.stop()
    pytester.runpytest("-p", "paragon").assert_outcomes(passed=2)
