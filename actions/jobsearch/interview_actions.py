"""Rasa actions of the interview practice: start or continue, ask, give feedback, finish.

Rasa side (data/rules/jobsearch_interview.yml): ``action_start_interview`` hands over to
``interview_form``, whose one slot, ``interview_answer``, is filled from any text while it is
active (except "why do you ask?" and the other digressions, whose rules answer and return to the
form). Each answer goes through ``interview.answer``; the slot is emptied again until the session
is finished or stopped, so the form asks one question at a time. Progress (question ids and
counts, never the answers) lives in the ``jobsearch`` slot, so "interview practice" later goes
on where the user stopped.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.jobsearch.interview import (
    InterviewContent,
    Outcome,
    answer,
    current_question,
    default_interview,
    major_group,
)
from actions.jobsearch.interview import start as start_session
from actions.jobsearch.replies import button
from actions.jobsearch.state import SLOT, JobSearch
from actions.language import language_of
from actions.privacy.consent import refused_without_consent
from actions.vacancies.vocabulary import vocabulary

ANSWER_SLOT = "interview_answer"
#: Filled into the answer slot when the session is finished or stopped, so the form completes.
DONE, STOPPED = "done", "stopped"


def goal_group(search: JobSearch) -> str | None:
    """The ISCO-08 major group of the goal's first occupation (its ESCO or SSYK code), or None.

    SSYK 2012 keeps ISCO-08's major groups, so an everyday word's SSYK code gives the same digit.
    """
    if not search.goal.occupations:
        return None
    key = search.goal.occupations[0][0]
    kind, _, value = key.partition(":")
    words = vocabulary()
    if kind == "esco":
        return major_group(words.esco_ssyk_codes(value))
    choice = words.occupation(key)
    return major_group(choice.group_codes) if choice else None


def question_buttons(content: InterviewContent) -> list[dict[str, str]]:
    """Skip, why and stop under each question (skip and stop are words the form reads)."""
    titles = content.buttons
    return [
        {"title": titles["skip"], "payload": content.skip_words[0]},
        button(titles["why"], "explain_question"),
        {"title": titles["stop"], "payload": content.stop_words[0]},
    ]


class ActionStartInterview(Action):
    """Start a practice session with questions for the goal's occupation group, or continue one."""

    def name(self) -> str:
        """Called for practise_interview."""
        return "action_start_interview"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        """Say what comes (or where we were); the rules run the form next."""
        if (refusal := refused_without_consent(dispatcher, tracker)) is not None:
            return refusal
        content = default_interview(language_of(tracker))
        search = JobSearch.from_slot(tracker.get_slot(SLOT))
        group = goal_group(search)
        session, resuming = start_session(content, search.interview, group)
        total = len(session.questions)
        if resuming:
            dispatcher.utter_message(response="utter_interview_resume", done=session.position, total=total)
        elif group and group in content.groups:
            dispatcher.utter_message(
                response="utter_interview_intro_goal", total=total, occupation=search.goal.occupations[0][1]
            )
        else:
            dispatcher.utter_message(response="utter_interview_intro", total=total)
        return [SlotSet(SLOT, replace(search, interview=session).to_slot()), SlotSet(ANSWER_SLOT, None)]


class ActionAskInterviewAnswer(Action):
    """Ask the current question, with its number and the skip, why and stop buttons."""

    def name(self) -> str:
        """Rasa's name for the form's question about ``interview_answer``."""
        return "action_ask_interview_answer"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        """One message per question."""
        content = default_interview(language_of(tracker))
        session = JobSearch.from_slot(tracker.get_slot(SLOT)).interview
        item = current_question(content, session)
        if item is not None:
            dispatcher.utter_message(
                response="utter_interview_question",
                number=session.position + 1,
                total=len(session.questions),
                question=item.text,
                buttons=question_buttons(content),
            )
        return []


class ValidateInterviewForm(FormValidationAction):
    """Turn each message into progress: feedback and the next question, a skip, a stop or the end."""

    def name(self) -> str:
        """Rasa finds the form's validation by this name."""
        return "validate_interview_form"

    def validate_interview_answer(
        self, slot_value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Give the checklist for an answer; keep only the new position and counts."""
        if slot_value is None:
            # The start emptied the slot; rasa-sdk validates that too, but it is no answer.
            return {ANSWER_SLOT: None}
        content = default_interview(language_of(tracker))
        search = JobSearch.from_slot(tracker.get_slot(SLOT))
        if not search.interview.in_progress:
            return {ANSWER_SLOT: DONE}
        session, outcome, given = answer(content, search.interview, str(slot_value or ""))
        if given is not None:
            dispatcher.utter_message(response="utter_interview_feedback", checks=given.text, note=content.note)
        elif outcome is Outcome.SKIPPED:
            dispatcher.utter_message(response="utter_interview_skipped")
        filled = {Outcome.STOPPED: STOPPED, Outcome.FINISHED: DONE}.get(outcome)
        return {ANSWER_SLOT: filled, SLOT: replace(search, interview=session).to_slot()}


class ActionInterviewFinished(Action):
    """After the form: the end of a session, or where the user stopped and how to go on."""

    def name(self) -> str:
        """Called by the rule that follows the form's end."""
        return "action_interview_finished"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        """Stopped: the position is kept. Finished: the count of answers and what next."""
        session = JobSearch.from_slot(tracker.get_slot(SLOT)).interview
        total = len(session.questions)
        if session.in_progress:
            dispatcher.utter_message(response="utter_interview_paused", done=session.position, total=total)
        else:
            dispatcher.utter_message(response="utter_interview_finished", answered=session.answered, total=total)
        return [SlotSet(ANSWER_SLOT, None)]


class ActionExplainInterviewQuestion(Action):
    """Answer "why do you ask?" during the practice: what the employer wants to learn."""

    def name(self) -> str:
        """Called for explain_question while interview_form is active."""
        return "action_explain_interview_question"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        """The current question's ``why`` from the data file."""
        content = default_interview(language_of(tracker))
        item = current_question(content, JobSearch.from_slot(tracker.get_slot(SLOT)).interview)
        if item is not None:
            dispatcher.utter_message(response="utter_interview_why", why=item.why)
        return []
