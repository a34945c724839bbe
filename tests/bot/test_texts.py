import pytest

from bot.config import ConfigError
from bot.texts import REQUIRED_KEYS, GatewayTexts


def test_bundled_texts_have_every_key_and_fill_placeholders():
    texts = GatewayTexts.load()
    assert set(texts.texts) == set(REQUIRED_KEYS)
    assert "12000" in texts.get("message_too_long", length=12000, limit=2000)


def test_missing_key_fails_loading_with_its_name(tmp_path):
    path = tmp_path / "texts.yml"
    path.write_text("en:\n  empty_message: Empty.\n")
    with pytest.raises(ConfigError) as caught:
        GatewayTexts.load(path)
    assert "lacks message_too_long" in caught.value.problems[0]


def test_unknown_language_fails_loading(tmp_path):
    path = tmp_path / "texts.yml"
    path.write_text("en:\n  empty_message: Empty.\n")
    with pytest.raises(ConfigError, match="no texts for language 'sv'"):
        GatewayTexts.load(path, language="sv")
