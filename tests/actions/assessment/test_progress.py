import pytest

from actions.assessment.progress import AssessmentState, Outcome, answer, finish, navigation, question, start
from actions.assessment.questionnaire import default_modules


@pytest.fixture(scope="module")
def digital():
    return default_modules()["digital"]


def started(module_id: str = "digital") -> AssessmentState:
    return start(AssessmentState(), module_id)


def test_a_button_answer_is_recorded_and_the_next_question_comes(digital):
    state, outcome = answer(started(), digital, "4")
    assert outcome is Outcome.ANSWERED
    progress = state.progress["digital"]
    assert progress.position == 1 and progress.answers == {digital.items[0].id: 4}
    assert question(digital, progress) == digital.items[1]


def test_free_text_is_mapped_to_the_scale(digital):
    state, _ = answer(started(), digital, "Exactly like me!")
    assert list(state.progress["digital"].answers.values()) == [5]


def test_unclear_answers_are_asked_again_then_skipping_is_offered_then_the_question_is_skipped(digital):
    state = started()
    outcomes = []
    for _ in range(4):
        state, outcome = answer(state, digital, "purple elephants")
        outcomes.append(outcome)
    assert outcomes == [Outcome.REASK, Outcome.REASK, Outcome.OFFER_SKIP, Outcome.SKIPPED_AFTER_REASKS]
    assert state.progress["digital"].answers == {digital.items[0].id: None}
    assert state.progress["digital"].failed == 0, "the next question starts with a clean slate"


@pytest.mark.parametrize("text", ["", "7", "🙂🙂", "x" * 5000])
def test_bad_input_never_records_an_answer(digital, text):
    state, outcome = answer(started(), digital, text)
    assert outcome is Outcome.REASK and state.progress["digital"].answers == {}


def test_go_back_returns_to_the_previous_question_and_a_new_answer_replaces_the_old(digital):
    state, _ = answer(started(), digital, "2")
    state, outcome = answer(state, digital, "go back")
    assert outcome is Outcome.BACK and state.progress["digital"].position == 0
    state, _ = answer(state, digital, "5")
    assert state.progress["digital"].answers == {digital.items[0].id: 5}


def test_start_over_forgets_this_modules_answers_only(digital):
    state, _ = answer(started(), digital, "3")
    state, outcome = answer(state, digital, "Start over")
    assert outcome is Outcome.RESTARTED and state.progress["digital"].answers == {}


def test_later_pauses_without_losing_anything_and_continuing_resumes_at_the_same_question(digital):
    state, _ = answer(started(), digital, "3")
    paused, outcome = answer(state, digital, "later")
    assert outcome is Outcome.PAUSED and paused == state
    again = start(AssessmentState.from_slot(paused.to_slot()), "digital")
    assert again.progress["digital"].position == 1 and again.in_progress("digital")


def test_the_last_answer_finishes_the_module(digital):
    state = started()
    for _ in range(len(digital.items) - 1):
        state, outcome = answer(state, digital, "skip")
        assert outcome is Outcome.SKIPPED
    state, outcome = answer(state, digital, "5")
    assert outcome is Outcome.FINISHED


def test_finishing_keeps_the_earlier_result_as_previous_and_clears_the_progress():
    state = finish(started(), "digital", {"module": "digital", "scores": []}, "2026-01-01T00:00:00+00:00")
    state = finish(
        start(state, "digital"), "digital", {"module": "digital", "scores": [1]}, "2026-02-01T00:00:00+00:00"
    )
    record = state.results["digital"]
    assert record["previous"] == {"module": "digital", "scores": []} and record["latest"]["scores"] == [1]
    assert "digital" not in state.progress and state.module is None


def test_navigation_words_must_be_the_whole_message():
    assert navigation("Go back!") == "back"
    assert navigation("I love going back to school") is None


def test_an_unreadable_slot_gives_a_fresh_state():
    assert AssessmentState.from_slot({"progress": {"digital": {"answers": {}}}}) == AssessmentState()
    assert AssessmentState.from_slot(None) == AssessmentState()


def test_continue_in_the_middle_of_a_part_repeats_the_question_without_counting_as_unclear(digital):
    state, _ = answer(started(), digital, "2")
    again, outcome = answer(state, digital, "continue my assessment")
    assert outcome is Outcome.REPEAT and again == state


def test_swedish_navigation_words_work_too():
    assert navigation("gå tillbaka") == "back"
    assert navigation("Börja om!") == "restart"
    assert navigation("fortsätt") == "repeat"
    assert navigation("senare") == "stop"
    assert navigation("jag vill gå tillbaka till skolan") is None
