import pytest
from rasa.engine.graph import ExecutionContext
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from nlu.vocabulary_guard import VocabularyGuard, known_ratio


def test_known_ratio_counts_case_insensitively():
    assert known_ratio(["Hello", "there", "glorp"], {"hello", "there"}) == pytest.approx(2 / 3)
    assert known_ratio([], {"hello"}) == 1.0


@pytest.fixture
def tokenizer():
    return WhitespaceTokenizer(WhitespaceTokenizer.get_default_config())


@pytest.fixture
def trained_guard(tmp_path, tokenizer):
    storage = LocalModelStorage(tmp_path)
    resource = Resource("guard")
    context = ExecutionContext(graph_schema=None, model_id="test")  # type: ignore[arg-type]
    config = VocabularyGuard.get_default_config()
    examples = [
        Message(data={"text": t, "intent": i}) for t, i in [("hello there", "greet"), ("talk to a person", "human")]
    ]
    data = TrainingData(examples)
    tokenizer.process_training_data(data)
    VocabularyGuard.create(config, storage, resource, context).train(data)
    # load from storage, as the Rasa server does
    return VocabularyGuard.load(config, storage, resource, context)


def parsed(text: str, tokenizer, confidence: float = 0.9) -> Message:
    message = Message(data={"text": text})
    tokenizer.process([message])
    message.set("intent", {"name": "greet", "confidence": confidence}, add_to_output=True)
    return message


def test_mostly_unknown_words_get_zero_confidence(trained_guard, tokenizer):
    (message,) = trained_guard.process([parsed("purple monkey glorp", tokenizer)])
    assert message.get("intent") == {"name": "greet", "confidence": 0.0}


def test_mostly_known_words_keep_their_confidence(trained_guard, tokenizer):
    (message,) = trained_guard.process([parsed("hello there stranger", tokenizer)])
    assert message.get("intent") == {"name": "greet", "confidence": 0.9}


def test_vocabulary_survives_persisting_and_loading(trained_guard):
    assert trained_guard.vocabulary == {"hello", "there", "talk", "to", "a", "person"}


def test_words_inside_recognised_entities_count_as_known(trained_guard, tokenizer):
    message = parsed("hello welder glorpington", tokenizer)
    message.set("entities", [{"entity": "occupation", "start": 6, "end": 24, "value": "x"}], add_to_output=True)
    (message,) = trained_guard.process([message])
    assert message.get("intent")["confidence"] == 0.9
