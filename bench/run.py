"""One benchmark run: start everything, drive each level on stock Rasa and on Orienta, measure.

Phases, in order: stock Rasa's and Orienta's cold starts; a quiet calibration pass (one web
and one Telegram user per conversation: the texts stock Rasa will get, the message counts of
Telegram turns, and the figures of a lone user); then each concurrency level, on stock Rasa
and Orienta for the same time; then tracker growth on both; then sizes. Everything runs on
loopback.

A level runs in four parts of half its time each, stock Rasa, Orienta, Orienta, stock Rasa
(``rounds``), each system's two parts merged into its figures. On a shared virtual machine the host's speed
drifts over minutes; run one after the other, whichever system came second got a different
machine (stock Rasa alone measured 22 to 29 messages/s in one afternoon). In this order a
steady drift falls on both systems alike and cancels out of the ratio.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import tempfile
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
import httpx

from bench import growth, sizes
from bench.baseline import StockRasa
from bench.measure import LatencySummary, PhaseUsage, ProcessSampler, peak_rss_bytes
from bench.scripts import Script, load_scripts
from bench.stack import FakeJobTechProcess, OrientaStack
from bench.telegram_api import TelegramHub
from bench.users import Calibration, RestUser, TelegramUser, TroubleTexts, TurnRecord, User, WebUser, run_users
from bot.config import PROJECT_DIR

#: Every TELEGRAM_SHARE-th simulated Orienta user is on Telegram, the others on the web chat.
TELEGRAM_SHARE = 5
SYSTEMS = ("stock", "orienta")


def rounds(seconds: float) -> list[tuple[str, float]]:
    """The parts of one level, in order: (system, seconds), each system ``seconds`` in all.

    Stock Rasa, Orienta, Orienta, stock Rasa: each system's time is centred on the same
    instant, so a drift of the machine's speed that is steady over the level cancels out.
    """
    first, second = SYSTEMS
    half = seconds / 2
    return [(first, half), (second, half), (second, half), (first, half)]


@dataclass
class Options:
    """What to run."""

    levels: tuple[int, ...] = (1, 10, 50, 100)
    seconds: float = 25.0
    train: bool = False
    gateway_url: str | None = None
    rasa_url: str | None = None
    rasa_token: str | None = None
    model: Path = PROJECT_DIR / "models" / "orienta.tar.gz"


@dataclass
class Phase:
    """The figures of one system at one level."""

    system: str
    users: int
    seconds: float
    turns: int
    errors: dict[str, int]
    latency: LatencySummary | None
    by_channel: dict[str, LatencySummary | None]
    usage: PhaseUsage
    #: The machine's 1-minute load average when the level ended: how busy the cores were.
    load_average: float | None = None

    @property
    def throughput(self) -> float:
        """Answered messages per second (errors excluded)."""
        return (self.turns - sum(self.errors.values())) / self.seconds if self.seconds else 0.0


@dataclass
class Results:
    """Everything one run measured."""

    phases: list[Phase] = field(default_factory=list)
    calibration: dict[str, LatencySummary | None] = field(default_factory=dict)
    cold_start: dict[str, float | None] = field(default_factory=dict)
    growth: dict[str, growth.GrowthResult] = field(default_factory=dict)
    peak_rss: dict[str, int] = field(default_factory=dict)
    sizes: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def summarise(system: str, users: int, records: Sequence[TurnRecord], seconds: float, usage: PhaseUsage) -> Phase:
    """Turn a level's records into its figures."""
    ok = [r for r in records if r.error is None]
    errors = Counter(r.error for r in records if r.error is not None)
    channels = sorted({r.channel for r in records})
    return Phase(
        system=system,
        users=users,
        seconds=seconds,
        turns=len(records),
        errors=dict(errors),
        latency=LatencySummary.of([r.latency for r in ok]),
        by_channel={c: LatencySummary.of([r.latency for r in ok if r.channel == c]) for c in channels},
        usage=usage,
    )


def merged_phase(system: str, users: int, parts: Sequence[tuple[Sequence[TurnRecord], float, PhaseUsage]]) -> Phase:
    """One system's figures at one level from the parts it ran in: (records, seconds, usage)."""
    records = [record for part, _, _ in parts for record in part]
    seconds = sum(elapsed for _, elapsed, _ in parts)
    return summarise(system, users, records, seconds, PhaseUsage.merged([usage for _, _, usage in parts]))


async def run(options: Options) -> Results:
    """Run the whole benchmark and return its figures."""
    results = Results()
    load_at_start = os.getloadavg()
    scripts = load_scripts()
    trouble = TroubleTexts()
    with tempfile.TemporaryDirectory(prefix="orienta-bench-") as tmp, contextlib.ExitStack() as stops:
        work = Path(tmp)
        hub = TelegramHub()
        await hub.start()
        jobtech = FakeJobTechProcess.start(work)
        stops.callback(jobtech.stop)
        sampler = stops.enter_context(
            ProcessSampler({"bench.users": os.getpid(), "bench.fake-jobtech": jobtech.process.pid})
        )

        stock = StockRasa.start(options.model, work / "stock")
        stops.callback(stock.stop)
        sampler.watch({"stock.rasa": stock.process.pid})
        results.cold_start["stock"] = stock.cold_start_seconds

        if options.gateway_url:
            orienta = OrientaStack.attach(options.gateway_url, options.rasa_url, options.rasa_token)
            results.notes.append(f"Orienta was a running stack at {options.gateway_url}: no cold start or memory.")
        else:
            (work / "orienta").mkdir()
            orienta = OrientaStack.start(work / "orienta", jobtech.url, hub.url, hub.token)
            stops.callback(orienta.stop)
            sampler.watch({f"orienta.{name}": pid for name, pid in orienta.pids.items()})
            await hub.polled(timeout=60)
        results.cold_start["orienta"] = orienta.cold_start_seconds
        orienta_names = [n for n in sampler.names() if n.startswith("orienta.")]

        connector = aiohttp.TCPConnector(limit=0)
        async with aiohttp.ClientSession(connector=connector) as session:
            calibration, samples = await _calibrate(session, orienta, hub, trouble, scripts, results)
            await _warm_stock(session, stock, calibration, scripts)
            for level in options.levels:
                parts: dict[str, list[tuple[list[TurnRecord], float, PhaseUsage]]] = {s: [] for s in SYSTEMS}
                for system, seconds in rounds(options.seconds):
                    users = await _users(system, level, session, orienta, stock, hub, trouble, calibration)
                    sampler.begin()
                    records, elapsed = await run_users(users, scripts, seconds)
                    only = (
                        ["stock.rasa", "bench.users"]
                        if system == "stock"
                        else [*orienta_names, "bench.users", "bench.fake-jobtech"]
                    )
                    parts[system].append((records, elapsed, sampler.end(only)))
                    await asyncio.gather(*(u.close() for u in users))
                load = os.getloadavg()[0]
                for system in SYSTEMS:
                    results.phases.append(merged_phase(system, level, parts[system]))
                    results.phases[-1].load_average = load
            results.growth = await _growth(session, orienta, stock, trouble, samples)

        results.peak_rss = {n: v for n in sampler.names() if (v := peak_rss_bytes(sampler.pid(n))) is not None}
        await hub.stop()
    results.sizes = sizes.measure(options.model, train=options.train)
    results.notes.append(load_note(load_at_start, os.getloadavg(), results.phases))
    return results


def load_note(start: tuple[float, float, float], end: tuple[float, float, float], phases: list[Phase]) -> str:
    """The machine's load averages over the run: the figures are only as quiet as the machine was."""
    loads = {p.users: p.load_average for p in phases if p.load_average is not None}
    levels = ", ".join(f"{users} users: {load:.1f}" for users, load in loads.items())
    text = f"Load average (1, 5, 15 min): {' '.join(f'{v:.1f}' for v in start)} at the start"
    text += f", {' '.join(f'{v:.1f}' for v in end)} at the end"
    return text + (f"; 1 min at the end of each level: {levels}." if levels else ".")


async def _calibrate(
    session: aiohttp.ClientSession,
    orienta: OrientaStack,
    hub: TelegramHub,
    trouble: TroubleTexts,
    scripts: list[Script],
    results: Results,
) -> tuple[Calibration, list[str]]:
    """One quiet pass per conversation and channel; return what it learned and the web sessions held."""
    calibration = Calibration()
    web_records: list[TurnRecord] = []
    sessions: list[str] = []
    for script in scripts:
        user = await WebUser.open(session, orienta.url, trouble, learn=calibration, sessions=sessions)
        await user.converse(script, web_records.append, float("inf"))
        await user.close()
    telegram_records: list[TurnRecord] = []
    await asyncio.gather(
        *(
            TelegramUser(hub, trouble, calibration, learn=True).converse(s, telegram_records.append, float("inf"))
            for s in scripts
        )
    )
    for name, records in (("web, 1 user", web_records), ("telegram, 2 users", telegram_records)):
        failed = [r for r in records if r.error]
        if failed:
            raise RuntimeError(f"the calibration pass failed ({name}): {failed[:3]}")
        results.calibration[name] = LatencySummary.of([r.latency for r in records])
    return calibration, sessions


async def _warm_stock(
    session: aiohttp.ClientSession, stock: StockRasa, calibration: Calibration, scripts: list[Script]
) -> None:
    """Stock Rasa's first messages load TensorFlow graphs; Orienta's did in calibration."""
    user = RestUser(session, stock.url, calibration)
    for script in scripts:
        await user.converse(script, lambda record: None, float("inf"))


async def _users(
    system: str,
    level: int,
    session: aiohttp.ClientSession,
    orienta: OrientaStack,
    stock: StockRasa,
    hub: TelegramHub,
    trouble: TroubleTexts,
    calibration: Calibration,
) -> list[User]:
    """``level`` users for ``system``, connected and ready."""
    if system == "stock":
        return [RestUser(session, stock.url, calibration) for _ in range(level)]
    users: list[User] = []
    for index in range(level):
        if index % TELEGRAM_SHARE == TELEGRAM_SHARE - 1:
            users.append(TelegramUser(hub, trouble, calibration))
        else:
            users.append(await WebUser.open(session, orienta.url, trouble))
    return users


async def _growth(
    session: aiohttp.ClientSession,
    orienta: OrientaStack,
    stock: StockRasa,
    trouble: TroubleTexts,
    sessions: list[str],
) -> dict[str, growth.GrowthResult]:
    """Latency of a probe in a 500-turn conversation against fresh ones, on Orienta and stock Rasa."""
    if not orienta.rasa_url:
        return {}
    async with httpx.AsyncClient() as client:
        sample: list[dict[str, Any]] = []
        for session_id in sessions:
            events = await growth.tracker_events(client, orienta.rasa_url, f"web:{session_id}", orienta.rasa_token)
            sample += growth.repeatable_events(events)
        events = growth.grown(sample)
        found: dict[str, growth.GrowthResult] = {}

        web = await WebUser.open(session, orienta.url, trouble)
        long_id = await web.start_session(None)
        await web.say_once("hello", long_id)
        await growth.append_events(client, orienta.rasa_url, f"web:{long_id}", events, orienta.rasa_token)

        async def orienta_long() -> float:
            await web.start_session(long_id)
            return await web.say_once(growth.PROBE_TEXT, long_id)

        async def orienta_fresh() -> float:
            fresh = await web.start_session(None)
            await web.say_once("hello", fresh)
            return await web.say_once(growth.PROBE_TEXT, fresh)

        turns = growth.user_turns(events)
        found["orienta"] = await growth.compare(orienta_long, orienta_fresh, turns, len(events))
        await web.close()

        rest = RestUser(session, stock.url, Calibration())
        await rest.say_once("stock-long", "hello")
        await growth.append_events(client, stock.url, "stock-long", events, None)
        counter = iter(range(10_000))

        async def stock_long() -> float:
            return await rest.say_once("stock-long", growth.PROBE_TEXT)

        async def stock_fresh() -> float:
            sender = f"stock-fresh-{next(counter)}"
            await rest.say_once(sender, "hello")
            return await rest.say_once(sender, growth.PROBE_TEXT)

        found["stock"] = await growth.compare(stock_long, stock_fresh, turns, len(events))
    return found
