import json
import os
import shutil
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from actions.vacancies.bundled import BUNDLE_DIR, BundledSource, fts_query, rebase_demo_dates
from actions.vacancies.source import VacancyQuery
from actions.vacancies.taxonomy import match_place

NOW = datetime(2026, 3, 10, 9, 30, tzinfo=timezone.utc)
STOCKHOLM_M, STOCKHOLM_REGION, SKANE = "AvNB_uwa_6n6", "CifL_Rzy_Mku", "CaRE_1nn_cSU"
NURSES = "Z8ci_bBE_tmx"  # SSYK 2221 Grundutbildade sjuksköterskor


def ad(ad_id, **extra):
    base = {
        "id": ad_id,
        "headline": f"Headline {ad_id}",
        "description": {"text": "Plain text."},
        "publication_date": "2026-03-01T10:00:00",
        "workplace_address": {"municipality_code": "0180", "municipality": "Stockholm", "region_code": "01"},
        "occupation_group": {
            "concept_id": NURSES,
            "label": "Grundutbildade sjuksköterskor",
            "legacy_ams_taxonomy_id": "2221",
        },
    }
    return {**base, **extra}


def write_bundle(folder: Path, ads) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "ads.jsonl"
    existed = path.exists()
    path.write_text("".join(json.dumps(a) + "\n" for a in ads), encoding="utf-8")
    if existed:  # a later edit, as a person would make it: not within the same clock tick
        os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
    return folder


@pytest.fixture(scope="module")
def real_store(tmp_path_factory):
    """The store built from the committed bundle (5 real + 500 demo ads)."""
    return BundledSource(tmp_path_factory.mktemp("var"), clock=lambda: NOW)


def test_store_holds_every_bundled_ad(real_store):
    lines = sum(1 for p in BUNDLE_DIR.glob("*.jsonl") for line in p.read_text(encoding="utf-8").splitlines() if line)
    assert real_store.count() == lines and real_store.search(VacancyQuery()).total == lines


def test_search_is_newest_first_with_paging_and_total(real_store):
    first = real_store.search(VacancyQuery(limit=5))
    second = real_store.search(VacancyQuery(offset=5, limit=5))
    dates = [v.published_at for v in first.vacancies + second.vacancies]
    assert dates == sorted(dates, reverse=True) and len(set(v.uid for v in first.vacancies + second.vacancies)) == 10
    assert first.total == second.total


def test_newest_demo_ad_is_published_now_and_spacing_is_kept(real_store):
    newest = real_store.search(VacancyQuery(limit=1)).vacancies[0]
    assert newest.demo and newest.published_at == NOW
    assert newest.deadline is not None and timedelta(weeks=1) < newest.deadline - newest.published_at < timedelta(
        weeks=7
    )
    oldest = real_store.search(VacancyQuery(limit=1, offset=499)).vacancies[0]
    assert timedelta(days=25) < NOW - oldest.published_at <= timedelta(days=31)


def test_real_ads_keep_their_dates_and_are_not_demo(real_store):
    vacancy = real_store.get("8417710")
    assert vacancy is not None and not vacancy.demo and vacancy.published_at.year == 2019
    assert vacancy.source == "bundled" and "JobTech" in vacancy.attribution


def test_every_demo_ad_is_labelled_demo(real_store):
    result = real_store.search(VacancyQuery(text="fictional", limit=100))
    assert result.total >= 400 and all(v.demo and "fictional" in v.attribution for v in result.vacancies)


def test_occupation_group_filter(real_store):
    result = real_store.search(VacancyQuery(occupation_group_ids=(NURSES,), limit=100))
    assert result.total > 0 and all(v.code("ssyk2012") == "2221" for v in result.vacancies)


def test_group_or_text_widens_the_match(real_store):
    by_group = real_store.search(VacancyQuery(occupation_group_ids=(NURSES,))).total
    by_text = real_store.search(VacancyQuery(text="welder")).total
    both = real_store.search(VacancyQuery(occupation_group_ids=(NURSES,), text="welder")).total
    assert by_text > 0 and both == by_group + by_text


def test_place_filters_by_municipality_region_and_text(real_store):
    in_city = real_store.search(VacancyQuery(municipality_ids=(STOCKHOLM_M,), limit=100))
    assert in_city.total > 0 and all(v.location.municipality == "Stockholm" for v in in_city.vacancies)
    in_region = real_store.search(VacancyQuery(region_ids=(STOCKHOLM_REGION,))).total
    assert in_region > in_city.total
    by_text = real_store.search(VacancyQuery(place_text="stockholm"))
    assert by_text.total == in_city.total
    skane = real_store.search(VacancyQuery(place_text="Skåne", limit=100))
    assert skane.total > 0 and all(v.location.region == "Skåne län" for v in skane.vacancies)
    assert real_store.search(VacancyQuery(place_text="Atlantis")).total == 0


def test_remote_working_time_and_published_after(real_store):
    remote = real_store.search(VacancyQuery(remote=True, limit=100))
    assert remote.total > 0 and all(v.remote for v in remote.vacancies)
    part = real_store.search(VacancyQuery(working_time="part_time", limit=100))
    assert part.total > 0 and all(v.working_time == "part_time" for v in part.vacancies)
    recent = real_store.search(VacancyQuery(published_after=NOW - timedelta(days=7), limit=100))
    assert 0 < recent.total < 500 and all(v.published_at >= NOW - timedelta(days=7) for v in recent.vacancies)


def test_free_text_with_several_words_falls_back_to_or(real_store):
    assert (
        real_store.search(VacancyQuery(text="welder zzzyx")).total
        == real_store.search(VacancyQuery(text="welder")).total
    )


def test_fts_query_neutralises_syntax():
    assert fts_query('nurse" OR *') == '"nurse"* AND "or"*'  # quoted: no FTS operators
    assert fts_query("sjuk-sköterska Göteborg") == '"sjuk"* AND "sköterska"* AND "göteborg"*'
    assert fts_query("  ") is None


def test_place_matching_prefers_the_municipality():
    assert match_place("Uppsala")[0] and not match_place("Uppsala")[1]
    assert match_place("Skåne län") == ((), (SKANE,))


def test_rebuild_on_changed_bundle_keeps_imported_ads(tmp_path):
    bundle = write_bundle(tmp_path / "bundle", [ad("b1"), ad("b2")])
    store = BundledSource(tmp_path / "var", bundle_dir=bundle, clock=lambda: NOW)
    assert store.count() == 2
    store.import_ads([ad("i1", headline="Imported one")])
    write_bundle(bundle, [ad("b1"), ad("b3")])
    assert store.get("b2") is None and store.get("b3") is not None
    assert store.get("i1") is not None and store.count(origin="imported") == 1 and store.count() == 3


def test_unchanged_bundle_is_not_rebuilt(tmp_path):
    bundle = write_bundle(tmp_path / "bundle", [ad("b1")])
    store = BundledSource(tmp_path / "var", bundle_dir=bundle, clock=lambda: NOW)
    store.ensure_built()
    with store._connect() as db:
        db.execute("UPDATE ads SET working_time = 'marker'")
    store.ensure_built()
    assert store.search(VacancyQuery(working_time="marker")).total == 1  # type: ignore[arg-type]


def test_a_new_day_rebases_demo_dates_again(tmp_path):
    bundle = write_bundle(tmp_path / "bundle", [ad("demo-1", demo=True, label=["demo"])])
    clock = {"now": NOW}
    store = BundledSource(tmp_path / "var", bundle_dir=bundle, clock=lambda: clock["now"])
    assert store.get("demo-1").published_at == NOW.replace(second=0)
    clock["now"] = NOW + timedelta(days=3)
    assert store.get("demo-1").published_at == NOW.replace(second=0) + timedelta(days=3)


def test_rebase_shifts_only_demo_ads():
    ads = [
        ad("demo-1", demo=True, publication_date="2026-01-10T08:00:00", application_deadline="2026-02-01T23:59:59"),
        ad("demo-2", label=["demo"], publication_date="2026-01-05T08:00:00"),
        ad("real", publication_date="2019-01-01T00:00:00"),
    ]
    out = rebase_demo_dates(ads, datetime(2026, 3, 10, 12, 0, tzinfo=timezone.utc))
    assert out[0]["publication_date"] == "2026-03-10T13:00:00"
    assert out[0]["application_deadline"] == "2026-04-02T04:59:59"
    assert out[1]["publication_date"] == "2026-03-05T13:00:00" and out[2]["publication_date"] == "2019-01-01T00:00:00"


def test_import_strips_personal_data(tmp_path):
    bundle = write_bundle(tmp_path / "bundle", [])
    store = BundledSource(tmp_path / "var", bundle_dir=bundle, clock=lambda: NOW)
    store.import_ads(
        [
            ad(
                "p1",
                application_contacts=[{"name": "Greta", "email": "g@example.se"}],
                description={"text": "Ring 070-123 45 67."},
            )
        ]
    )
    with store._connect() as db:
        stored = db.execute("SELECT ad_json FROM ads").fetchone()[0]
    assert "Greta" not in stored and "g@example" not in stored and "123 45 67" not in stored


def test_copy_of_bundle_dir_builds(tmp_path):
    bundle = tmp_path / "bundle"
    shutil.copytree(BUNDLE_DIR, bundle)
    store = BundledSource(tmp_path / "var", bundle_dir=bundle, clock=lambda: NOW)
    assert store.get("demo-0001") is not None
