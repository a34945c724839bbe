from dataclasses import replace

import pytest

from actions.assessment.files import read_yaml
from actions.jobsearch.interview import (
    INTERVIEW_FILE,
    Outcome,
    answer,
    choose_questions,
    current_question,
    default_interview,
    feedback,
    major_group,
    parse_interview,
    start,
    word_count,
)
from actions.jobsearch.state import Interview

CONTENT = default_interview("en")
SWEDISH = default_interview("sv")
STAR = (
    "At my last job in a warehouse there was a big order and I had to pack it in one day. "
    "I asked two colleagues for help and planned who did what. In the end we finished on time "
    "and the customer was happy."
)


def marks(text: str) -> dict[str, bool]:
    lines = feedback(CONTENT, text).lines
    ids = ["length", *(c.id for c in CONTENT.checks)]
    return {i: line.startswith(CONTENT.marks["found"]) for i, line in zip(ids, lines, strict=True)}


def test_a_full_star_answer_ticks_every_check():
    assert marks(STAR) == dict.fromkeys(["length", "example", "situation", "task", "action", "result"], True)


def test_a_short_vague_answer_is_too_short_and_misses_every_sign():
    given = feedback(CONTENT, "I am a hard worker.")
    assert given.words == 5
    assert given.lines[0] == "☐ Length: 5 words. That is short. Try 2 to 5 sentences."
    assert given.spotted == frozenset()


def test_a_very_long_answer_is_marked_long():
    assert feedback(CONTENT, "word " * 300).lines[0].startswith("☐ Length: 300 words. That is long.")


def test_an_answer_of_the_right_length_is_good():
    assert feedback(CONTENT, " ".join(["work"] * 40)).lines[0] == "✓ Length: 40 words. Good."


@pytest.mark.parametrize(
    ("check", "with_sign", "without"),
    [
        ("example", "For example, I fixed the till.", "I like fixing things."),
        ("situation", "When I worked at a shop it was busy.", "Shops are busy."),
        ("task", "My task was to count the stock.", "Stock must be counted."),
        ("action", "I talked to the customer.", "The customer was talked to."),
        ("result", "In the end the customer came back.", "The customer is important."),
    ],
)
def test_each_check_is_ticked_only_when_its_sign_is_there(check, with_sign, without):
    assert check in feedback(CONTENT, with_sign).spotted
    assert check not in feedback(CONTENT, without).spotted


def test_the_checklist_lines_say_what_is_missing():
    lines = feedback(CONTENT, "I am reliable.").lines
    assert "☐ Add a concrete example: one time when you did this." in lines
    assert "☐ Result: say how it ended, and what you learned." in lines


def test_words_are_counted_without_punctuation_alone():
    assert word_count("I  worked - hard , really.") == 4


def test_a_welders_session_starts_with_the_opening_then_craft_questions():
    chosen = choose_questions(CONTENT, "7", 0)
    assert len(chosen) == CONTENT.per_session
    assert chosen[0] == "about_you"
    assert chosen[1:3] == ("safety", "quality")
    assert all(CONTENT.question(q) in CONTENT.general for q in chosen[3:])


@pytest.mark.parametrize("group", [None, "x"])
def test_without_a_known_group_only_general_questions_are_asked(group):
    chosen = choose_questions(CONTENT, group, 0)
    assert len(chosen) == CONTENT.per_session
    assert all(CONTENT.question(q) in CONTENT.general for q in chosen)


def test_each_group_has_its_own_questions():
    assert choose_questions(CONTENT, "5", 0)[1:3] == ("unhappy_customer", "busy_shift")
    assert choose_questions(CONTENT, "1", 0)[1:3] == ("lead_team", "hard_decision")


def test_practising_again_brings_other_general_questions():
    first, second = choose_questions(CONTENT, None, 0), choose_questions(CONTENT, None, 1)
    assert first[0] == second[0] == "about_you"
    assert first[1:] != second[1:]


def test_the_major_group_is_the_first_digit_of_the_first_code():
    assert major_group(["7212", "7213"]) == "7"
    assert major_group([]) is None and major_group([""]) is None


def test_an_answer_gives_feedback_and_moves_to_the_next_question():
    session, resumed = start(CONTENT, Interview(), "7")
    assert not resumed and current_question(CONTENT, session).id == "about_you"
    moved, outcome, given = answer(CONTENT, session, STAR)
    assert outcome is Outcome.ANSWERED and given is not None
    assert (moved.position, moved.answered) == (1, 1)


def test_skip_moves_on_without_feedback_and_stop_keeps_the_place():
    session, _ = start(CONTENT, Interview(), None)
    skipped, outcome, given = answer(CONTENT, session, "Skip!")
    assert outcome is Outcome.SKIPPED and given is None
    assert (skipped.position, skipped.answered) == (1, 0)
    stopped, outcome, _ = answer(CONTENT, skipped, "stop")
    assert outcome is Outcome.STOPPED and stopped == skipped


def test_starting_again_after_stop_resumes_the_same_question():
    session, _ = start(CONTENT, Interview(), None)
    half = replace(session, position=2)
    resumed, was_resumed = start(CONTENT, half, "7")
    assert was_resumed and resumed == half


def test_the_last_answer_finishes_the_session_and_counts_it():
    session, _ = start(CONTENT, Interview(), None)
    last = replace(session, position=len(session.questions) - 1, answered=1)
    done, outcome, given = answer(CONTENT, last, STAR)
    assert outcome is Outcome.FINISHED and given is not None
    assert (done.sessions, done.answered, done.in_progress) == (1, 2, False)
    again, resumed = start(CONTENT, done, None)
    assert not resumed and again.position == 0 and again.questions != ()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda raw: raw["session"].update(questions=6), "session questions must be 3 to 5"),
        (lambda raw: raw["feedback"]["patterns"]["example"].append("(unclosed"), "missing or wrong entry"),
        (lambda raw: raw["general"].append(raw["general"][0]), "question ids must be unique"),
        (lambda raw: raw["en"]["questions"].pop("strength"), "missing or wrong entry.*strength"),
    ],
)
def test_a_broken_content_file_is_named_in_the_error(change, message):
    raw = read_yaml(INTERVIEW_FILE)
    change(raw)
    with pytest.raises(ValueError, match=message) as caught:
        parse_interview(raw, "en", "edited.yml")
    assert str(caught.value).startswith("edited.yml")


def test_every_occupation_major_group_has_its_own_questions():
    for group in "0123456789":
        chosen = choose_questions(CONTENT, group, 0)
        specific = {q.id for q in CONTENT.groups[group]}
        assert len(specific & set(chosen)) == CONTENT.per_group, group
