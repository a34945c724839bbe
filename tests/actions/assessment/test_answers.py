from __future__ import annotations

import pytest

from actions.assessment.answers import (
    SKIP,
    Answer,
    AnswerKind,
    ReaskStep,
    Unclear,
    map_answer,
    reask_step,
    reask_text,
)
from actions.assessment.questionnaire import Module

VALUES = [
    ("4", 4),
    (" 4 ", 4),
    ("1", 1),
    ("5", 5),
    ("I'd say 4", 4),
    ("4/5", 4),
    ("4 out of 5", 4),
    ("Mostly like me", 4),
    ("mostly LIKE me.", 4),
    ("Exactly like me", 5),
    ("Not like me at all", 1),
    ("I love that!!", 5),
    ("yes, a lot", 5),
    ("Yes a lot 😀", 5),
    ("not really", 2),
    ("Not really...", 2),
    ("not at all", 1),
    ("no", 1),
    ("No.", 1),
    ("sort of", 3),
    ("maybe", 3),
    ("yes", 4),
    ("Yes!", 4),
    ("I don't like it", 2),
    ("I don\u2019t know", 3),
    ("not sure", 3),
    ("four", 4),
    ("👍", 4),
    ("❤", 5),
    ("4 - mostly like me", 4),
]


@pytest.mark.parametrize(("text", "value"), VALUES)
def test_typed_and_tapped_answers_map_to_the_scale(cms: Module, text: str, value: int) -> None:
    assert map_answer(text, cms.answer_scale) == Answer.of(value)


@pytest.mark.parametrize(
    ("text", "value"),
    [("Like a lot", 5), ("like", 4), ("Dislike", 2), ("dislike a lot", 1), ("NOT SURE", 3), ("I would love that", 5)],
)
def test_interest_scale_labels_and_words_map_to_the_scale(interests: Module, text: str, value: int) -> None:
    assert map_answer(text, interests.answer_scale) == Answer.of(value)


def test_accents_do_not_matter(cms: Module) -> None:
    assert map_answer("Nö", cms.answer_scale) == Answer.of(1)


@pytest.mark.parametrize("text", ["skip", "Skip!", "skip this one", "next question", "pass", "prefer not to say"])
def test_skip_words_give_skip_not_a_value(cms: Module, text: str) -> None:
    assert map_answer(text, cms.answer_scale) == SKIP


def test_rather_not_say_is_a_skip_but_rather_not_is_an_answer(interests: Module) -> None:
    assert map_answer("I'd rather not say", interests.answer_scale) == SKIP
    assert map_answer("rather not", interests.answer_scale) == Answer.of(2)


BAD = [
    ("", Unclear.EMPTY),
    ("   ", Unclear.EMPTY),
    (None, Unclear.EMPTY),
    ("7", Unclear.OUT_OF_RANGE),
    ("0", Unclear.OUT_OF_RANGE),
    ("-1", Unclear.OUT_OF_RANGE),
    ("3.5", Unclear.OUT_OF_RANGE),
    ("6/5", Unclear.OUT_OF_RANGE),
    ("x" * 5000, Unclear.TOO_LONG),
    ("yes " * 60, Unclear.TOO_LONG),
    ("🎉🎉🎉", Unclear.NOT_UNDERSTOOD),
    ("???", Unclear.NOT_UNDERSTOOD),
    ("banana", Unclear.NOT_UNDERSTOOD),
    ("3 or 4", Unclear.NOT_UNDERSTOOD),
    ("5, not at all", Unclear.NOT_UNDERSTOOD),
    ("I want to work as a nurse in Malmö, do you have any jobs for me", Unclear.NOT_UNDERSTOOD),
    ("no, well, if I think about it again, probably yes really", Unclear.NOT_UNDERSTOOD),
]


@pytest.mark.parametrize(("text", "reason"), BAD)
def test_bad_answers_are_unclear_with_the_reason(cms: Module, text: str | None, reason: Unclear) -> None:
    answer = map_answer(text, cms.answer_scale)
    assert answer.kind is AnswerKind.UNCLEAR
    assert answer.reason is reason
    assert answer.value is None


def test_exactly_200_characters_are_still_read_but_201_are_too_long(cms: Module) -> None:
    assert map_answer("4" + " " * 198 + "4", cms.answer_scale) == Answer.of(4)
    assert map_answer("4" + " " * 199 + "4", cms.answer_scale).reason is Unclear.TOO_LONG


def test_two_failed_reasks_then_skip_is_offered_then_the_question_is_skipped() -> None:
    steps = [reask_step(n, max_failed_reasks=2) for n in range(1, 6)]
    assert steps == [ReaskStep.REASK, ReaskStep.REASK, ReaskStep.OFFER_SKIP, ReaskStep.SKIP, ReaskStep.SKIP]


def test_reask_limit_is_read_from_the_answer_table() -> None:
    assert reask_step(2) is ReaskStep.REASK
    assert reask_step(3) is ReaskStep.OFFER_SKIP


def test_reask_text_names_every_option_and_the_reason(cms: Module) -> None:
    scale = cms.answer_scale
    text = reask_text(map_answer("7", scale), scale, ReaskStep.REASK)
    assert "from 1 to 5" in text
    for value in scale.values:
        assert f"{value} = {scale.label(value)}" in text
    offer = reask_text(map_answer("banana", scale), scale, ReaskStep.OFFER_SKIP)
    assert "skip" in offer
    assert "5 = Exactly like me" in offer


SWEDISH = [
    ("lite", 2),
    ("Lite grann", 2),
    ("absolut", 5),
    ("Absolut inte!", 1),
    ("inte alls", 1),
    ("nej", 1),
    ("ja", 4),
    ("ja, mycket", 5),
    ("kanske", 3),
    ("vet inte", 3),
    ("inte riktigt", 2),
    ("gillar inte", 2),
    ("älskar det", 5),
    ("Ganska", 4),
    ("jag vet inte", 3),
]


@pytest.mark.parametrize(("text", "value"), SWEDISH)
def test_swedish_free_text_answers_map_to_the_scale(cms: Module, text: str, value: int) -> None:
    assert map_answer(text, cms.answer_scale) == Answer.of(value)


@pytest.mark.parametrize("text", ["hoppa över", "Hoppa över frågan", "jag vill inte svara"])
def test_swedish_skip_words_give_skip(cms: Module, text: str) -> None:
    assert map_answer(text, cms.answer_scale) == SKIP
