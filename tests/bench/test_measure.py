"""The benchmark's arithmetic: percentiles, summaries, ratios, /proc readings, tracker growth."""

import os

import pytest

from bench.growth import grown, repeatable_events, user_turns
from bench.measure import LatencySummary, ProcessSampler, cpu_seconds, percentile, ratio, rss_bytes
from bench.scripts import load_scripts, web_button_payload


def test_percentile_interpolates_between_ranks_like_numpy():
    values = [1.0, 2.0, 3.0, 4.0]
    assert percentile(values, 0.5) == 2.5
    assert percentile(values, 0.0) == 1.0
    assert percentile(values, 1.0) == 4.0
    assert percentile(list(range(1, 101)), 0.95) == pytest.approx(95.05)


def test_percentile_ignores_the_order_it_is_given():
    assert percentile([9.0, 1.0, 5.0], 0.5) == 5.0


def test_percentile_refuses_no_values_and_shares_outside_0_to_1():
    with pytest.raises(ValueError):
        percentile([], 0.5)
    with pytest.raises(ValueError):
        percentile([1.0], 95)


def test_latency_summary_is_in_milliseconds_and_none_without_values():
    summary = LatencySummary.of([0.1, 0.2, 0.3])
    assert summary is not None
    assert (summary.count, summary.p50_ms, summary.max_ms) == (3, pytest.approx(200.0), pytest.approx(300.0))
    assert LatencySummary.of([]) is None


def test_ratio_is_none_when_the_baseline_is_missing_or_zero():
    assert ratio(9.0, 10.0) == pytest.approx(0.9)
    assert ratio(9.0, 0.0) is None
    assert ratio(None, 10.0) is None


def test_this_process_has_rss_and_cpu_time_and_a_gone_pid_has_none():
    assert rss_bytes(os.getpid()) > 1_000_000
    assert cpu_seconds(os.getpid()) > 0
    assert rss_bytes(2**22 + 12345) is None


def test_sampler_reports_peaks_per_process_and_per_group():
    with ProcessSampler({"bench.users": os.getpid(), "bench.copy": os.getpid()}, interval=0.01) as sampler:
        sampler.begin()
        usage = sampler.end()
    own = usage.peak_rss["bench.users"]
    assert own > 1_000_000
    assert usage.peak_total_rss["bench"] == pytest.approx(2 * own, rel=0.2)
    assert set(usage.cpu_seconds) == {"bench.users", "bench.copy"}


def test_grown_repeats_whole_conversations_until_it_holds_the_turns_asked_for():
    sample = [{"event": "user", "text": "hi"}, {"event": "bot", "text": "hello"}, {"event": "user", "text": "x"}]
    events = grown(sample, turns=5)
    assert user_turns(events) == 6, "three whole copies: a conversation is never cut mid-way"
    assert events[-3:] == sample


def test_repeatable_events_drop_session_starts_and_timestamps():
    events = [
        {"event": "action", "name": "action_session_start", "timestamp": 1.0},
        {"event": "session_started", "timestamp": 1.0},
        {"event": "user", "text": "hi", "timestamp": 2.0},
    ]
    assert repeatable_events(events) == [{"event": "user", "text": "hi"}]


def test_a_button_is_found_by_the_start_of_its_title_in_the_latest_reply():
    replies = [
        {"text": "old", "quick_replies": [{"title": "Your digital skills (old)", "payload": "/old"}]},
        {"text": "new", "quick_replies": [{"title": "Your digital skills (10 questions)", "payload": "/new"}]},
    ]
    assert web_button_payload(replies, "Your digital skills") == "/new"
    assert web_button_payload(replies, "Something else") is None


def test_the_bundled_conversations_load_and_start_with_a_greeting():
    scripts = load_scripts()
    assert len(scripts) >= 2
    assert all(not s.turns[0].button for s in scripts)


def test_a_timed_training_gets_an_empty_cache_of_rasas_own_so_nothing_is_reused(tmp_path):
    from rasa.engine.caching import CACHE_LOCATION_ENV

    from bench.sizes import CACHE_DIRECTORY_VARIABLE, training_environment

    assert CACHE_DIRECTORY_VARIABLE == CACHE_LOCATION_ENV
    env = training_environment(tmp_path / "cache")
    assert env[CACHE_LOCATION_ENV] == str(tmp_path / "cache")
    assert env["TF_CPP_MIN_LOG_LEVEL"] == "2"
