"""The benchmark's report: targets judged from the figures, the table, the JSON and the chart."""

import json
from datetime import datetime

from bench.measure import LatencySummary, PhaseUsage
from bench.report import table, targets, write
from bench.run import Phase, Results


def phase(system: str, users: int, turns: int, p95_ms: float, errors: dict[str, int] | None = None) -> Phase:
    usage = PhaseUsage(seconds=10.0, peak_total_rss={system: 1024**3}, cpu_seconds={f"{system}.rasa": 5.0})
    latency = LatencySummary(turns, p95_ms / 2, p95_ms, p95_ms, p95_ms)
    return Phase(system, users, 10.0, turns, errors or {}, latency, {"web": latency}, usage)


def results(orienta_turns: int, errors_at_50: dict[str, int]) -> Results:
    return Results(
        phases=[
            phase("stock", 10, 100, 500.0),
            phase("orienta", 10, orienta_turns, 900.0),
            phase("orienta", 50, 200, 3000.0, errors_at_50),
        ],
        cold_start={"orienta": 30.0, "stock": 20.0},
        sizes={"training": {"seconds": None, "how": "not measured"}},
    )


def judged(found: Results) -> dict[str, bool | None]:
    return {name: met for name, met, _ in targets(found)}


def test_throughput_at_10_users_is_judged_as_a_ratio_to_stock_rasa():
    assert judged(results(95, {}))["throughput ≥ 0.9x stock Rasa at 10 users"] is True
    assert judged(results(80, {}))["throughput ≥ 0.9x stock Rasa at 10 users"] is False


def test_any_error_at_50_users_misses_the_target_and_unmeasured_training_is_not_judged():
    found = judged(results(95, {"timeout": 1}))
    assert found["zero errors at 50 users"] is False
    assert found["training ≤ 5 min on 2 cores"] is None
    assert found["cold start ≤ 60 s"] is True
    assert found["p95 ≤ 1 s at 10 users"] is True


def test_errors_count_against_throughput():
    assert phase("orienta", 10, 100, 1.0, {"timeout": 20}).throughput == 8.0


def test_the_table_shows_the_ratio_row_and_write_leaves_json_and_a_png(tmp_path):
    found = results(95, {})
    text, data, png = write(found, tmp_path)
    assert "| 10 | **ratio** | | **0.95x** |" in text
    assert text == table(found, datetime.fromisoformat(json.loads(data.read_text())["when"]))
    assert json.loads(data.read_text())["phases"][1]["throughput"] == 9.5
    assert png is not None and png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_run_without_levels_writes_its_json_and_no_chart(tmp_path):
    found = Results(cold_start={"orienta": 30.0, "stock": 20.0}, sizes={"training": {"seconds": None, "how": "-"}})
    text, data, png = write(found, tmp_path)
    assert png is None and not list(tmp_path.glob("*.png"))
    assert json.loads(data.read_text())["cold_start_seconds"] == {"orienta": 30.0, "stock": 20.0}
    assert "cold start ≤ 60 s" in text


def test_the_load_note_names_the_load_at_the_start_the_end_and_after_each_level():
    from bench.run import load_note

    levels = [phase("stock", 10, 100, 500.0), phase("orienta", 10, 90, 600.0), phase("stock", 50, 100, 900.0)]
    for level, load in zip(levels, (3.25, 3.25, 4.5), strict=True):
        level.load_average = load
    note = load_note((1.0, 2.0, 3.0), (4.0, 5.0, 6.0), levels)
    assert note == (
        "Load average (1, 5, 15 min): 1.0 2.0 3.0 at the start, 4.0 5.0 6.0 at the end; "
        "1 min at the end of each level: 10 users: 3.2, 50 users: 4.5."
    )
