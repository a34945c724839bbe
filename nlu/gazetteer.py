"""Find occupations, places, ways of working and list positions in a message.

Why a gazetteer rather than DIET entities: the names come from classifications (ESCO's 3,000
occupations with 30,000 labels, Sweden's 290 municipalities), far more than any training data
could show, and each must come out as a stable key the actions can map to the vacancy APIs'
concepts. spaCy's PhraseMatcher (on a blank pipeline: no model download) finds all of them in one
pass. Matching ignores case and accents, except for the few place names that are also ordinary
words, which must be written as on the map. The longest match wins; on a tie, the earlier phrase
in nlu/phrases.py's priority order.

Words no phrase covers get a second chance for misspelt occupations ("electrision", "warehose
worker"): windows of up to three words are looked up in :class:`OccupationIndex` with a typo or
two allowed. Such an entity carries ``"fuzzy": true`` and, when several occupations are equally
close, ``"candidates"`` (ESCO keys, best first), so a dialogue can ask which one was meant.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import spacy
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message
from spacy.matcher import PhraseMatcher
from spacy.util import filter_spans

from nlu.occupation_index import OccupationIndex
from nlu.phrases import Phrase, all_phrases, fold, ignored_occupation_labels

logger = logging.getLogger(__name__)

PROJECT_DATA_DIR = Path(__file__).resolve().parent.parent / "data"
EXTRACTOR_NAME = "GazetteerEntityExtractor"
#: The longest run of uncovered words tried as one misspelt occupation label.
FUZZY_WINDOW = 3
#: Any message may be about anything, so typos are allowed only in long phrases: one from 8
#: letters, two from 11 ("manage" is not "manager", "electrision" is "electrician").
FUZZY_MIN_CHARS = 8
FUZZY_TWO_TYPOS_FROM = 11


class Gazetteer:
    """The matcher itself, independent of Rasa so it can be tested and reused directly."""

    def __init__(
        self, phrases: list[Phrase], occupations: OccupationIndex | None = None, ignored: frozenset[str] = frozenset()
    ) -> None:
        """Index ``phrases``: folded ones on folded text, exact ones on the text as written.

        Phrases are grouped by (entity, key): one matcher rule per key keeps start-up fast.
        A text already claimed by an earlier phrase is not added again. ``occupations``, when
        given, finds misspelt occupations in the words left over; ``ignored`` (folded) are
        labels never to be found that way either.
        """
        self._occupations = occupations
        self._ignored = ignored
        self._nlp = spacy.blank("xx")
        self._folded = PhraseMatcher(self._nlp.vocab)
        self._exact = PhraseMatcher(self._nlp.vocab)
        self._keys: dict[str, tuple[str, str]] = {}
        groups: dict[str, list[str]] = {}
        seen: set[tuple[bool, str]] = set()
        for phrase in phrases:
            text = phrase.text if phrase.exact else fold(phrase.text)
            if (phrase.exact, text) in seen:
                continue  # an earlier phrase with the same words has priority
            seen.add((phrase.exact, text))
            match_id = f"{'=' if phrase.exact else '~'}{phrase.entity}|{phrase.key}"
            self._keys.setdefault(match_id, (phrase.entity, phrase.key))
            groups.setdefault(match_id, []).append(text)
        for match_id, texts in groups.items():
            matcher = self._exact if match_id.startswith("=") else self._folded
            matcher.add(match_id, [self._nlp.make_doc(text) for text in texts])
        self._priority = {match_id: rank for rank, match_id in enumerate(groups)}

    def find(self, text: str) -> list[dict[str, Any]]:
        """Rasa-style entity dicts for every phrase found in ``text``, left to right."""
        folded_doc = self._nlp.make_doc(fold(text))
        exact_doc = self._nlp.make_doc(text)
        candidates = []
        for matcher, doc in ((self._folded, folded_doc), (self._exact, exact_doc)):
            for match_id, start, end in matcher(doc):
                name = self._nlp.vocab.strings[match_id]
                span = doc[start:end]
                candidates.append((span.start_char, span.end_char, name))
        # Longest first, then priority, so filter_spans keeps the best of overlapping matches.
        candidates.sort(key=lambda c: (-(c[1] - c[0]), self._priority[c[2]]))
        spans = [folded_doc.char_span(start, end, label=name) for start, end, name in candidates]
        kept = filter_spans([span for span in spans if span is not None])
        entities = []
        for span in kept:
            entity, key = self._keys[span.label_]
            entities.append(_entity(entity, key, span.start_char, span.end_char))
        if self._occupations is not None:
            covered = {token.i for span in kept for token in span}
            entities += self._misspelt(folded_doc, covered)
        return sorted(entities, key=lambda e: e["start"])

    def _misspelt(self, doc: Any, covered: set[int]) -> list[dict[str, Any]]:
        """Occupations written with a typo in the words no phrase claimed, longest window first."""
        assert self._occupations is not None
        found = []
        taken = set(covered)
        for size in range(FUZZY_WINDOW, 0, -1):
            for start in range(len(doc) - size + 1):
                window = doc[start : start + size]
                if any(token.i in taken for token in window) or not all(t.is_alpha for t in window):
                    continue
                if window.text in self._ignored:
                    continue
                matches = self._occupations.fuzzy(
                    window.text, min_chars=FUZZY_MIN_CHARS, two_typos_from=FUZZY_TWO_TYPOS_FROM
                )
                # A score of 1.0 is a label written correctly that the phrases left out on purpose.
                close = [m for m in matches if m.score < 1.0 and m.score == matches[0].score]
                if not close:
                    continue
                entity = _entity("occupation", f"esco:{close[0].esco_id}", window.start_char, window.end_char)
                entity["fuzzy"] = True
                if len(close) > 1:
                    entity["candidates"] = [f"esco:{m.esco_id}" for m in close]
                found.append(entity)
                taken.update(token.i for token in window)
        return found


def _entity(entity: str, key: str, start: int, end: int) -> dict[str, Any]:
    return {"entity": entity, "value": key, "start": start, "end": end, "extractor": EXTRACTOR_NAME, "processors": []}


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False)
class GazetteerEntityExtractor(GraphComponent, EntityExtractorMixin):
    """Rasa wrapper: adds the gazetteer's entities to each message."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """``data_dir``: where data/esco, data/taxonomy and data/content live."""
        return {"data_dir": None}

    def __init__(self, gazetteer: Gazetteer) -> None:
        """Wrap a built gazetteer."""
        self.gazetteer = gazetteer

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> GazetteerEntityExtractor:
        """Build the matcher from the data files (about two seconds, once per process)."""
        data_dir = Path(config["data_dir"]) if config.get("data_dir") else PROJECT_DATA_DIR
        ignored = frozenset(ignored_occupation_labels(data_dir))
        return cls(Gazetteer(all_phrases(data_dir), OccupationIndex.load(data_dir), ignored))

    def process(self, messages: list[Message]) -> list[Message]:
        """Append the phrases found to each message's entities."""
        for message in messages:
            text = message.get(TEXT)
            if not text:
                continue
            found = self.gazetteer.find(text)
            if found:
                message.set(ENTITIES, [*message.get(ENTITIES, []), *found], add_to_output=True)
        return messages
