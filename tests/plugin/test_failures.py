"""One failure model: typed failures, and the fake's report kept when the test body raised first."""

from __future__ import annotations

import pytest

from pytest_paragon import errors

RAISES_FIRST = """
def test_raises_first(paragon_user):
    response = paragon_user.client.patch("/sdk/me", json={"meta": "Ada"})
    response.raise_for_status()
"""


def test_every_failure_derives_from_paragon_error() -> None:
    for cls in (
        errors.ContractError,
        errors.ParagonUsageError,
        errors.FakeDefectError,
        errors.ParagonFailure,
        errors.ContractViolationError,
        errors.UnmatchedAnswerError,
        errors.UnusedAnswerError,
        errors.ParagonFailures,
    ):
        assert issubclass(cls, errors.ParagonError), cls
    for cls in (
        errors.ContractViolationError,
        errors.UnmatchedAnswerError,
        errors.UnusedAnswerError,
    ):
        assert issubclass(cls, AssertionError), cls
    assert not issubclass(errors.FakeDefectError, AssertionError)
    assert issubclass(errors.ParagonUsageError, ValueError)


def test_a_raise_for_status_failure_shows_the_violation_that_caused_the_400(
    pytester: pytest.Pytester,
) -> None:
    pytester.makepyfile(RAISES_FIRST)
    result = pytester.runpytest("-p", "paragon")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        [
            "*httpx.HTTPStatusError: Client error '400 Bad Request'*",
            "*pytest-paragon: the test body raised, and the fake had found this before it did:",
            '*ContractViolationError: Request violates the Paragon contract: "Ada" is not of type '
            '"object"',
            "*where: updateConnectedUserMetadata (PATCH /projects/{projectId}/sdk/me)*",
        ]
    )


def test_the_report_is_also_a_report_section(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(RAISES_FIRST)
    result = pytester.runpytest("-p", "paragon", "--junitxml=report.xml")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*- Captured paragon call -*"])


def test_a_body_that_raises_with_a_clean_fake_gets_no_report(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        "def test_x(paragon_user):\n"
        "    assert paragon_user.client.get('/sdk/me').status_code == 200\n"
        "    raise RuntimeError('my own bug')\n"
    )
    result = pytester.runpytest("-p", "paragon")
    result.assert_outcomes(failed=1)
    assert "the fake had found this" not in result.stdout.str()
    result.stdout.fnmatch_lines(["*RuntimeError: my own bug"])


def test_immediate_mode_raises_the_violation_itself_without_repeating_it(
    pytester: pytest.Pytester,
) -> None:
    pytester.makepyfile(RAISES_FIRST)
    result = pytester.runpytest("-p", "paragon", "--paragon-strict", "immediate")
    result.assert_outcomes(failed=1)
    out = result.stdout.str()
    assert "ContractViolationError" in out
    assert "the fake had found this" not in out


def test_a_skip_in_the_body_is_not_decorated(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        "import pytest\n"
        "def test_x(paragon_user):\n"
        "    paragon_user.client.patch('/sdk/me', json={'meta': 'Ada'})\n"
        "    pytest.skip('not today')\n"
    )
    pytester.runpytest("-p", "paragon").assert_outcomes(skipped=1)


UNMATCHED = """
import pytest

MARKER
def test_unmatched(paragon_fake, paragon_user):
    paragon_user.connect("slack")
    paragon_fake.proxy.on("slack", {"ok": True}, method="POST", path="/chat.postMessage",
                          optional=True)
    response = paragon_user.client.get("/sdk/proxy/slack/conversations.info")
    assert response.status_code == 502
"""


@pytest.mark.parametrize(
    ("marker", "outcome"),
    [
        ("", "failed"),
        ("@pytest.mark.paragon(strict='off')", "failed"),
        ("@pytest.mark.paragon(allow_unmatched_answers=True)", "passed"),
    ],
    ids=["default", "strict-off-does-not-hide-it", "opted-out"],
)
def test_an_unmatched_proxy_call_fails_unless_the_test_opts_out_by_name(
    pytester: pytest.Pytester, marker: str, outcome: str
) -> None:
    pytester.makepyfile(UNMATCHED.replace("MARKER", marker))
    result = pytester.runpytest("-p", "paragon")
    result.assert_outcomes(**{outcome: 1})
    if outcome == "failed":
        result.stdout.fnmatch_lines(
            [
                "*UnmatchedAnswerError: No registered proxy answer matches*",
                "*differs in*",
                "*allow_unmatched_answers=True*",
            ]
        )


def test_unused_answers_can_be_allowed_for_a_module_through_paragon_config(
    pytester: pytest.Pytester,
) -> None:
    pytester.makepyfile(
        "import pytest\n"
        "@pytest.fixture\n"
        "def paragon_config():\n"
        "    return {'allow_unused_answers': True}\n"
        "def test_x(paragon_fake):\n"
        "    paragon_fake.proxy.on('slack', {'ok': True})\n"
    )
    pytester.runpytest("-p", "paragon").assert_outcomes(passed=1)


def test_the_contract_suite_failure_is_a_paragon_failure() -> None:
    from pytest_paragon.contract_suite.plugin import NotExercisedError

    assert issubclass(NotExercisedError, errors.ParagonFailure)
