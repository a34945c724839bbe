"""The gateway carrying out export and erasure requests found in Rasa's answers."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from actions.privacy.link import LinkStore
from bot.dialogue.messages import BotMessage
from bot.media import MediaStore
from bot.privacy.desk import DataRequests
from bot.privacy.store import PersonalDataStore
from bot.texts import GatewayTexts
from tests.bot.privacy.test_store import MEDIA, save_conversation


class ScriptedRasa:
    """Answers every message with the same replies, as Rasa's REST channel would have."""

    def __init__(self, replies: list[BotMessage]) -> None:
        self.replies = replies

    async def send_message(self, conversation_id: str, text: str, metadata: dict[str, Any] | None = None):
        return list(self.replies)


@pytest.fixture
async def parts(tmp_path: Path):
    db = f"sqlite:///{tmp_path / 'tracker.db'}"
    await save_conversation(db, "web:anna", "hello")
    media = MediaStore(tmp_path / "media", 86400)
    (tmp_path / "media").mkdir()
    (tmp_path / "media" / MEDIA.removeprefix("/media/")).write_bytes(b"png")
    return PersonalDataStore(db), media, GatewayTexts.load()


async def test_an_export_request_becomes_a_summary_and_a_json_document_of_the_data(parts):
    store, media, texts = parts
    rasa = ScriptedRasa([BotMessage(text="Coming up."), BotMessage(custom={"type": "privacy_export"})])
    replies = await DataRequests(rasa, store, media, texts).send_message("web:anna", "/export_data", {})
    assert replies[0].text == "Coming up."
    assert "2 messages" in (replies[1].text or "")
    document = replies[2].custom or {}
    assert document["type"] == "document" and document["filename"] == "orienta-my-data.json"
    data = json.loads(media.read(document["url"].removeprefix("/media/")) or b"")
    assert data["conversation"][0]["text"] == "hello, mail me at [e-mail address]"


async def test_an_erase_request_deletes_the_rows_and_the_media_files_then_says_so(parts):
    store, media, texts = parts
    rasa = ScriptedRasa([BotMessage(custom={"type": "privacy_erase"})])
    (reply,) = await DataRequests(rasa, store, media, texts).send_message("web:anna", "/confirm_forget", {})
    assert reply.text == texts.get("erased")
    assert store.events("web:anna") == []
    assert media.read(MEDIA.removeprefix("/media/")) is None


async def test_a_database_that_cannot_be_changed_erases_nothing_and_says_so(parts, tmp_path):
    _, media, texts = parts
    broken = PersonalDataStore(f"sqlite:///{tmp_path / 'missing' / 'dir' / 'x.db'}")
    rasa = ScriptedRasa([BotMessage(custom={"type": "privacy_erase"})])
    (reply,) = await DataRequests(rasa, broken, media, texts).send_message("web:anna", "/confirm_forget", {})
    assert reply.text == texts.get("erase_failed")


async def test_other_replies_pass_through_unchanged(parts):
    store, media, texts = parts
    replies = [BotMessage(text="Hi"), BotMessage(custom={"type": "chart", "url": MEDIA})]
    assert await DataRequests(ScriptedRasa(replies), store, media, texts).send_message("web:x", "hi", {}) == replies


def test_nothing_is_left_of_the_conversation_in_sql(parts):
    store, _, _ = parts
    store.erase("web:anna")
    with sa.create_engine(store._url).connect() as connection:
        assert connection.execute(sa.text("SELECT COUNT(*) FROM events WHERE sender_id='web:anna'")).scalar() == 0


async def linked_pair(store: PersonalDataStore) -> None:
    await save_conversation(store._url, "telegram:anna", "hej")
    await save_conversation(store._url, "web:other", "someone else")
    links = LinkStore(store._url)
    links.redeem("web:anna", links.issue("telegram:anna", {}))


async def test_erasing_erases_the_linked_conversations_and_what_the_gateway_holds_in_memory(parts, tmp_path):
    store, media, texts = parts
    await linked_pair(store)
    forgotten: list[str] = []
    rasa = ScriptedRasa([BotMessage(custom={"type": "privacy_erase"})])
    desk = DataRequests(rasa, store, media, texts, lambda c: forgotten.append(c) or 1)
    (reply,) = await desk.send_message("web:anna", "/confirm_forget", {})
    assert reply.text == texts.get("erased")
    assert store.events("web:anna") == [] and store.events("telegram:anna") == []
    assert store.events("web:other") != [], "nothing else"
    assert store.linked("telegram:anna") == []
    assert forgotten == ["web:anna", "telegram:anna"]


async def test_the_export_holds_the_linked_conversations_too(parts, tmp_path):
    store, media, texts = parts
    await linked_pair(store)
    rasa = ScriptedRasa([BotMessage(custom={"type": "privacy_export"})])
    replies = await DataRequests(rasa, store, media, texts).send_message("web:anna", "/export_data", {})
    data = json.loads(media.read((replies[1].custom or {})["url"].removeprefix("/media/")) or b"")
    (linked,) = data["linked_conversations"]
    assert linked["conversation_id"] == "telegram:anna"
    assert linked["conversation"][0]["text"] == "hej, mail me at [e-mail address]"
