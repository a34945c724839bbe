"""The step map ("where am I?"): which job-search steps are done, and which one comes next.

Each step's progress is read from the slot that holds it (self-assessment, goal, plan, saved
jobs), so the map is always the truth of the tracker and needs no state of its own.
"""

from __future__ import annotations

from dataclasses import dataclass

from actions.jobsearch.catalogue import Catalogue, Step
from actions.jobsearch.replies import Reply


@dataclass(frozen=True)
class StepProgress:
    """How far one step is: ``done`` of ``total`` (total 1 for a yes/no step)."""

    done: int
    total: int = 1

    @property
    def complete(self) -> bool:
        """Every part of the step is done."""
        return self.done >= self.total


def step_lines(catalogue: Catalogue, progress: dict[str, StepProgress]) -> list[str]:
    """One line per step: its mark, title, and "(2 of 4)" while partly done."""
    lines = []
    for step in catalogue.steps:
        state = progress.get(step.id, StepProgress(0))
        mark = catalogue.marks["done" if state.complete else "open"]
        count = (
            catalogue.lines["count"].format(done=state.done, total=state.total)
            if 0 < state.done < state.total and state.total > 1
            else ""
        )
        lines.append(catalogue.lines["step"].format(mark=mark, title=step.title, count=count))
    return lines


def next_step(catalogue: Catalogue, progress: dict[str, StepProgress]) -> Step | None:
    """The first step, in the map's order, that is not complete."""
    return next((s for s in catalogue.steps if not progress.get(s.id, StepProgress(0)).complete), None)


def step_map(catalogue: Catalogue, progress: dict[str, StepProgress]) -> Reply:
    """The map in words, with a button for the next step (or the all-done message)."""
    lines = "\n".join(step_lines(catalogue, progress))
    following = next_step(catalogue, progress)
    if following is None:
        return Reply("utter_steps_all_done", {"steps": lines})
    button = {"title": following.title, "payload": following.payload}
    return Reply("utter_steps_map", {"steps": lines, "next": following.title}, (button,))
