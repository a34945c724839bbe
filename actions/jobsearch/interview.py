"""Interview practice: which questions to ask, and the checklist feedback on an answer.

Pure rules over data/jobsearch/interview.yml, so that every check can be tested without Rasa and
a PES can change the questions, the patterns and the words without touching code. The feedback
only looks for simple signs (length, an example, the STAR parts) and says so: it is practice,
not a judgement of the person.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass, replace
from enum import Enum
from functools import cache
from pathlib import Path
from typing import Any

from actions.assessment.files import DATA_DIR, read_yaml
from actions.content import localised
from actions.jobsearch.state import Interview
from nlu.language import languages

INTERVIEW_FILE = DATA_DIR / "jobsearch" / "interview.yml"
MIN_QUESTIONS, MAX_QUESTIONS = 3, 5


@dataclass(frozen=True)
class Question:
    """One interview question and what the employer wants to learn from it."""

    id: str
    text: str
    why: str


@dataclass(frozen=True)
class Check:
    """One sign looked for in an answer: its patterns and what to say when found or missing."""

    id: str
    patterns: tuple[re.Pattern[str], ...]
    found: str
    missing: str

    def spotted(self, text: str) -> bool:
        """Any of the patterns occurs in the answer."""
        return any(p.search(text) for p in self.patterns)


@dataclass(frozen=True)
class InterviewContent:
    """Everything the practice needs from the data file."""

    general: tuple[Question, ...]
    groups: dict[str, tuple[Question, ...]]
    per_session: int
    per_group: int
    skip_words: tuple[str, ...]
    stop_words: tuple[str, ...]
    buttons: dict[str, str]
    min_words: int
    max_words: int
    marks: dict[str, str]
    length: dict[str, str]
    checks: tuple[Check, ...]
    note: str

    def question(self, question_id: str) -> Question | None:
        """A question by its id, general or of any group."""
        every = [*self.general, *(q for group in self.groups.values() for q in group)]
        return next((q for q in every if q.id == question_id), None)


def _questions(ids: Any, texts: dict[str, Any]) -> tuple[Question, ...]:
    return tuple(Question(str(i), str(texts[i]["text"]), str(texts[i]["why"])) for i in ids)


def parse_interview(raw: dict[str, Any], language: str, source: str = "interview.yml") -> InterviewContent:
    """One language's content from the YAML mapping; ``ValueError`` naming ``source`` when it is wrong."""
    view = localised(raw, language, source)
    try:
        session, feedback, texts = view["session"], view["feedback"], view["questions"]
        content = InterviewContent(
            general=_questions(view["general"], texts),
            groups={str(k): _questions(v, texts) for k, v in (view.get("groups") or {}).items()},
            per_session=int(session["questions"]),
            per_group=int(session["per_group"]),
            skip_words=tuple(normalise(str(w)) for w in session["skip_words"]),
            stop_words=tuple(normalise(str(w)) for w in session["stop_words"]),
            buttons={k: str(view["buttons"][k]) for k in ("skip", "why", "stop")},
            min_words=int(feedback["min_words"]),
            max_words=int(feedback["max_words"]),
            marks={str(k): str(v) for k, v in feedback["marks"].items()},
            length={k: str(view["length"][k]) for k in ("short", "long", "good")},
            checks=tuple(
                Check(
                    str(check),
                    tuple(re.compile(str(p), re.IGNORECASE) for p in patterns),
                    str(view["checks"][check]["found"]),
                    str(view["checks"][check]["missing"]),
                )
                for check, patterns in feedback["patterns"].items()
            ),
            note=str(view["note"]),
        )
    except (KeyError, TypeError, ValueError, AttributeError, re.error) as error:
        raise ValueError(f"{source} ({language}): missing or wrong entry ({error!r})") from error
    if not MIN_QUESTIONS <= content.per_session <= MAX_QUESTIONS:
        raise ValueError(f"{source}: session questions must be {MIN_QUESTIONS} to {MAX_QUESTIONS}")
    if len(content.general) < content.per_session:
        raise ValueError(f"{source}: need at least {content.per_session} general questions")
    ids = [q.id for q in content.general] + [q.id for g in content.groups.values() for q in g]
    if len(ids) != len(set(ids)):
        raise ValueError(f"{source}: question ids must be unique")
    if not content.skip_words or not content.stop_words:
        raise ValueError(f"{source}: need skip_words and stop_words")
    if not 0 < content.min_words < content.max_words:
        raise ValueError(f"{source}: need 0 < min_words < max_words")
    return content


def default_interview(language: str | None = None, path: Path = INTERVIEW_FILE) -> InterviewContent:
    """data/jobsearch/interview.yml in ``language`` (the default language when None)."""
    return _interview(language or languages().default, path)


@cache
def _interview(language: str, path: Path) -> InterviewContent:
    """Read and parsed once per language and process."""
    return parse_interview(read_yaml(path), language, str(path))


def normalise(text: str) -> str:
    """Lower case, no punctuation, single spaces: how skip and stop words are compared."""
    kept = "".join(" " if c in string.punctuation and c != "'" else c for c in text.lower())
    return " ".join(kept.split())


def choose_questions(content: InterviewContent, group: str | None, sessions_done: int) -> tuple[str, ...]:
    """This session's question ids: an opening general one, the group's, then general ones.

    The general questions rotate with each session done, so practising again brings new ones;
    the opening "tell me about yourself" stays first because real interviews start with it.
    """
    opening, *others = content.general
    specific = list(content.groups.get(group or "", ()))
    start = (sessions_done * content.per_group) % len(specific) if specific else 0
    chosen_group = (specific[start:] + specific[:start])[: min(content.per_group, content.per_session - 1)]
    shift = sessions_done % len(others) if others else 0
    rotated = others[shift:] + others[:shift]
    fill = rotated[: content.per_session - 1 - len(chosen_group)]
    return tuple(q.id for q in (opening, *chosen_group, *fill))


def major_group(codes: list[str] | tuple[str, ...]) -> str | None:
    """The major group (first digit) of the first ISCO-08 / SSYK 2012 code, or None."""
    first = next((c for c in codes if c and c[0].isdigit()), None)
    return first[0] if first else None


def word_count(text: str) -> int:
    """Words in an answer (anything between spaces that has a letter or digit)."""
    return sum(1 for w in text.split() if any(c.isalnum() for c in w))


@dataclass(frozen=True)
class Feedback:
    """The checklist for one answer: its lines, the word count and the checks spotted."""

    lines: tuple[str, ...]
    words: int
    spotted: frozenset[str]

    @property
    def text(self) -> str:
        """The checklist as the message shows it."""
        return "\n".join(self.lines)


def feedback(content: InterviewContent, answer: str) -> Feedback:
    """The checklist: length first, then each check found or missing, in the data file's order."""
    words = word_count(answer)
    kind = "short" if words < content.min_words else "long" if words > content.max_words else "good"
    length_mark = content.marks["found" if kind == "good" else "missing"]
    lines = [f"{length_mark} {content.length[kind].format(words=words)}"]
    spotted = frozenset(c.id for c in content.checks if c.spotted(answer))
    for check in content.checks:
        found = check.id in spotted
        lines.append(f"{content.marks['found' if found else 'missing']} {check.found if found else check.missing}")
    return Feedback(tuple(lines), words, spotted)


class Outcome(Enum):
    """What a message during the practice did."""

    ANSWERED = "answered"
    SKIPPED = "skipped"
    STOPPED = "stopped"
    FINISHED = "finished"


def start(content: InterviewContent, state: Interview, group: str | None) -> tuple[Interview, bool]:
    """Continue the session in progress (True), or begin a new one with fresh questions (False)."""
    if state.in_progress:
        return state, True
    return replace(state, questions=choose_questions(content, group, state.sessions), position=0, answered=0), False


def current_question(content: InterviewContent, state: Interview) -> Question | None:
    """The question waiting for an answer, or None when no session is in progress."""
    if not state.in_progress:
        return None
    return content.question(state.questions[state.position])


def answer(content: InterviewContent, state: Interview, text: str) -> tuple[Interview, Outcome, Feedback | None]:
    """Apply one message: a skip or stop word, or an answer that gets its checklist.

    After the last question the session counts as done (``sessions`` + 1), whether its questions
    were answered or skipped, so the step map can show that the user practised.
    """
    said = normalise(text)
    if said in content.stop_words:
        return state, Outcome.STOPPED, None
    given = None if said in content.skip_words else feedback(content, text)
    moved = replace(state, position=state.position + 1, answered=state.answered + (given is not None))
    if moved.in_progress:
        return moved, Outcome.ANSWERED if given else Outcome.SKIPPED, given
    return replace(moved, sessions=state.sessions + 1), Outcome.FINISHED, given
