"""The job goal's rules: one to three target occupations, where, and when to start.

Occupations come from the user's words (the gazetteer's ``occupation`` entities, as keys with
their labels) or from a button with one of the profile's occupations. The goal is asked in two
short steps, what then when, so that each message carries one question.
"""

from __future__ import annotations

from dataclasses import replace

from actions.jobsearch.catalogue import Catalogue
from actions.jobsearch.replies import Reply, button
from actions.jobsearch.state import Goal, JobSearch

INTENT = "set_goal"


def goal_words(goal: Goal, catalogue: Catalogue) -> dict[str, str]:
    """The goal's parts in words, for the responses' {placeholders}."""
    return {
        "occupations": ", ".join(label for _, label in goal.occupations),
        "place": goal.place or "",
        "start": catalogue.start_words(goal.start or "") or "",
    }


def _start_buttons(catalogue: Catalogue) -> tuple[dict[str, str], ...]:
    return tuple(button(c.label, INTENT, goal_start=c.value) for c in catalogue.start_choices)


def _saved(goal: Goal, catalogue: Catalogue) -> Reply:
    response = "utter_goal_saved_place" if goal.place else "utter_goal_saved"
    follow = (button(catalogue.buttons["plan"], "show_plan"), button(catalogue.buttons["where"], "job_search_progress"))
    return Reply(response, goal_words(goal, catalogue), follow)


def goal_turn(
    catalogue: Catalogue,
    search: JobSearch,
    occupations: list[tuple[str, str]],
    place: str | None,
    start: str | None,
    suggested: list[tuple[str, str]],
) -> tuple[JobSearch, list[Reply]]:
    """One step of setting the goal: the new state and what to say.

    ``occupations``: (key, label) the user named now; ``place``: a place they named;
    ``start``: a start value from a button; ``suggested``: (key, label) from their profile, offered
    as buttons when they named nothing.
    """
    goal = search.goal
    if occupations:
        chosen = tuple(dict.fromkeys(occupations))[: catalogue.max_goal_occupations]
        goal = Goal(chosen, place or goal.place, None)
        search = replace(search, goal=goal)
        return search, [Reply("utter_goal_ask_start", goal_words(goal, catalogue), _start_buttons(catalogue))]
    if start is not None and goal.is_set and catalogue.start_words(start) is not None:
        goal = replace(goal, start=start, place=place or goal.place)
        search = replace(search, goal=goal)
        return search, [_saved(goal, catalogue)]
    if place is not None and goal.is_set:
        goal = replace(goal, place=place)
        search = replace(search, goal=goal)
        return search, [_saved(goal, catalogue)]
    if goal.is_set:
        return search, [Reply("utter_goal_current", goal_words(goal, catalogue))]
    options = tuple(button(label, INTENT, occupation=key) for key, label in suggested[: catalogue.max_goal_occupations])
    return search, [Reply("utter_goal_ask_suggested" if options else "utter_goal_ask", {}, options)]
