"""The one date parser reads RFC 3339 / ISO 8601 the same on every supported Python."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from pytest_paragon.fake.base.dates import parse_instant

UTC = timezone.utc
PLUS_2 = timezone(timedelta(hours=2))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-05-01T12:30:15Z", datetime(2024, 5, 1, 12, 30, 15, tzinfo=UTC)),
        ("2024-05-01t12:30:15z", datetime(2024, 5, 1, 12, 30, 15, tzinfo=UTC)),
        ("0200-03-12T07:48:00.54Z", datetime(200, 3, 12, 7, 48, 0, 540000, tzinfo=UTC)),  # 3.10's
        ("2024-05-01T12:30:15.1Z", datetime(2024, 5, 1, 12, 30, 15, 100000, tzinfo=UTC)),
        ("2024-05-01T12:30:15.123Z", datetime(2024, 5, 1, 12, 30, 15, 123000, tzinfo=UTC)),
        ("2024-05-01T12:30:15.123456789Z", datetime(2024, 5, 1, 12, 30, 15, 123456, tzinfo=UTC)),
        ("2024-05-01T12:30:15,5Z", datetime(2024, 5, 1, 12, 30, 15, 500000, tzinfo=UTC)),
        (
            "2024-05-01T14:30:15+02:00",
            datetime(2024, 5, 1, 14, 30, 15, tzinfo=timezone(timedelta(hours=2))),
        ),
        (
            "2024-05-01T07:00:15.25-05:30",
            datetime(
                2024, 5, 1, 7, 0, 15, 250000, tzinfo=timezone(-timedelta(hours=5, minutes=30))
            ),
        ),
        ("2024-05-01T14:30+0200", datetime(2024, 5, 1, 14, 30, tzinfo=PLUS_2)),
        ("2024-05-01T14:30:00+02", datetime(2024, 5, 1, 14, 30, tzinfo=PLUS_2)),
        ("2024-05-01 12:30:15", datetime(2024, 5, 1, 12, 30, 15, tzinfo=UTC)),  # no offset: UTC
        ("2024-05-01", datetime(2024, 5, 1, tzinfo=UTC)),
        (" 2024-05-01T12:30:15Z ", datetime(2024, 5, 1, 12, 30, 15, tzinfo=UTC)),
    ],
)
def test_reads_z_offsets_and_fractions_of_any_length(text: str, expected: datetime) -> None:
    parsed = parse_instant(text)
    assert parsed == expected
    assert parsed.utcoffset() == expected.utcoffset()


@pytest.mark.parametrize(
    "text",
    [
        "yesterday",
        "",
        "2024-13-01T00:00:00Z",
        "2024-05-01T24:00:00Z",
        "2024-05-01T12:30:15+24:00",
        "2024-05-01T12:30:15.Z",
        "2024-05-01T12Z",
        "20240501T123015Z",
        "2024-05-01T12:30:15Zjunk",
        "\uff12\uff10\uff12\uff14-05-01",  # not ASCII digits
    ],
)
def test_refuses_what_is_not_an_instant(text: str) -> None:
    with pytest.raises(ValueError, match=r"ISO 8601|offset|out of range|must be in"):
        parse_instant(text)


def test_the_package_reads_client_dates_with_this_parser_only() -> None:
    """No client input goes through the version-dependent ``datetime.fromisoformat``."""
    from pathlib import Path

    package = Path(__file__).resolve().parents[2] / "pytest_paragon"
    users = [
        path.relative_to(package).as_posix()
        for path in package.rglob("*.py")
        if "fromisoformat(" in path.read_text(encoding="utf-8")
    ]
    assert users == []
