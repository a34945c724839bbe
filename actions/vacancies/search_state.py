"""What the user is searching for, kept in a slot between turns.

Why a state object: "more", "only full-time", "closer to Lund", "details of the second one" and
"tell me when new jobs like this appear" all refer to the last search. The state is a plain dict
in the ``vacancy_search`` slot, so it lives in the tracker store and survives restarts. Every
change is a pure function from (state, what the user just said) to a new state.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from datetime import datetime
from typing import Any

from actions.vacancies.source import VacancyQuery
from actions.vacancies.vocabulary import OccupationChoice, PlaceChoice, Vocabulary

#: Ads shown per message ("5 at a time"), and fetched per request so they can be ranked.
PAGE_SIZE = 5
BATCH_SIZE = 20
WORK_MODES = ("remote", "full_time", "part_time")


@dataclass(frozen=True)
class ListedVacancy:
    """One ad of the current results: its card as shown, and why it was ranked where it is.

    Keeping the card and reasons in the slot means "details", "why" and "save" still answer
    when the vacancy API is down, and "more" needs no new request until the batch is used up.
    """

    uid: str
    source_id: str
    card: dict[str, Any]
    reasons: tuple[dict[str, Any], ...] = ()


@dataclass(frozen=True)
class SearchState:
    """The current search: what, where, how, and which page of results was shown."""

    occupation_key: str | None = None
    occupation_label: str | None = None
    group_codes: tuple[str, ...] = ()
    group_ids: tuple[str, ...] = ()
    name_ids: tuple[str, ...] = ()
    place_key: str | None = None
    place_label: str | None = None
    municipality_ids: tuple[str, ...] = ()
    region_ids: tuple[str, ...] = ()
    work_modes: tuple[str, ...] = ()
    #: Where the current batch starts in the source's results, and how many there are in all.
    batch_offset: int = 0
    total: int = 0
    #: The current batch, best first; ``page`` is the index of the first one shown last.
    batch: tuple[ListedVacancy, ...] = field(default_factory=tuple)
    page: int = 0
    #: The ad the user last talked about ("save it").
    focus: str | None = None

    @property
    def shown(self) -> tuple[ListedVacancy, ...]:
        """The ads shown last, in the order the user saw them."""
        return self.batch[self.page : self.page + PAGE_SIZE]

    @property
    def next_offset(self) -> int | None:
        """Where the next batch starts, or None when the source has no more results."""
        end = self.batch_offset + len(self.batch)
        return end if end < self.total else None

    @property
    def has_criteria(self) -> bool:
        """Whether there is anything to search for (an occupation or a place)."""
        return bool(self.occupation_key or self.place_key)

    def to_slot(self) -> dict[str, Any]:
        """The slot value: JSON-friendly."""
        return asdict(self)

    @classmethod
    def from_slot(cls, value: Any) -> SearchState:
        """Rebuild from the slot; anything unreadable gives an empty search."""
        if not isinstance(value, dict):
            return cls()
        try:
            data = dict(value)
            data["batch"] = tuple(
                ListedVacancy(item["uid"], item["source_id"], dict(item["card"]), tuple(item.get("reasons") or ()))
                for item in data.get("batch") or ()
            )
            for name in ("group_codes", "group_ids", "name_ids", "municipality_ids", "region_ids", "work_modes"):
                data[name] = tuple(data.get(name) or ())
            return cls(**data)
        except (TypeError, KeyError):
            return cls()

    def query(self, offset: int = 0, published_after: datetime | None = None) -> VacancyQuery:
        """The source-neutral query for one batch of results from ``offset``."""
        return VacancyQuery(
            text=None if self.group_ids or self.name_ids else self.occupation_label,
            occupation_group_ids=self.group_ids,
            occupation_name_ids=self.name_ids,
            place_text=self.place_label,
            municipality_ids=self.municipality_ids,
            region_ids=self.region_ids,
            remote=True if "remote" in self.work_modes else None,
            working_time="full_time"
            if "full_time" in self.work_modes
            else "part_time"
            if "part_time" in self.work_modes
            else None,
            published_after=published_after,
            offset=offset,
            limit=BATCH_SIZE,
        )

    def describe(self, mode_names: dict[str, str]) -> str:
        """Short human summary of the criteria, e.g. "welder, Malmö, full-time"."""
        modes = [mode_names.get(mode, mode) for mode in self.work_modes]
        return ", ".join(p for p in (self.occupation_label, self.place_label, *modes) if p)


def with_occupation(state: SearchState, choice: OccupationChoice) -> SearchState:
    """Search for this occupation instead."""
    return replace(
        state,
        occupation_key=choice.key,
        occupation_label=choice.label,
        group_codes=choice.group_codes,
        group_ids=choice.group_ids,
        name_ids=choice.name_ids,
    )


def with_place(state: SearchState, place: PlaceChoice) -> SearchState:
    """Search in this municipality or region instead."""
    municipality = (place.concept_id,) if place.kind == "municipality" else ()
    region = (place.concept_id,) if place.kind == "region" else ()
    return replace(
        state, place_key=place.key, place_label=place.label, municipality_ids=municipality, region_ids=region
    )


def with_work_modes(state: SearchState, modes: list[str]) -> SearchState:
    """Add ways of working; full-time and part-time replace each other."""
    current = [m for m in state.work_modes if m in WORK_MODES]
    for mode in modes:
        if mode not in WORK_MODES:
            continue
        if mode in ("full_time", "part_time"):
            current = [m for m in current if m not in ("full_time", "part_time")]
        if mode not in current:
            current.append(mode)
    return replace(state, work_modes=tuple(current))


def apply_entities(
    state: SearchState, entities: list[dict[str, Any]], vocabulary: Vocabulary, *, fresh: bool
) -> SearchState:
    """The search after the user's message: a new one (``fresh``) or a refinement of ``state``.

    A fresh search keeps nothing of the previous one but the ways of working the user names
    again; a refinement ("only remote", "closer to Lund") changes only what the message names.
    Either way the results start again from the first page.
    """
    new = SearchState() if fresh else state
    modes = []
    for entity in entities:
        value = str(entity.get("value", ""))
        if entity.get("entity") == "occupation" and (choice := vocabulary.occupation(value)):
            new = with_occupation(new, choice)
        elif entity.get("entity") == "place" and (place := vocabulary.place(value)):
            new = with_place(new, place)
        elif entity.get("entity") == "work_mode":
            modes.append(value)
    new = with_work_modes(new, modes)
    return replace(new, batch_offset=0, total=0, batch=(), page=0, focus=None)


def broadened(
    state: SearchState, how: str, vocabulary: Vocabulary, related_label: str = "{occupation}"
) -> SearchState | None:
    """The search widened one way: ``region``, ``occupation``, ``filters`` or ``place``; None if it can't be.

    ``related_label`` names the widened occupation, e.g. "{occupation} and related work".
    """
    if how == "region" and state.place_key and (place := vocabulary.place(state.place_key)):
        if place.kind == "region":
            return None
        new = with_place(state, vocabulary.region_of(place))
    elif how == "occupation" and state.occupation_key and (choice := vocabulary.occupation(state.occupation_key)):
        related = vocabulary.related(choice, related_label.format(occupation=choice.label))
        if set(related.group_ids) <= set(choice.group_ids) and not choice.name_ids:
            return None
        new = with_occupation(state, related)
    elif how == "filters" and state.work_modes:
        new = replace(state, work_modes=())
    elif how == "place" and state.place_key:
        new = replace(state, place_key=None, place_label=None, municipality_ids=(), region_ids=())
    else:
        return None
    return replace(new, batch_offset=0, total=0, batch=(), page=0, focus=None)


def with_batch(state: SearchState, offset: int, total: int, batch: list[ListedVacancy]) -> SearchState:
    """A newly fetched batch, shown from its first ad."""
    return replace(state, batch_offset=offset, total=total, batch=tuple(batch), page=0, focus=None)


def next_page(state: SearchState) -> SearchState | None:
    """The next page within the current batch, or None when the batch is used up."""
    if state.page + PAGE_SIZE >= len(state.batch):
        return None
    return replace(state, page=state.page + PAGE_SIZE, focus=None)


def ways_to_broaden(state: SearchState, vocabulary: Vocabulary) -> list[str]:
    """Which of the broadening moves would change this search, in the order to offer them."""
    return [how for how in ("region", "occupation", "filters", "place") if broadened(state, how, vocabulary)]


def pick(state: SearchState, position: str | None) -> ListedVacancy | None:
    """The ad the user means: a position ("2", "last") in the last list, else the one in focus.

    With no position and no focus, a list of exactly one ad means that ad.
    """
    if position:
        if position == "last" and state.shown:
            return state.shown[-1]
        if position.isdigit() and 1 <= int(position) <= len(state.shown):
            return state.shown[int(position) - 1]
        return None
    if state.focus:
        return next((s for s in state.shown if s.uid == state.focus), None)
    return state.shown[0] if len(state.shown) == 1 else None
