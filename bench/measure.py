"""What the benchmark measures: latency percentiles, throughput, and each process's memory and CPU.

Memory and CPU come from ``/proc`` (Linux), sampled in a background thread so the figures cover
the whole of a phase: RSS (``VmRSS``) at every sample, the peak of each process and the peak of
their sum, and CPU seconds (``utime + stime``) between the start and the end of a phase.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
SAMPLE_SECONDS = 0.5


def percentile(values: Sequence[float], share: float) -> float:
    """The ``share`` (0..1) percentile, interpolating linearly between the two nearest ranks.

    The same definition as numpy's default, so a reader can check a figure with one call.
    """
    if not values:
        raise ValueError("no values")
    if not 0.0 <= share <= 1.0:
        raise ValueError(f"share must be within 0..1, got {share}")
    ordered = sorted(values)
    rank = share * (len(ordered) - 1)
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


@dataclass(frozen=True)
class LatencySummary:
    """Per-message latency of one phase, in milliseconds."""

    count: int
    p50_ms: float
    p95_ms: float
    p99_ms: float
    max_ms: float

    @classmethod
    def of(cls, seconds: Sequence[float]) -> LatencySummary | None:
        """Summarise latencies given in seconds; None when there are none."""
        if not seconds:
            return None
        ms = [s * 1000.0 for s in seconds]
        return cls(len(ms), percentile(ms, 0.50), percentile(ms, 0.95), percentile(ms, 0.99), max(ms))


def ratio(value: float | None, baseline: float | None) -> float | None:
    """``value / baseline``, or None when either is missing or the baseline is zero."""
    if value is None or not baseline:
        return None
    return value / baseline


def rss_bytes(pid: int) -> int | None:
    """Resident memory of ``pid`` now (VmRSS), or None if it is gone."""
    return _status_field(pid, "VmRSS")


def peak_rss_bytes(pid: int) -> int | None:
    """The kernel's high-water mark of ``pid``'s resident memory (VmHWM), or None if it is gone."""
    return _status_field(pid, "VmHWM")


def cpu_seconds(pid: int) -> float | None:
    """User plus system CPU time ``pid`` has used so far, or None if it is gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # The command name (field 2) may hold spaces; the fields after its ")" are fixed.
    fields = stat[stat.rindex(")") + 2 :].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def _status_field(pid: int, name: str) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(name + ":"):
                return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


@dataclass
class PhaseUsage:
    """Memory and CPU of each process over one phase.

    Processes are named ``group.role`` (``orienta.rasa``, ``stock.rasa``, ``bench.users``);
    ``peak_total_rss`` is the peak of each group's sum, sampled at the same instants.
    """

    seconds: float
    peak_rss: dict[str, int] = field(default_factory=dict)
    peak_total_rss: dict[str, int] = field(default_factory=dict)
    cpu_seconds: dict[str, float] = field(default_factory=dict)

    def cpu_percent(self, name: str) -> float | None:
        """CPU use of ``name`` as a percentage of one core over the phase."""
        used = self.cpu_seconds.get(name)
        return None if used is None or not self.seconds else 100.0 * used / self.seconds

    @classmethod
    def merged(cls, parts: Sequence[PhaseUsage]) -> PhaseUsage:
        """One phase run in ``parts``: their times and CPU seconds added, the peaks of them all."""
        whole = cls(seconds=sum(p.seconds for p in parts))
        for part in parts:
            for name, rss in part.peak_rss.items():
                whole.peak_rss[name] = max(rss, whole.peak_rss.get(name, 0))
            for group, rss in part.peak_total_rss.items():
                whole.peak_total_rss[group] = max(rss, whole.peak_total_rss.get(group, 0))
            for name, used in part.cpu_seconds.items():
                whole.cpu_seconds[name] = whole.cpu_seconds.get(name, 0.0) + used
        return whole

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form, CPU also as percent of one core."""
        return {**asdict(self), "cpu_percent": {n: self.cpu_percent(n) for n in self.cpu_seconds}}


class ProcessSampler:
    """Samples the RSS of named processes every ``SAMPLE_SECONDS`` in a background thread."""

    def __init__(self, pids: dict[str, int], interval: float = SAMPLE_SECONDS) -> None:
        """Watch ``pids`` (name → pid); the set can grow with ``watch``."""
        self._pids = dict(pids)
        self._interval = interval
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._phase: PhaseUsage | None = None
        self._phase_start = 0.0
        self._cpu_start: dict[str, float] = {}
        self._thread = threading.Thread(target=self._run, name="rss-sampler", daemon=True)

    def __enter__(self) -> ProcessSampler:
        """Start sampling."""
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        """Stop sampling."""
        self._stop.set()
        self._thread.join(timeout=5)

    def watch(self, pids: dict[str, int]) -> None:
        """Add processes to watch (a stack started later)."""
        with self._lock:
            self._pids.update(pids)

    def pid(self, name: str) -> int:
        """The pid watched under ``name``."""
        with self._lock:
            return self._pids[name]

    def names(self) -> list[str]:
        """The names watched."""
        with self._lock:
            return list(self._pids)

    def begin(self) -> None:
        """Start a phase: peaks reset, CPU counters noted."""
        with self._lock:
            self._phase = PhaseUsage(seconds=0.0)
            self._phase_start = time.monotonic()
            self._cpu_start = {n: c for n, p in self._pids.items() if (c := cpu_seconds(p)) is not None}
        self._sample()

    def end(self, only: Iterable[str] | None = None) -> PhaseUsage:
        """End the phase and return its usage (of the processes in ``only``, if given)."""
        self._sample()
        with self._lock:
            phase = self._phase or PhaseUsage(seconds=0.0)
            self._phase = None
            phase.seconds = time.monotonic() - self._phase_start
            for name, pid in self._pids.items():
                now, before = cpu_seconds(pid), self._cpu_start.get(name)
                if now is not None and before is not None:
                    phase.cpu_seconds[name] = now - before
        if only is not None:
            keep = set(only)
            phase.peak_rss = {n: v for n, v in phase.peak_rss.items() if n in keep}
            phase.cpu_seconds = {n: v for n, v in phase.cpu_seconds.items() if n in keep}
            groups = {n.partition(".")[0] for n in keep}
            phase.peak_total_rss = {g: v for g, v in phase.peak_total_rss.items() if g in groups}
        return phase

    def _run(self) -> None:
        while not self._stop.wait(self._interval):
            self._sample()

    def _sample(self) -> None:
        with self._lock:
            phase, pids = self._phase, dict(self._pids)
        if phase is None:
            return
        now = {name: rss for name, pid in pids.items() if (rss := rss_bytes(pid)) is not None}
        with self._lock:
            for name, rss in now.items():
                phase.peak_rss[name] = max(rss, phase.peak_rss.get(name, 0))
            totals: dict[str, int] = {}
            for name, rss in now.items():
                group = name.partition(".")[0]
                totals[group] = totals.get(group, 0) + rss
            for group, total in totals.items():
                phase.peak_total_rss[group] = max(total, phase.peak_total_rss.get(group, 0))
