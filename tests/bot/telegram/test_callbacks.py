from bot.telegram.callbacks import CHOSEN, MAX_CALLBACK_BYTES, CallbackStore


def test_short_payloads_travel_as_they_are():
    assert CallbackStore().data_for("/help") == "/help"


def test_long_payloads_get_a_short_key_that_reads_back():
    store = CallbackStore()
    payload = '/inform{"occupation": "' + "ä" * 60 + '"}'
    data = store.data_for(payload)
    assert len(data.encode()) <= MAX_CALLBACK_BYTES
    assert store.payload_for(data) == payload
    assert store.data_for(payload) == data
    assert len(store) == 1


def test_a_payload_that_looks_like_a_key_is_stored_too():
    store = CallbackStore()
    data = store.data_for("#chosen")
    assert data != CHOSEN and store.payload_for(data) == "#chosen"


def test_evicted_or_unknown_keys_read_as_none():
    store = CallbackStore(max_entries=1)
    first = store.data_for("/x" + "a" * 70)
    store.data_for("/y" + "b" * 70)
    assert store.payload_for(first) is None
    assert store.payload_for("#nonexistent0") is None
