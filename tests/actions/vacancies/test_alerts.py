from datetime import datetime, timedelta

import pytest

from actions.vacancies.alerts import MAX_ALERTS_PER_CONVERSATION, AlertStore

T0 = datetime(2026, 11, 23, 12, 0)


@pytest.fixture
def store(tmp_path) -> AlertStore:
    return AlertStore(f"sqlite:///{tmp_path / 'alerts.db'}", interval=timedelta(hours=1))


def test_an_alert_is_due_one_interval_after_it_was_created(store):
    alert = store.create("web:a", "welder, Malmö", {"occupation_key": "alias:welding"}, ["x:1"], now=T0)
    assert store.due(T0 + timedelta(minutes=59)) == []
    assert [a.id for a in store.due(T0 + timedelta(hours=1))] == [alert.id]
    assert store.get(alert.id).seen_uids == ("x:1",)


def test_only_one_claim_of_a_due_alert_wins(store):
    store.create("web:a", "welder", {}, [], now=T0)
    (due,) = store.due(T0 + timedelta(hours=2))
    assert store.claim(due, T0 + timedelta(hours=3)) is True
    assert store.claim(due, T0 + timedelta(hours=3)) is False, "a second replica holding the same row loses"
    assert store.due(T0 + timedelta(hours=2)) == []


def test_paused_alerts_are_never_due_and_resume_later(store):
    alert = store.create("web:a", "welder", {}, [], now=T0)
    assert store.set_paused("web:a", alert.id, True)
    assert store.due(T0 + timedelta(days=2)) == []
    store.set_paused("web:a", alert.id, False)
    assert len(store.due(T0 + timedelta(days=2))) == 1


def test_a_conversation_can_change_only_its_own_alerts(store):
    alert = store.create("web:a", "welder", {}, [], now=T0)
    assert store.set_paused("web:b", alert.id, True) is False
    assert store.delete("web:b", alert.id) is False
    assert store.delete("web:a", alert.id) is True
    assert store.get(alert.id) is None


def test_each_conversation_has_a_limit_of_alerts(store):
    for n in range(MAX_ALERTS_PER_CONVERSATION):
        assert store.create("web:a", f"search {n}", {}, [], now=T0)
    assert store.create("web:a", "one more", {}, [], now=T0) is None
    assert store.create("web:b", "other user", {}, [], now=T0)


def test_record_run_adds_sent_ads_once_and_moves_the_check_time(store):
    alert = store.create("web:a", "welder", {}, ["x:1"], now=T0)
    store.record_run(alert.id, ["x:1", "x:2"], T0 + timedelta(hours=1))
    again = store.get(alert.id)
    assert again.seen_uids == ("x:1", "x:2")
    assert again.checked_at == T0 + timedelta(hours=1)


def test_erasing_a_conversation_deletes_all_its_alerts(store):
    store.create("web:a", "one", {}, [], now=T0)
    store.create("web:a", "two", {}, [], now=T0)
    store.create("web:b", "other", {}, [], now=T0)
    assert store.delete_conversation("web:a") == 2
    assert [a.conversation_id for a in store.due(T0 + timedelta(days=1))] == ["web:b"]


def test_alerts_survive_a_new_store_on_the_same_database(tmp_path):
    url = f"sqlite:///{tmp_path / 'alerts.db'}"
    alert = AlertStore(url).create("telegram:1", "nurse", {"place_label": "Lund"}, [], now=T0)
    assert AlertStore(url).get(alert.id).search == {"place_label": "Lund"}
