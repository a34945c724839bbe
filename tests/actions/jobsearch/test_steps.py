from actions.jobsearch.catalogue import default_catalogue
from actions.jobsearch.steps import StepProgress, step_map

CATALOGUE = default_catalogue()


def test_the_map_marks_done_steps_counts_partial_ones_and_offers_the_next():
    reply = step_map(CATALOGUE, {"assessment": StepProgress(2, 4), "goal": StepProgress(1)})
    assert reply.response == "utter_steps_map"
    assert reply.values["steps"].splitlines() == [
        "☐ Find out what suits you (2 of 4)",
        "✓ Choose your job goal",
        "☐ Make a plan with dates",
        "☐ Write your CV",
        "☐ Look for jobs and save the good ones",
        "☐ Apply, and keep a diary of your applications",
        "☐ Practise for a job interview",
    ]
    assert reply.values["next"] == "Find out what suits you"
    assert reply.buttons == ({"title": "Find out what suits you", "payload": "/start_assessment"},)


def test_the_next_step_skips_what_is_done():
    reply = step_map(CATALOGUE, {"assessment": StepProgress(4, 4), "goal": StepProgress(1)})
    assert reply.buttons[0]["payload"] == "/show_plan"


def test_every_step_done_says_so_without_a_button():
    progress = {s.id: StepProgress(1) for s in CATALOGUE.steps}
    reply = step_map(CATALOGUE, progress)
    assert reply.response == "utter_steps_all_done" and reply.buttons == ()
