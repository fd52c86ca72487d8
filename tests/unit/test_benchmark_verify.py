"""The verify benchmark's attribution (benchmarks/bench_verify.py), on a profile made here.

The benchmark itself profiles a whole ``pytest-paragon verify`` in a fresh interpreter (a minute
at the default size); these tests profile a few calls into the fake from outside it and check
how their time is counted. They never assert on timings.
"""

from __future__ import annotations

import cProfile
import pstats

import httpx

from benchmarks import bench_verify as bench
from pytest_paragon.fake.core import FakeParagon
from pytest_paragon.fake.entrances.users import ZEUS, make_user


def _profiled() -> tuple[pstats.Stats, cProfile.Profile]:
    fake = FakeParagon()
    user = make_user(fake, "bench-user")
    snapshot = fake.snapshot()
    headers, transport = user.headers, fake.transport()  # read before the profile starts
    profile = cProfile.Profile()
    profile.enable()
    with httpx.Client(headers=headers, transport=transport) as client:
        for _ in range(5):
            fake.restore(snapshot)
            client.get(f"{ZEUS}/projects/{fake.project.id}/sdk/me")
    profile.disable()
    return pstats.Stats(profile), profile


def test_calls_into_the_fake_are_counted_once_by_kind() -> None:
    stats, _ = _profiled()
    kinds = bench.fake_time(stats)
    assert set(kinds) == set(bench.KINDS)
    assert kinds["requests"] > 0  # the transport (fake/entrances) and all it calls
    assert kinds["restore"] > 0
    table = stats.stats  # type: ignore[attr-defined]
    outer = sum(
        cumulative
        for (path, _, name), (_, _, _, cumulative, _) in table.items()
        if "fake/entrances/transport.py" in path and name == "handle_request"
    )
    # handle_request calls FakeParagon.handle (inside the fake): counted in it, not again
    assert kinds["requests"] <= outer * 1.001
    assert sum(kinds.values()) <= stats.total_tt  # type: ignore[attr-defined]


def test_the_goal_row_is_met_only_under_ten_percent() -> None:
    results = {
        "max_examples": 25,
        "profiled_s": 100.0,
        "fake_s": 9.0,
        "share": 0.09,
        "by_kind_s": {"requests": 6.0, "restore": 2.0, "other": 1.0},
    }
    (row,) = bench.goal_rows(results)
    assert row.goal == "< 10%"
    assert row.met is True
    assert row.measured == "9.0% (requests 6.0%, restore 2.0%, other 1.0%)"
    missed = bench.goal_rows(results | {"share": 0.101})
    assert missed[0].met is False
