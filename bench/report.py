"""The run's figures as a table (stdout), a JSON file and a PNG chart under ``bench/results/``."""

from __future__ import annotations

import json
import os
import platform
from dataclasses import asdict
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from bench.measure import LatencySummary, ratio
from bench.run import Phase, Results

MB = 1024 * 1024
#: The issue's targets.
MIN_THROUGHPUT_RATIO = 0.9
MAX_P95_MS_AT_10 = 1000.0
MAX_TOTAL_RSS = 2.5 * 1024**3
MAX_COLD_START = 60.0
MAX_TRAINING = 300.0
MAX_GROWTH_RATIO = 1.5


def machine() -> str:
    """CPU model, cores, memory and Python: what the figures were measured on."""
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
        memory = int(Path("/proc/meminfo").read_text().split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        memory = 0
    system = f"Linux {platform.release()}, Python {platform.python_version()}"
    return f"{model}, {os.cpu_count()} cores, {memory / 1024**3:.0f} GB RAM, {system}"


def _phase(results: Results, system: str, users: int) -> Phase | None:
    return next((p for p in results.phases if p.system == system and p.users == users), None)


def targets(results: Results) -> list[tuple[str, bool | None, str]]:
    """Each target of the issue: its name, met (None when not measured) and the figures."""
    found: list[tuple[str, bool | None, str]] = []
    stock10, orienta10 = _phase(results, "stock", 10), _phase(results, "orienta", 10)
    if stock10 and orienta10:
        share = ratio(orienta10.throughput, stock10.throughput)
        figures = f"{orienta10.throughput:.1f} vs {stock10.throughput:.1f} msg/s = {share or 0:.2f}x"
        found.append(
            ("throughput ≥ 0.9x stock Rasa at 10 users", share is not None and share >= MIN_THROUGHPUT_RATIO, figures)
        )
        p95 = orienta10.latency.p95_ms if orienta10.latency else None
        found.append(("p95 ≤ 1 s at 10 users", p95 is not None and p95 <= MAX_P95_MS_AT_10, f"{p95 or 0:.0f} ms"))
    for users in (50, 100):
        phase = _phase(results, "orienta", users)
        if phase:
            errors = sum(phase.errors.values())
            detail = ", ".join(f"{k}: {v}" for k, v in phase.errors.items()) or "none"
            found.append((f"zero errors at {users} users", errors == 0, f"{errors} of {phase.turns} ({detail})"))
    totals = [p.usage.peak_total_rss.get("orienta", 0) for p in results.phases if p.system == "orienta"]
    if any(totals):
        found.append(("all processes ≤ 2.5 GB RSS", max(totals) <= MAX_TOTAL_RSS, f"peak {max(totals) / MB:.0f} MB"))
    cold = results.cold_start.get("orienta")
    if cold is not None:
        found.append(("cold start ≤ 60 s", cold <= MAX_COLD_START, f"{cold:.1f} s"))
    training = results.sizes.get("training") or {}
    seconds = training.get("seconds")
    met = None if seconds is None else seconds <= MAX_TRAINING
    shown = f"{seconds:.0f} s ({training.get('how')})" if seconds is not None else str(training.get("how"))
    found.append(("training ≤ 5 min on 2 cores", met, shown))
    grown = results.growth.get("orienta")
    if grown:
        found.append((
            f"latency after {grown.turns} turns ≤ 1.5x a fresh conversation",
            grown.ratio <= MAX_GROWTH_RATIO,
            f"{grown.long_median_ms:.0f} vs {grown.fresh_median_ms:.0f} ms = {grown.ratio:.2f}x",
        ))  # fmt: skip
    return found


def _p(summary: LatencySummary | None, name: str) -> str:
    """One percentile of a summary in milliseconds, or "-" when nothing was measured."""
    return "-" if summary is None else f"{getattr(summary, name):.0f}"


def _ms(value: float | None) -> str:
    """Milliseconds rounded, or "-" for a figure that was not measured."""
    return "-" if value is None else f"{value:.0f}"


def table(results: Results, when: datetime) -> str:
    """The figures as Markdown tables (readable in a terminal and in the README)."""
    lines = [f"Orienta benchmark, {when:%Y-%m-%d %H:%M} UTC, on {machine()}", ""]
    lines.append(
        "| users | system | messages | msg/s | p50 ms | p95 ms | p99 ms | errors | CPU % (of one core) | peak RSS MB |"
    )
    lines.append("|---:|---|---:|---:|---:|---:|---:|---:|---|---:|")
    for phase in results.phases:
        lat = phase.latency
        cpu = ", ".join(
            f"{name.partition('.')[2]} {phase.usage.cpu_percent(name):.0f}"
            for name in phase.usage.cpu_seconds
            if not name.endswith("launcher")
        )
        total = phase.usage.peak_total_rss.get(phase.system, 0) / MB
        errors = sum(phase.errors.values())
        lines.append(
            f"| {phase.users} | {phase.system} | {phase.turns} | {phase.throughput:.1f} | {_p(lat, 'p50_ms')} | "
            f"{_p(lat, 'p95_ms')} | {_p(lat, 'p99_ms')} | {errors} | {cpu} | {total:.0f} |"
        )
        stock = _phase(results, "stock", phase.users)
        if phase.system == "orienta" and stock and stock.latency and lat:
            lines.append(
                f"| {phase.users} | **ratio** | | **{ratio(phase.throughput, stock.throughput) or 0:.2f}x** | "
                f"{lat.p50_ms / stock.latency.p50_ms:.2f}x | {lat.p95_ms / stock.latency.p95_ms:.2f}x | "
                f"{lat.p99_ms / stock.latency.p99_ms:.2f}x | | | |"
            )
    lines += ["", "Orienta by channel (p50 / p95 ms): " + "; ".join(
        f"{p.users} users: " + ", ".join(f"{c} {_p(s, 'p50_ms')}/{_p(s, 'p95_ms')}" for c, s in by.items())
        for p in results.phases if p.system == "orienta" and (by := p.by_channel)
    )]  # fmt: skip
    lines.append("Alone (calibration pass, p50 / p95 ms): " + "; ".join(
        f"{name} {_p(s, 'p50_ms')}/{_p(s, 'p95_ms')}" for name, s in results.calibration.items()
    ))  # fmt: skip
    cold = results.cold_start
    lines.append(
        f"Cold start (process start → ready): Orienta {_seconds(cold.get('orienta'))} (launcher → /readyz), "
        f"stock Rasa {_seconds(cold.get('stock'))} (→ /status with the model)"
    )
    for system, grown in results.growth.items():
        lines.append(
            f"Tracker growth, {system}: probe after {grown.turns} turns ({grown.events} events) "
            f"{grown.long_median_ms:.0f} ms vs fresh {grown.fresh_median_ms:.0f} ms = {grown.ratio:.2f}x"
        )
    lines.append("Peak RSS per process over the run (VmHWM): " + ", ".join(
        f"{name} {value / MB:.0f} MB" for name, value in results.peak_rss.items()
    ))  # fmt: skip
    sizes = results.sizes
    training = sizes.get("training") or {}
    lines.append(
        f"Model {sizes.get('model_bytes', 0) / MB:.0f} MB; "
        f"installed virtualenv {sizes.get('venv_bytes', 0) / MB:.0f} MB; "
        f"training {_seconds(training.get('seconds'))} ({training.get('how')})"
    )
    lines += [*results.notes, "", "| target | met | figures |", "|---|---|---|"]
    for name, met, figures in targets(results):
        lines.append(f"| {name} | {'yes' if met else 'not measured' if met is None else '**no**'} | {figures} |")
    return "\n".join(lines)


def _seconds(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f} s"


def as_json(results: Results, when: datetime) -> dict[str, Any]:
    """Everything, JSON-ready."""
    phases = []
    for phase in results.phases:
        item = asdict(phase)
        item["usage"] = phase.usage.as_dict()
        item["throughput"] = phase.throughput
        phases.append(item)
    return {
        "when": when.isoformat(),
        "machine": machine(),
        "phases": phases,
        "calibration": {k: v and asdict(v) for k, v in results.calibration.items()},
        "cold_start_seconds": results.cold_start,
        "growth": {k: {**asdict(v), "ratio": v.ratio} for k, v in results.growth.items()},
        "peak_rss_bytes": results.peak_rss,
        "sizes": results.sizes,
        "notes": results.notes,
        "targets": [{"target": n, "met": m, "figures": f} for n, m, f in targets(results)],
    }


def chart(results: Results, path: Path) -> None:
    """Latency (p50, p95) and throughput against concurrency, Orienta next to stock Rasa."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, (latency, throughput) = plt.subplots(1, 2, figsize=(11, 4.2))
    for system, colour in (("orienta", "#00558c"), ("stock", "#c0504d")):
        phases = [p for p in results.phases if p.system == system and p.latency]
        users = [p.users for p in phases]
        label = "Orienta (gateway + Rasa + actions)" if system == "orienta" else "stock rasa run (REST)"
        latency.plot(users, [p.latency.p50_ms for p in phases if p.latency], "o-", color=colour, label=f"{label} p50")
        latency.plot(users, [p.latency.p95_ms for p in phases if p.latency], "s--", color=colour, label=f"{label} p95")
        throughput.plot(users, [p.throughput for p in phases], "o-", color=colour, label=label)
    for axis in (latency, throughput):
        axis.set_xscale("log")
        axis.set_xticks([p.users for p in results.phases if p.system == "orienta"])
        axis.get_xaxis().set_major_formatter(matplotlib.ticker.ScalarFormatter())
        axis.set_xlabel("concurrent users (closed loop, no pause)")
        axis.grid(True, alpha=0.3)
    latency.set_yscale("log")
    latency.set_ylabel("per-message latency, ms")
    latency.set_title("Latency vs concurrency")
    latency.legend(fontsize=7)
    throughput.set_ylabel("messages / s")
    throughput.set_title("Throughput vs concurrency")
    throughput.legend(fontsize=7)
    figure.suptitle(machine(), fontsize=8)
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)


def write(results: Results, results_dir: Path) -> tuple[str, Path, Path | None]:
    """Print-ready table; JSON and PNG written as ``<date>.json`` and ``<date>.png``.

    A run without levels (``--levels ""``) has no chart to draw: no PNG.
    """
    when = datetime.now(timezone.utc)
    results_dir.mkdir(parents=True, exist_ok=True)
    stem = when.strftime("%Y-%m-%d")
    data, png = results_dir / f"{stem}.json", results_dir / f"{stem}.png"
    data.write_text(json.dumps(as_json(results, when), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    if not results.phases:
        return table(results, when), data, None
    chart(results, png)
    return table(results, when), data, png
