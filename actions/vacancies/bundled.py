"""The offline vacancy source: a SQLite store (with FTS5) of JobTech-shaped ads.

Why: Orienta must work with no network and no API (a demo, a PES testing it, a classroom), and
operators may load a JobStream snapshot or a historical dump for realistic offline use. The store
is built at first use from the bundled JSONL files in ``data/vacancies/`` (the real sample ads and
the fictional demo corpus) into ``<data dir>/vacancies.sqlite``, and rebuilt when those files
change or a new day starts (demo dates are rebased to "today"), keeping imported ads. Ads are
parsed by the same ``jobtech_ad`` parser as the live API.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from actions.vacancies import taxonomy
from actions.vacancies.jobtech_ad import is_demo, parse_ad, published_at, strip_pii, working_time
from actions.vacancies.model import Vacancy
from actions.vacancies.source import SearchResult, SourceUnavailable, VacancyQuery
from actions.vacancies.text import STOCKHOLM, html_to_text

logger = logging.getLogger(__name__)

BUNDLE_DIR = taxonomy.PROJECT_DIR / "data" / "vacancies"
DB_NAME = "vacancies.sqlite"
SITE_URL = "https://arbetsformedlingen.se/platsbanken/"
SCHEMA_VERSION = "1"
_DATE_FIELDS = ("publication_date", "application_deadline", "last_publication_date")
_REMOTE_MATCH = "description : (distans* OR remote OR hemifrån OR hemifran)"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS ads (
    rowid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    origin TEXT NOT NULL,              -- 'bundled' (rebuilt from data/vacancies) or 'imported'
    demo INTEGER NOT NULL,
    occupation_group_id TEXT,
    ssyk TEXT,
    occupation_name_id TEXT,
    municipality_id TEXT,
    region_id TEXT,
    remote INTEGER,
    working_time TEXT,
    published_at TEXT NOT NULL,        -- ISO 8601 UTC, sorts as text
    ad_json TEXT NOT NULL              -- the JobTech-shaped ad, PII stripped
);
CREATE INDEX IF NOT EXISTS ads_published ON ads (published_at DESC);
CREATE INDEX IF NOT EXISTS ads_group ON ads (occupation_group_id);
CREATE INDEX IF NOT EXISTS ads_place ON ads (municipality_id, region_id);
CREATE VIRTUAL TABLE IF NOT EXISTS ads_fts USING fts5(
    headline, description, occupations, employer, tokenize = 'unicode61 remove_diacritics 2'
);
"""


@dataclass(frozen=True)
class ImportCounts:
    """What an import did: ads added or replaced, removed (JobStream removal stubs), skipped."""

    stored: int = 0
    removed: int = 0
    skipped: int = 0


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _dig(ad: dict[str, Any], *keys: str) -> Any:
    value: Any = ad
    for key in keys:
        value = value.get(key) if isinstance(value, dict) else None
    return value


def fts_query(text: str, operator: str = "AND") -> str | None:
    """An FTS5 query from user text: each word a quoted prefix term (no FTS syntax gets through)."""
    words = [w for w in re.findall(r"\w+", text.casefold()) if len(w) > 1 or w.isdigit()]
    if not words:
        return None
    return f" {operator} ".join(f'"{word}"*' for word in words[:12])


def rebase_demo_dates(ads: list[dict[str, Any]], now: datetime) -> list[dict[str, Any]]:
    """Shift every demo ad's dates by one offset so the newest is published ``now``.

    Why: a generated corpus would look stale after a month; keeping the relative spacing keeps
    "new this week" and deadlines meaningful. Real ads are returned unchanged.
    """
    local_now = now.astimezone(STOCKHOLM).replace(tzinfo=None, microsecond=0)
    dates = [_local(ad.get("publication_date")) for ad in ads if is_demo(ad)]
    newest = max((d for d in dates if d != datetime.min), default=None)
    if newest is None:
        return ads
    shift = local_now - newest
    rebased = []
    for ad in ads:
        if is_demo(ad):
            ad = dict(ad)
            for key in _DATE_FIELDS:
                moment = _local(ad.get(key))
                if moment != datetime.min:
                    ad[key] = (moment + shift).isoformat()
        rebased.append(ad)
    return rebased


def _local(value: Any) -> datetime:
    """A naive local timestamp from an ad field; ``datetime.min`` when absent or unreadable."""
    try:
        return datetime.fromisoformat(str(value)).replace(tzinfo=None)
    except ValueError:
        return datetime.min


class BundledSource:
    """Ads from the local store. Thread-safe: each call opens its own SQLite connection.

    Args:
        data_dir: runtime data directory (``ORIENTA_DATA_DIR``); the database goes there.
        bundle_dir: where the bundled ``*.jsonl`` ads live.
        clock: "now" for demo date rebasing (tests inject a fixed one).
    """

    name = "bundled"
    site_url = SITE_URL

    def __init__(self, data_dir: Path, bundle_dir: Path = BUNDLE_DIR, clock: Callable[[], datetime] = _now) -> None:
        self.db_path = Path(data_dir) / DB_NAME
        self.bundle_dir = Path(bundle_dir)
        self._clock = clock
        self._build_lock = threading.Lock()
        self._files_seen: tuple[tuple[str, int, int], ...] | None = None
        self._files_digest = ""

    # storage ----------------------------------------------------------------------------------
    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        self.db_path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(self.db_path, timeout=10)
        try:
            with connection:
                yield connection
        finally:
            connection.close()

    def _bundle_files(self) -> list[Path]:
        return sorted(self.bundle_dir.glob("*.jsonl"))

    def _stamp(self) -> str:
        """Content hash of the bundled files plus today's date.

        The hash is recomputed only when a file's size or modification time changed, so a search
        does not re-read 1.5 MB.
        """
        files = tuple((p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in self._bundle_files())
        if self._files_seen != files:
            digest = hashlib.sha256(SCHEMA_VERSION.encode())
            for path in self._bundle_files():
                digest.update(path.name.encode() + b"\0" + path.read_bytes())
            self._files_seen, self._files_digest = files, digest.hexdigest()
        day = self._clock().astimezone(STOCKHOLM).date().isoformat()
        return f"{self._files_digest}:{day}"

    def ensure_built(self) -> None:
        """Build or refresh the bundled part of the store when its stamp changed."""
        with self._build_lock:
            stamp = self._stamp()
            with self._connect() as db:
                db.executescript(_SCHEMA)
                row = db.execute("SELECT value FROM meta WHERE key = 'bundle_stamp'").fetchone()
                if row and row[0] == stamp:
                    return
                ads = [ad for path in self._bundle_files() for ad in _read_jsonl(path)]
                ads = rebase_demo_dates(ads, self._clock())
                self._delete(db, "origin = 'bundled'", ())
                stored = sum(self._store(db, ad, "bundled", replace=False) for ad in ads)
                db.execute("INSERT OR REPLACE INTO meta VALUES ('bundle_stamp', ?)", (stamp,))
            logger.info("vacancy store built: %d bundled ads", stored)

    def _delete(self, db: sqlite3.Connection, where: str, args: tuple[Any, ...]) -> int:
        rowids = [r[0] for r in db.execute(f"SELECT rowid FROM ads WHERE {where}", args)]
        db.executemany("DELETE FROM ads_fts WHERE rowid = ?", [(r,) for r in rowids])
        db.executemany("DELETE FROM ads WHERE rowid = ?", [(r,) for r in rowids])
        return len(rowids)

    def _store(self, db: sqlite3.Connection, ad: dict[str, Any], origin: str, *, replace: bool) -> bool:
        if ad.get("id") is None:
            return False
        ad = strip_pii(ad)
        ad_id = str(ad["id"])
        exists = db.execute("SELECT origin FROM ads WHERE id = ?", (ad_id,)).fetchone()
        if exists and not replace:
            return False
        if exists:
            self._delete(db, "id = ?", (ad_id,))
        address = _dig(ad, "workplace_address") or {}
        municipality = taxonomy.municipality(address.get("municipality_concept_id") or address.get("municipality_code"))
        region_id = address.get("region_concept_id") or (municipality.region_concept_id if municipality else None)
        if region_id is None and address.get("region_code"):
            region = taxonomy.region_by_code(address.get("region_code"))
            region_id = region.concept_id if region else None
        group_id = _dig(ad, "occupation_group", "concept_id")
        if group_id is None:
            group = taxonomy.occupation_group(_dig(ad, "occupation_group", "legacy_ams_taxonomy_id"))
            group_id = group.concept_id if group else None
        remote = ad.get("remote") if isinstance(ad.get("remote"), bool) else None
        cursor = db.execute(
            "INSERT INTO ads (id, origin, demo, occupation_group_id, ssyk, occupation_name_id, municipality_id,"
            " region_id, remote, working_time, published_at, ad_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                ad_id,
                origin,
                int(is_demo(ad)),
                group_id,
                _dig(ad, "occupation_group", "legacy_ams_taxonomy_id"),
                _dig(ad, "occupation", "concept_id"),
                municipality.concept_id if municipality else address.get("municipality_concept_id"),
                region_id,
                None if remote is None else int(remote),
                working_time(ad),
                published_at(ad).isoformat(),
                json.dumps(ad, ensure_ascii=False),
            ),
        )
        description = _text(_dig(ad, "description", "text")) or html_to_text(
            _text(_dig(ad, "description", "text_formatted"))
        )
        skills = [_text(s.get("label")) for s in (_dig(ad, "must_have", "skills") or []) if isinstance(s, dict)]
        skills += [_text(s.get("label")) for s in (_dig(ad, "nice_to_have", "skills") or []) if isinstance(s, dict)]
        occupations = [_text(_dig(ad, key, "label")) for key in ("occupation", "occupation_group", "occupation_field")]
        db.execute(
            "INSERT INTO ads_fts (rowid, headline, description, occupations, employer) VALUES (?, ?, ?, ?, ?)",
            (
                cursor.lastrowid,
                _text(ad.get("headline")),
                description + "\n" + " ".join(skills),
                " ".join(occupations),
                _text(_dig(ad, "employer", "name")),
            ),
        )
        return True

    def import_ads(self, ads: Iterable[dict[str, Any]]) -> ImportCounts:
        """Store ads (replacing same ids) and apply removals; personal data is stripped first."""
        self.ensure_built()
        stored = removed = skipped = 0
        with self._connect() as db:
            for ad in ads:
                if not isinstance(ad, dict) or ad.get("id") is None:
                    skipped += 1
                elif ad.get("removed") is True:
                    removed += self._delete(db, "id = ?", (str(ad["id"]),))
                elif self._store(db, ad, "imported", replace=True):
                    stored += 1
                else:
                    skipped += 1
        logger.info("vacancy import: %d stored, %d removed, %d skipped", stored, removed, skipped)
        return ImportCounts(stored, removed, skipped)

    # VacancySource ----------------------------------------------------------------------------
    def search(self, query: VacancyQuery) -> SearchResult:
        """Newest first: (occupation groups OR names OR text) AND place AND remote/time/date filters."""
        try:
            self.ensure_built()
            result = self._search(query, "AND")
            if result.total == 0 and len(re.findall(r"\w+", query.text or "")) > 1:
                result = self._search(query, "OR")
            return result
        except sqlite3.Error as exc:
            logger.error("vacancy store failed: %s", type(exc).__name__)
            raise SourceUnavailable("down", "local store error") from exc

    def _search(self, query: VacancyQuery, operator: str) -> SearchResult:
        where: list[str] = []
        args: list[Any] = []
        what: list[str] = []
        if query.occupation_group_ids:
            what.append(f"occupation_group_id IN ({_marks(query.occupation_group_ids)})")
            args += query.occupation_group_ids
        if query.occupation_name_ids:
            what.append(f"occupation_name_id IN ({_marks(query.occupation_name_ids)})")
            args += query.occupation_name_ids
        match = fts_query(query.text or "", operator)
        if match:
            what.append("rowid IN (SELECT rowid FROM ads_fts WHERE ads_fts MATCH ?)")
            args.append(match)
        if what:
            where.append("(" + " OR ".join(what) + ")")
        municipalities, regions = query.municipality_ids, query.region_ids
        if not municipalities and not regions and (query.place_text or "").strip():
            municipalities, regions = taxonomy.match_place(query.place_text)
            if not municipalities and not regions:
                return SearchResult((), 0, query)
        place: list[str] = []
        if municipalities:
            place.append(f"municipality_id IN ({_marks(municipalities)})")
            args += municipalities
        if regions:
            place.append(f"region_id IN ({_marks(regions)})")
            args += regions
        if place:
            where.append("(" + " OR ".join(place) + ")")
        if query.remote:
            where.append(
                "(remote = 1 OR (remote IS NULL AND rowid IN (SELECT rowid FROM ads_fts WHERE ads_fts MATCH ?)))"
            )
            args.append(_REMOTE_MATCH)
        if query.working_time:
            where.append("working_time = ?")
            args.append(query.working_time)
        if query.published_after is not None:
            moment = query.published_after
            moment = moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
            where.append("published_at >= ?")
            args.append(moment.astimezone(timezone.utc).isoformat())
        clause = ("WHERE " + " AND ".join(where)) if where else ""
        limit, offset = max(0, min(query.limit, 100)), max(0, query.offset)
        with self._connect() as db:
            total = db.execute(f"SELECT COUNT(*) FROM ads {clause}", args).fetchone()[0]
            rows = db.execute(
                f"SELECT ad_json FROM ads {clause} ORDER BY published_at DESC, id LIMIT ? OFFSET ?",
                [*args, limit, offset],
            ).fetchall()
        return SearchResult(tuple(parse_ad(json.loads(r[0]), "bundled") for r in rows), total, query)

    def get(self, source_id: str) -> Vacancy | None:
        """One stored ad, or ``None`` when it is not (or no longer) in the store."""
        try:
            self.ensure_built()
            with self._connect() as db:
                row = db.execute("SELECT ad_json FROM ads WHERE id = ?", (source_id,)).fetchone()
        except sqlite3.Error as exc:
            logger.error("vacancy store failed: %s", type(exc).__name__)
            raise SourceUnavailable("down", "local store error") from exc
        return parse_ad(json.loads(row[0]), "bundled") if row else None

    def count(self, *, origin: str | None = None) -> int:
        """How many ads the store holds (of one origin), for the import script and tests."""
        self.ensure_built()
        with self._connect() as db:
            if origin is None:
                return int(db.execute("SELECT COUNT(*) FROM ads").fetchone()[0])
            return int(db.execute("SELECT COUNT(*) FROM ads WHERE origin = ?", (origin,)).fetchone()[0])


def _marks(values: tuple[str, ...]) -> str:
    return ", ".join("?" for _ in values)


def _read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                ad = json.loads(line)
            except ValueError:
                logger.warning("%s line %d: not JSON, skipped", path.name, number)
                continue
            if isinstance(ad, dict):
                yield ad
