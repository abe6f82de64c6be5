"""How `make bench` turns its loads into figures (bench/run.py): rounds, spread, paired ratios, the targets."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench import run
from tests.browser.support.wire import WireEvent, WireLog

APPS = ("app", "baseline", "floor", "floor_same_page")


def load(time_s: float, **extra: float | None) -> dict:
    record = {
        "time_to_map_s": time_s,
        "time_to_idle_page_s": time_s + 1,
        "first_view_bytes": 100.0,
        "filter_change_bytes": 20_000.0,
        "click_bytes": 12_000.0,
        "pan_zoom_bytes": 0.0,
        "timeline_open_bytes": None,
        "click_with_timeline_bytes": None,
        "external_requests": [],
        "errors": [],
    }
    record.update(extra)
    return record


def rounds(**times: list[float]) -> dict[str, list[dict]]:
    return {
        name: [load(t, first_view_bytes=1000.0 if name == "baseline" else 100.0) for t in ts]
        for name, ts in times.items()
    }


def test_each_round_starts_with_the_next_app():
    subjects = [run.Subject(name, Path(name), lambda _: 1, (0, 0), False, False) for name in "abcd"]
    orders = ["".join(s.name for s in run.rotated(subjects, n)) for n in range(5)]
    assert orders == ["abcd", "bcda", "cdab", "dabc", "abcd"]


def test_paired_ratios_compare_loads_of_the_same_round():
    results = rounds(app=[1.2, 2.4, 1.1], floor=[1.0, 2.0, 1.0])
    assert run.paired_ratios(results, "app", "floor") == {"median": 1.2, "min": 1.1, "max": 1.2}
    # the ratio of medians mixes rounds: a slow round of one app meets a fast round of the other
    assert run.median(results["app"], "time_to_map_s") / run.median(results["floor"], "time_to_map_s") == 1.2


def test_spread_is_the_fastest_and_the_slowest_and_skips_what_an_app_does_not_have():
    records = [load(1.5), load(1.2), load(1.9)]
    assert run.spread(records, "time_to_map_s") == [1.2, 1.9]
    assert run.spread(records, "timeline_open_bytes") is None


def test_times_are_judged_on_the_paired_median_and_every_target_must_hold():
    # app/floor by round: 1.05, 1.048, 1.30; the ratio of medians (1.3 / 1.0) would fail, the paired median (1.05)
    # passes: the second round was slow for both
    unthrottled = rounds(
        app=[1.05, 1.3, 1.3], baseline=[2.0, 2.0, 2.0], floor=[1.0, 1.24, 1.0], floor_same_page=[1, 1, 1]
    )
    slowed = rounds(app=[3.0, 3.0, 3.0], baseline=[4.0, 4.0, 4.0], floor=[2.7, 2.7, 2.7], floor_same_page=[3, 3, 3])
    summary = run.summarise(unthrottled, slowed, 3)
    assert summary["ratios"]["time_to_map_vs_floor"] == 1.3
    assert summary["paired_ratios"]["time_to_map_vs_floor"]["median"] == 1.05
    assert summary["met"]["time_to_map_vs_floor"] is True
    assert summary["met"]["first_view_vs_baseline"] is True  # 100 of 1000 bytes: 0.1 <= 0.2
    cpu = summary["cpu_x4"]
    assert cpu["paired_ratios"]["time_to_map_vs_floor"]["median"] == 1.111
    assert cpu["met"] == {"time_to_map_vs_floor": True, "time_to_map_vs_baseline": True}  # 0.75 <= 0.8
    assert summary["all_met"] is True


@pytest.mark.parametrize(
    ("change", "failed"),
    [
        ({"click_bytes": 15_001.0}, "click_bytes"),
        ({"pan_zoom_bytes": 1.0}, "pan_zoom_bytes"),
        ({"filter_change_bytes": 40_001.0}, "filter_change_bytes"),
        ({"first_view_bytes": 201.0}, "first_view_vs_baseline"),
        ({"external_requests": ["https://cdn.example/leaflet.js"]}, "no_external_requests"),
    ],
)
def test_one_figure_over_its_target_fails_the_run(change, failed):
    unthrottled = rounds(app=[1.0], baseline=[2.0], floor=[1.0], floor_same_page=[1.0])
    unthrottled["app"][0].update(change)
    slowed = rounds(app=[3.0], baseline=[4.0], floor=[3.0], floor_same_page=[3.0])
    summary = run.summarise(unthrottled, slowed, 1)
    assert [k for k, ok in summary["met"].items() if not ok] == [failed]
    assert summary["all_met"] is False


def test_slow_on_a_phone_fails_the_run():
    unthrottled = rounds(app=[1.0], baseline=[2.0], floor=[1.0], floor_same_page=[1.0])
    slowed = rounds(app=[3.3], baseline=[4.0], floor=[2.8], floor_same_page=[3.0])  # 1.18 x floor, 0.825 x naive
    cpu = run.summarise(unthrottled, slowed, 1)["cpu_x4"]
    assert cpu["met"] == {"time_to_map_vs_floor": False, "time_to_map_vs_baseline": False}


def test_the_page_is_idle_only_after_its_last_byte_heartbeats_aside():
    log = WireLog()
    log.events += [
        WireEvent("websocket", "in", 10, "delta", at=5.0),
        WireEvent("heartbeat", "in", 2, "heartbeat", at=9.0),
    ]
    assert log.last_activity() == 5.0
    log.events.append(WireEvent("app_static", "in", 10, "councils.json", at=7.0))
    assert log.last_activity() == 7.0
    assert WireLog().last_activity() is None
