from actions.jobsearch.catalogue import default_catalogue
from actions.jobsearch.goal import goal_turn
from actions.jobsearch.state import Goal, JobSearch

CATALOGUE = default_catalogue()
WELDER = ("esco:welder-id", "welder")
COOK = ("esco:cook-id", "cook")


def test_named_occupations_become_the_goal_and_the_start_is_asked_next():
    search, replies = goal_turn(CATALOGUE, JobSearch(), [WELDER, COOK], "Malmö", None, [])
    assert search.goal == Goal((WELDER, COOK), "Malmö", None)
    assert replies[0].response == "utter_goal_ask_start"
    assert replies[0].values["occupations"] == "welder, cook"
    assert replies[0].buttons[0]["payload"] == '/set_goal{"goal_start":"now"}'


def test_at_most_three_occupations_and_no_repeats_are_kept():
    many = [WELDER, WELDER, COOK, ("a", "A"), ("b", "B")]
    search, _ = goal_turn(CATALOGUE, JobSearch(), many, None, None, [])
    assert search.goal.occupations == (WELDER, COOK, ("a", "A"))


def test_the_start_button_saves_the_goal_and_offers_the_plan():
    search, _ = goal_turn(CATALOGUE, JobSearch(), [WELDER], None, None, [])
    search, replies = goal_turn(CATALOGUE, search, [], None, "months", [])
    assert search.goal.start == "months"
    assert replies[0].response == "utter_goal_saved"
    assert replies[0].values["start"] == "to start in the next few months"
    assert replies[0].buttons[0]["payload"] == "/show_plan"


def test_a_goal_with_a_place_is_said_with_the_place():
    search, _ = goal_turn(CATALOGUE, JobSearch(), [WELDER], "Kiruna", None, [])
    _, replies = goal_turn(CATALOGUE, search, [], None, "now", [])
    assert replies[0].response == "utter_goal_saved_place"
    assert replies[0].values["place"] == "Kiruna"


def test_without_a_named_job_the_profiles_jobs_are_offered_as_buttons():
    search, replies = goal_turn(CATALOGUE, JobSearch(), [], None, None, [COOK])
    assert search == JobSearch()
    assert replies[0].response == "utter_goal_ask_suggested"
    assert replies[0].buttons[0] == {"title": "cook", "payload": '/set_goal{"occupation":"esco:cook-id"}'}


def test_without_any_job_to_offer_the_goal_is_asked_in_words():
    _, replies = goal_turn(CATALOGUE, JobSearch(), [], None, None, [])
    assert replies[0].response == "utter_goal_ask" and replies[0].buttons == ()


def test_asking_again_shows_the_current_goal_and_an_unknown_start_changes_nothing():
    search = JobSearch(goal=Goal((WELDER,), None, "now"))
    same, replies = goal_turn(CATALOGUE, search, [], None, "tomorrow-ish", [])
    assert same == search
    assert replies[0].response == "utter_goal_current"
