"""The supervisors' exports of transcripts and the analytics page, with its CSV download.

Supervisors only (``Console.routes()`` guards them). Each export is audited with its format,
whether it was masked, how many conversations it held and the filters that chose them; an
unmasked export is its own audit action (``exported_unmasked``) so it stands out in the log.
"""

from __future__ import annotations

import asyncio
import csv
import io
import json
import time
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import Response

from bot.console.access import Caller
from bot.console.analytics import DAY, FUNNEL, METRICS, Report, build_report, report_csv_rows
from bot.console.exports import as_csv, as_json
from bot.console.filters import Filters
from bot.console.texts import Texts, key_of

if TYPE_CHECKING:
    from bot.console.routes import Console

PERIODS = (7, 30, 90)


class ReportRoutes:
    """Exports and analytics for ``console``."""

    def __init__(self, console: Console) -> None:
        """Read ``console``'s database."""
        self.console = console

    async def export(self, request: Request, caller: Caller) -> Response:
        """The filtered conversations' transcripts as CSV or JSON (``?format=``), masked unless ``unmasked=1``."""
        console = self.console
        filters = Filters.from_query(request.query_params)
        kind = "csv" if request.query_params.get("format") == "csv" else "json"
        masked = request.query_params.get("unmasked") != "1"
        rows = await asyncio.to_thread(console.filtered_rows, filters)
        if kind == "csv":
            body = await asyncio.to_thread(as_csv, rows, console.engine, masked=masked)
        else:
            shown = {k: v for k, v in vars(filters).items() if v}
            body = await asyncio.to_thread(as_json, rows, console.engine, masked=masked, filters=shown)
        detail = f"{kind}, {len(rows)} conversations, filters {filters.query_string() or 'none'}"
        action = "exported" if masked else "exported_unmasked"
        await asyncio.to_thread(console.audit.record, caller.user.username, action, None, detail)
        stamp = datetime.now(timezone.utc).strftime("%Y%m%d-%H%M%S")
        media = "text/csv; charset=utf-8" if kind == "csv" else "application/json"
        return Response(
            body,
            media_type=media,
            headers={"Content-Disposition": f'attachment; filename="orienta-transcripts-{stamp}.{kind}"'},
        )

    def _period(self, request: Request) -> int:
        try:
            days = int(request.query_params.get("days", "30"))
        except ValueError:
            days = 30
        return days if days in PERIODS else 30

    async def analytics_page(self, request: Request, caller: Caller) -> Response:
        """Charts and tables of the period's numbers."""
        days = self._period(request)
        report = await asyncio.to_thread(build_report, self.console.engine, _since(days))
        charts = _charts(report, self.console.texts_for(request))
        return self.console.page(
            request,
            "analytics.html",
            caller,
            report=report,
            days=days,
            periods=PERIODS,
            metrics=METRICS,
            funnel_names=FUNNEL,
            charts_json={name: script_json(spec) for name, spec in charts.items()},
        )

    async def analytics_csv(self, request: Request, caller: Caller) -> Response:
        """The per-day table as CSV."""
        days = self._period(request)
        report = await asyncio.to_thread(build_report, self.console.engine, _since(days))
        out = io.StringIO()
        csv.writer(out).writerows(report_csv_rows(report))
        await asyncio.to_thread(
            self.console.audit.record, caller.user.username, "downloaded_analytics", None, f"{days} days"
        )
        return Response(
            out.getvalue().encode("utf-8"),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="orienta-analytics-{days}d.csv"'},
        )


def script_json(value: object) -> Markup:
    """JSON to put inside a ``<script type="application/json">``: no ``<``, ``>`` or ``&`` to end it early."""
    text = json.dumps(value).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)


def _since(days: int) -> float:
    today = int(time.time()) // DAY
    return float((today - days + 1) * DAY)


def _charts(report: Report, t: Texts) -> dict[str, dict[str, Any]]:
    """Chart.js specs: conversations per day and channel, the funnel, top intents, labelled in ``t``'s language."""
    labels = sorted({d.day for d in report.days})
    channels = sorted({d.channel for d in report.days})
    per_day = {(d.day, d.channel): d.counts["conversations"] for d in report.days}
    return {
        "chart-days": {
            "type": "bar",
            "stacked": True,
            "labels": labels,
            "datasets": [{"label": c, "data": [per_day.get((day, c), 0) for day in labels]} for c in channels],
        },
        "chart-funnel": {
            "type": "bar",
            "horizontal": True,
            "labels": [t(f"funnel.{key_of(name)}") for name in report.funnel],
            "datasets": [{"label": t("analytics.conversations"), "data": list(report.funnel.values())}],
        },
        "chart-intents": {
            "type": "bar",
            "horizontal": True,
            "labels": [name for name, _ in report.top_intents],
            "datasets": [{"label": t("analytics.user_messages"), "data": [n for _, n in report.top_intents]}],
        },
    }
