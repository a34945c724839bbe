import importlib.util
import json
from pathlib import Path

import yaml

from actions.vacancies.jobtech_ad import parse_ad

PROJECT = Path(__file__).resolve().parents[3]
SCRIPT = PROJECT / "scripts" / "build_demo_ads.py"
CONFIG = yaml.safe_load((PROJECT / "data" / "vacancies" / "demo_ads.yml").read_text(encoding="utf-8"))
COMMITTED = PROJECT / "data" / "vacancies" / "demo_ads.jsonl"


def load_builder():
    spec = importlib.util.spec_from_file_location("build_demo_ads", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_same_seed_gives_the_same_file(tmp_path):
    builder = load_builder()
    assert builder.render(builder.build(CONFIG, count=40)) == builder.render(builder.build(CONFIG, count=40))
    assert builder.render(builder.build(CONFIG, seed=1, count=40)) != builder.render(
        builder.build(CONFIG, seed=2, count=40)
    )


def test_committed_corpus_is_up_to_date(tmp_path):
    assert load_builder().main(["--check"]) == 0


def test_every_demo_ad_is_marked_and_fictional():
    ads = [json.loads(line) for line in COMMITTED.read_text(encoding="utf-8").splitlines()]
    assert 400 <= len(ads) <= 600
    for ad in ads:
        assert ad["demo"] is True and ad["label"] == ["demo"] and ad["id"].startswith("demo-")
        assert "(fictional)" in ad["employer"]["name"]
        vacancy = parse_ad(ad)
        assert vacancy.demo and vacancy.skills_required and vacancy.working_time in {"full_time", "part_time"}


def test_corpus_covers_the_occupations_and_big_cities():
    ads = [json.loads(line) for line in COMMITTED.read_text(encoding="utf-8").splitlines()]
    groups = {ad["occupation_group"]["legacy_ams_taxonomy_id"] for ad in ads}
    assert {"2221", "7212", "9111", "2512", "5120", "8332", "5223", "5321", "7411", "2341", "3313"} <= groups
    assert len(groups) >= 60
    places = {ad["workplace_address"]["municipality"] for ad in ads}
    assert {"Stockholm", "Göteborg", "Malmö", "Lund", "Uppsala", "Umeå"} <= places
    assert any(ad["remote"] for ad in ads) and "Distansarbete" in next(
        ad["description"]["text"] for ad in ads if ad["remote"]
    )
