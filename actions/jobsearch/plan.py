"""The action plan's rules: what to suggest, adding an action, its date, done, and the plan view.

A plan has ``min_actions`` to ``max_actions`` actions from the catalogue (data/jobsearch/plan.yml),
each with a date the user picks with a button. ``plan_turn`` is one user step (a tap or "my plan")
in, the new state and the replies out, with no Rasa in it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from actions.jobsearch.catalogue import Catalogue, PlanAction
from actions.jobsearch.replies import Reply, button
from actions.jobsearch.state import JobSearch, PlanItem

INTENT = "show_plan"
REMINDERS_ON, REMINDERS_OFF = "start_reminders", "stop_reminders"
#: The plan operations a button can carry in the ``plan_op`` entity.
ADD, DUE, DONE, CHANGE, MORE, FINISH = "add", "due", "done", "change", "more", "finish"


@dataclass(frozen=True)
class Situation:
    """What the suggestions depend on, read from the other slots."""

    assessment_done: bool = False
    digital_low: bool = False
    has_goal: bool = False


def applies(action: PlanAction, situation: Situation) -> bool:
    """Whether an action is worth suggesting now (its ``suggest_when``)."""
    return {
        "always": True,
        "no_assessment": not situation.assessment_done,
        "digital_low": situation.digital_low,
        "has_goal": situation.has_goal,
        "no_goal": not situation.has_goal,
    }[action.suggest_when]


def suggestions(catalogue: Catalogue, search: JobSearch, situation: Situation) -> list[PlanAction]:
    """The first actions, by ``order``, that apply and are not in the plan yet."""
    open_actions = [a for a in catalogue.actions.values() if search.item(a.id) is None and applies(a, situation)]
    return sorted(open_actions, key=lambda a: a.order)[: catalogue.suggestions]


def is_late(item: PlanItem, today: date) -> bool:
    """An open action whose date has passed."""
    return not item.done and item.due is not None and item.due < today


def plan_lines(catalogue: Catalogue, search: JobSearch, today: date) -> list[str]:
    """One line per action: mark, title, date, and "(late)" when its date has passed."""
    lines = []
    for item in search.plan:
        action = catalogue.actions.get(item.action)
        if action is None:
            continue
        mark = catalogue.marks["done" if item.done else "open"]
        late = catalogue.marks["overdue"] if is_late(item, today) else ""
        if item.due is None:
            lines.append(catalogue.lines["undated"].format(mark=mark, title=action.title))
        else:
            when = catalogue.date_words(item.due)
            lines.append(catalogue.lines["dated"].format(mark=mark, title=action.title, date=when, late=late))
    return lines


def _suggestion_buttons(catalogue: Catalogue, search: JobSearch, situation: Situation) -> tuple[dict[str, str], ...]:
    return tuple(
        button(a.title, INTENT, plan_op=ADD, plan_action=a.id) for a in suggestions(catalogue, search, situation)
    )


def _due_buttons(catalogue: Catalogue, action: str) -> tuple[dict[str, str], ...]:
    return tuple(
        button(c.label, INTENT, plan_op=DUE, plan_action=action, due_days=c.days) for c in catalogue.due_choices
    )


def plan_view(catalogue: Catalogue, search: JobSearch, situation: Situation, today: date) -> Reply:
    """The plan, with a button per open action to mark it done, then change a date and add."""
    labels = catalogue.buttons
    open_items = [i for i in search.plan if not i.done and i.action in catalogue.actions]
    buttons = [
        button(
            labels["done"].format(title=catalogue.actions[i.action].title), INTENT, plan_op=DONE, plan_action=i.action
        )
        for i in open_items
    ]
    if open_items:
        buttons.append(button(labels["change_date"], INTENT, plan_op=CHANGE))
    if len(search.plan) < catalogue.max_actions and suggestions(catalogue, search, situation):
        buttons.append(button(labels["add"], INTENT, plan_op=MORE))
    done = sum(1 for i in search.plan if i.done)
    values = {"plan": "\n".join(plan_lines(catalogue, search, today)), "done": done, "total": len(search.plan)}
    return Reply("utter_plan_view", values, tuple(buttons))


def ask_reminders(catalogue: Catalogue, search: JobSearch) -> list[Reply]:
    """Ask "shall I remind you?" once: only while the user has not answered yet."""
    if search.reminders is not None or not any(i.due for i in search.plan if not i.done):
        return []
    labels = catalogue.buttons
    buttons = (button(labels["remind_yes"], REMINDERS_ON), button(labels["remind_no"], REMINDERS_OFF))
    return [Reply("utter_plan_ask_reminders", {}, buttons)]


def reminders_turn(search: JobSearch, on: bool) -> tuple[JobSearch, list[Reply]]:
    """Reminders on or off, at once; the answer says which."""
    return replace(search, reminders=on), [Reply("utter_reminders_on" if on else "utter_reminders_off")]


def reminder_reply(catalogue: Catalogue, items: list[PlanItem], today: date) -> Reply:
    """The reminder of today's steps, with a button to mark each done, change a date or stop."""
    labels = catalogue.buttons
    known = [i for i in items if i.action in catalogue.actions]
    lines = plan_lines(catalogue, JobSearch(plan=tuple(known)), today)
    buttons = [
        button(
            labels["done"].format(title=catalogue.actions[i.action].title), INTENT, plan_op=DONE, plan_action=i.action
        )
        for i in known
    ]
    buttons += [button(labels["change_date"], INTENT, plan_op=CHANGE), button(labels["stop_reminders"], REMINDERS_OFF)]
    return Reply("utter_plan_reminder", {"steps": "\n".join(lines)}, tuple(buttons))


def _after_date(catalogue: Catalogue, search: JobSearch, situation: Situation, today: date) -> list[Reply]:
    """After a date is set: pick the next action until the minimum, then offer more or finish."""
    dated = [i for i in search.plan if i.due is not None]
    if len(dated) < catalogue.min_actions and (options := _suggestion_buttons(catalogue, search, situation)):
        return [Reply("utter_plan_pick_next", {"count": len(dated), "minimum": catalogue.min_actions}, options)]
    if len(search.plan) < catalogue.max_actions and suggestions(catalogue, search, situation):
        labels = catalogue.buttons
        more = (button(labels["add"], INTENT, plan_op=MORE), button(labels["finished"], INTENT, plan_op=FINISH))
        return [Reply("utter_plan_more", {"count": len(dated)}, more)]
    return [plan_view(catalogue, search, situation, today), *ask_reminders(catalogue, search)]


def plan_turn(
    catalogue: Catalogue,
    search: JobSearch,
    situation: Situation,
    today: date,
    op: str | None = None,
    action: str | None = None,
    days: int | None = None,
) -> tuple[JobSearch, list[Reply]]:
    """One step of building or keeping the plan: the new state and what to say."""
    known = catalogue.actions.get(action or "")
    if op == ADD and known is not None:
        if search.item(known.id) is None and len(search.plan) >= catalogue.max_actions:
            return search, [
                Reply("utter_plan_full", {"maximum": catalogue.max_actions}),
                plan_view(catalogue, search, situation, today),
            ]
        if search.item(known.id) is None:
            search = search.with_item(PlanItem(known.id))
        return search, [Reply("utter_plan_ask_due", {"title": known.title}, _due_buttons(catalogue, known.id))]
    if op == DUE and known is not None and days is not None and 0 < days <= 366:
        item = search.item(known.id) or PlanItem(known.id)
        if item.due is None and search.item(known.id) is None and len(search.plan) >= catalogue.max_actions:
            return search, [plan_view(catalogue, search, situation, today)]
        due = today + timedelta(days=days)
        search = search.with_item(replace(item, due=due))
        values = {"title": known.title, "date": catalogue.date_words(due)}
        if item.due is not None:
            return search, [Reply("utter_plan_moved", values), plan_view(catalogue, search, situation, today)]
        return search, [Reply("utter_plan_added", values), *_after_date(catalogue, search, situation, today)]
    if op == DONE and known is not None and (finished := search.item(known.id)) is not None:
        search = search.with_item(replace(finished, done=True))
        replies = [Reply("utter_plan_well_done", {"title": known.title})]
        if all(i.done for i in search.plan):
            replies.append(Reply("utter_plan_all_done"))
        return search, [*replies, plan_view(catalogue, search, situation, today)]
    if op == CHANGE:
        if known is not None and search.item(known.id) is not None:
            return search, [Reply("utter_plan_ask_due", {"title": known.title}, _due_buttons(catalogue, known.id))]
        which = tuple(
            button(
                catalogue.buttons["change_which"].format(title=catalogue.actions[i.action].title),
                INTENT,
                plan_op=CHANGE,
                plan_action=i.action,
            )
            for i in search.plan
            if not i.done and i.action in catalogue.actions
        )
        if which:
            return search, [Reply("utter_plan_change_which", {}, which)]
    if (
        op == MORE
        and len(search.plan) < catalogue.max_actions
        and (options := _suggestion_buttons(catalogue, search, situation))
    ):
        return search, [
            Reply("utter_plan_pick_next", {"count": len(search.plan), "minimum": catalogue.min_actions}, options)
        ]
    if op == FINISH and search.plan:
        return search, [plan_view(catalogue, search, situation, today), *ask_reminders(catalogue, search)]
    if not search.plan:
        options = _suggestion_buttons(catalogue, search, situation)
        return search, [
            Reply("utter_plan_intro", {"minimum": catalogue.min_actions, "maximum": catalogue.max_actions}, options)
        ]
    return search, [plan_view(catalogue, search, situation, today)]
