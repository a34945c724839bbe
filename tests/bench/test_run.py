"""How a benchmark run orders and merges the parts of a level."""

import pytest

from bench.measure import PhaseUsage
from bench.run import merged_phase, rounds
from bench.users import TurnRecord


def test_a_level_runs_stock_orienta_orienta_stock_each_for_half_the_time():
    assert rounds(25.0) == [("stock", 12.5), ("orienta", 12.5), ("orienta", 12.5), ("stock", 12.5)]


def test_each_systems_parts_are_centred_on_the_same_instant_so_a_steady_drift_cancels():
    # A machine whose speed changes linearly with time gives both systems the same mean speed.
    start, middles = 0.0, {"stock": [], "orienta": []}
    for system, seconds in rounds(10.0):
        middles[system].append(start + seconds / 2)
        start += seconds
    assert sum(middles["stock"]) / 2 == pytest.approx(sum(middles["orienta"]) / 2)


def test_merged_usage_adds_time_and_cpu_and_keeps_the_highest_peaks():
    first = PhaseUsage(5.0, {"orienta.rasa": 100, "bench.users": 7}, {"orienta": 300}, {"orienta.rasa": 2.0})
    second = PhaseUsage(6.0, {"orienta.rasa": 90, "orienta.actions": 40}, {"orienta": 320}, {"orienta.rasa": 3.5})
    whole = PhaseUsage.merged([first, second])
    assert whole.seconds == 11.0
    assert whole.peak_rss == {"orienta.rasa": 100, "bench.users": 7, "orienta.actions": 40}
    assert whole.peak_total_rss == {"orienta": 320}
    assert whole.cpu_seconds == {"orienta.rasa": 5.5}
    assert whole.cpu_percent("orienta.rasa") == pytest.approx(50.0)


def test_a_merged_phase_counts_the_turns_errors_and_time_of_both_parts():
    ok, slow = TurnRecord("web", "s", 1, 0.2, None), TurnRecord("web", "s", 2, 0.4, None)
    failed = TurnRecord("telegram", "s", 1, 5.0, "timeout")
    phase = merged_phase("orienta", 10, [([ok, failed], 10.0, PhaseUsage(10.0)), ([slow], 12.0, PhaseUsage(12.0))])
    assert (phase.turns, phase.seconds, phase.errors) == (3, 22.0, {"timeout": 1})
    assert phase.throughput == pytest.approx(2 / 22.0)
    assert phase.latency is not None and phase.latency.count == 2 and phase.latency.max_ms == pytest.approx(400.0)
    assert set(phase.by_channel) == {"web", "telegram"} and phase.by_channel["telegram"] is None
