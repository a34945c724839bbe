"""Send messages made of words Orienta never learned to the fallback.

DIET's softmax always spreads all confidence over the known intents, so
gibberish ("purple monkey glorp") often comes out as some intent with 0.9
confidence and the FallbackClassifier never fires. This component runs
after DIET and before the FallbackClassifier: when too few of a message's
tokens appear anywhere in the training data, it sets the predicted intent's
confidence to zero, so the two-stage fallback asks "did you mean...?".
The intent ranking is left as DIET made it, so the suggestions still follow
DIET's order.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import ENTITIES, INTENT, PREDICTED_CONFIDENCE_KEY, TEXT_TOKENS
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

logger = logging.getLogger(__name__)

MIN_KNOWN_RATIO_KEY = "min_known_ratio"
_FILE_NAME = "vocabulary.json"


def known_ratio(tokens: Iterable[str], vocabulary: set[str]) -> float:
    """Share of ``tokens`` (case-insensitive) found in ``vocabulary``; 1.0 for none."""
    words = [token.lower() for token in tokens]
    if not words:
        return 1.0
    return sum(word in vocabulary for word in words) / len(words)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class VocabularyGuard(GraphComponent, IntentClassifier):
    """Zero the intent confidence of messages with too few known words.

    Words inside entities found earlier in the pipeline (the gazetteer's occupations and
    places) count as known: "welder in Malmö" is understood even if no example says "welder".

    It must follow DIET in config.yml's pipeline. It declares no required
    components because Rasa checks those on the training graph too, where
    this component trains on the tokenized data without needing DIET.
    """

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """Below this share of known tokens a message counts as not understood."""
        return {MIN_KNOWN_RATIO_KEY: 0.5}

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        vocabulary: set[str] | None = None,
    ) -> None:
        """Keep the config, where to persist, and the learned vocabulary."""
        self._min_known_ratio = float(config[MIN_KNOWN_RATIO_KEY])
        self._model_storage = model_storage
        self._resource = resource
        self.vocabulary = vocabulary or set()

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> VocabularyGuard:
        """A new, untrained guard."""
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        """Learn the vocabulary: every token of every NLU training example."""
        self.vocabulary = {
            token.text.lower() for example in training_data.intent_examples for token in example.get(TEXT_TOKENS, [])
        }
        with self._model_storage.write_to(self._resource) as directory:
            (directory / _FILE_NAME).write_text(json.dumps(sorted(self.vocabulary)), encoding="utf-8")
        return self._resource

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> VocabularyGuard:
        """The guard with the vocabulary saved at training time."""
        try:
            with model_storage.read_from(resource) as directory:
                vocabulary = set(json.loads((directory / _FILE_NAME).read_text(encoding="utf-8")))
        except ValueError:
            logger.warning("VocabularyGuard found no saved vocabulary; it will let every message through.")
            vocabulary = set()
        return cls(config, model_storage, resource, vocabulary)

    def process(self, messages: list[Message]) -> list[Message]:
        """Zero the intent confidence of each message with too few known tokens."""
        if not self.vocabulary:
            return messages
        for message in messages:
            intent = message.get(INTENT)
            # Names the gazetteer recognised (occupations, places) count as known words.
            spans = [(entity["start"], entity["end"]) for entity in message.get(ENTITIES, [])]
            tokens = [
                token.text
                for token in message.get(TEXT_TOKENS, [])
                if not any(start <= token.start < end for start, end in spans)
            ]
            if intent and known_ratio(tokens, self.vocabulary) < self._min_known_ratio:
                logger.debug("too few known words; intent confidence set to 0")
                message.set(INTENT, {**intent, PREDICTED_CONFIDENCE_KEY: 0.0}, add_to_output=True)
        return messages
