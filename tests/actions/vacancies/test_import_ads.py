import importlib.util
import json
from pathlib import Path

import pytest

from actions.vacancies.bundled import BundledSource
from actions.vacancies.source import VacancyQuery
from tests.fakes.jobtech_api import sample_ads

SCRIPT = Path(__file__).resolve().parents[3] / "scripts" / "import_ads.py"


def load_script():
    spec = importlib.util.spec_from_file_location("import_ads", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def store_dir(tmp_path):
    return tmp_path / "var"


def snapshot_ad(ad_id, headline="Importerad svetsare"):
    ad = dict(sample_ads()[-1])
    return {**ad, "id": ad_id, "headline": headline}


def test_snapshot_array_is_imported_without_contacts(tmp_path, store_dir, capsys):
    path = tmp_path / "snapshot.json"
    path.write_text(json.dumps([snapshot_ad("900001"), snapshot_ad("900002")]), encoding="utf-8")
    assert load_script().main([str(path), "--data-dir", str(store_dir)]) == 0
    assert "imported 2 ads, removed 0, skipped 0" in capsys.readouterr().out
    store = BundledSource(store_dir)
    assert store.get("900001").title == "Importerad svetsare" and store.count(origin="imported") == 2
    with store._connect() as db:
        stored = db.execute("SELECT ad_json FROM ads WHERE id = '900001'").fetchone()[0]
    assert "application_contacts" not in stored and "redacted-phone" not in stored


def test_jsonl_with_a_removal_stub_deletes_the_ad(tmp_path, store_dir, capsys):
    first = tmp_path / "first.jsonl"
    first.write_text("\n".join(json.dumps(snapshot_ad(i)) for i in ("1", "2", "3")) + "\n", encoding="utf-8")
    script = load_script()
    assert script.main([str(first), "--data-dir", str(store_dir)]) == 0
    changes = tmp_path / "stream.jsonl"
    stub = {"id": 2, "removed": True, "removed_date": "2026-03-01T10:00:00", "occupation": "x"}
    changes.write_text(json.dumps(stub) + "\n" + json.dumps(snapshot_ad("4", "Ny")) + "\n\n", encoding="utf-8")
    assert script.main([str(changes), "--data-dir", str(store_dir)]) == 0
    assert "imported 1 ads, removed 1, skipped 0" in capsys.readouterr().out
    store = BundledSource(store_dir)
    assert store.get("2") is None and store.get("4").title == "Ny" and store.count(origin="imported") == 3
    assert store.search(VacancyQuery(text="importerad")).total == 2


def test_broken_jsonl_line_is_reported_with_its_number(tmp_path, store_dir, capsys):
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps(snapshot_ad("1")) + "\n{not json\n", encoding="utf-8")
    assert load_script().main([str(path), "--data-dir", str(store_dir)]) == 1
    assert "line 2" in capsys.readouterr().err


def test_missing_file_is_refused(tmp_path, capsys):
    assert load_script().main([str(tmp_path / "nope.json"), "--data-dir", str(tmp_path)]) == 2
