"""Occupations worth exploring for an interest profile, and the interest profile of an occupation.

Method (also in the README). O*NET rates every O*NET-SOC occupation on the six Holland types
(``data/instruments/onet_interests.csv``, 1-7, O*NET 29.3). We compare the *shape* of the user's
six means (1-5) with each occupation's six ratings by Pearson correlation. Correlation is the
same as comparing the two profiles after normalising each to mean 0 and spread 1, so the
different scales (1-5 against 1-7) need no rescaling, and a user who answers everything a little
higher or lower than another gets the same suggestions: what counts is which types stand out.
O*NET occupations reach ESCO through Nesta's crosswalk (``data/crosswalks/esco_isco_onet.csv``).

Choices and caveats:

- Suggestions come only from ESCO occupations that Nesta matched directly (``nesta_nov2020``;
  1,664 of them reach an O*NET occupation with interest ratings). Inherited matches copy the
  profile of a broader occupation and would fill the list with near-duplicates; they still count
  for :func:`occupation_interests`.
- Many ESCO occupations share one O*NET occupation, so at most ``per_onet`` (2) suggestions come
  from the same O*NET profile, to show variety.
- An ESCO occupation matched to two O*NET-SOC 2019 codes (a 2010 code that was split) gets the
  mean of their profiles.
- Order: similarity, then higher Nesta confidence, then the English label, then the id, so the
  same profile always gives the same list.
- No suggestions when fewer than 3 types are scored or the profile is flat (all scored types
  equal): a correlation would then be meaningless.
- O*NET ratings describe U.S. jobs, and the crosswalk is approximate: a hint for a conversation,
  not a verdict.
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from actions.assessment.files import DATA_DIR, DEFAULT_LANGUAGE, read_csv
from actions.assessment.questionnaire import RIASEC
from actions.assessment.scoring import holland_code

#: Fewer scored types than this and no suggestions are made.
MIN_SCORED_TYPES = 3
_DIRECT = "nesta_nov2020"


@dataclass(frozen=True)
class OccupationInterests:
    """What the catalogue knows about one ESCO occupation's interests (O*NET ratings, 1-7)."""

    esco_id: str
    label: str
    isco_group: str
    onet_codes: tuple[str, ...]
    ratings: tuple[float, ...]
    holland_code: str
    direct: bool
    confidence: float
    job_zone: int | None


@dataclass(frozen=True)
class Suggestion:
    """An ESCO occupation suggested for a profile; ``shared_interests`` are letters of both codes."""

    esco_id: str
    label: str
    isco_group: str
    similarity: float
    shared_interests: tuple[str, ...]
    holland_code: str
    onet_codes: tuple[str, ...]


class InterestCatalogue:
    """ESCO occupations with their O*NET interest ratings, built once from the data files."""

    def __init__(self, occupations: Mapping[str, OccupationInterests]):
        self._occupations = dict(occupations)

    def __len__(self) -> int:
        return len(self._occupations)

    def get(self, esco_id: str) -> OccupationInterests | None:
        """The occupation's entry, or ``None`` when the crosswalk has no rated O*NET match."""
        return self._occupations.get(esco_id)

    def suggest(
        self,
        scores: Mapping[str, float | None],
        limit: int = 10,
        *,
        per_onet: int = 2,
        max_job_zone: int | None = None,
    ) -> tuple[Suggestion, ...]:
        """The ``limit`` directly matched ESCO occupations whose profile best fits ``scores``.

        Args:
            scores: Holland letter → the user's mean (1-5), ``None`` for a type without a score.
            limit: how many to return.
            per_onet: at most this many from one O*NET profile.
            max_job_zone: leave out occupations needing more preparation (O*NET job zone 1-5).
        """
        letters = [letter for letter in RIASEC if scores.get(letter) is not None]
        user = [float(scores[letter] or 0.0) for letter in letters]
        if len(letters) < MIN_SCORED_TYPES or statistics.pstdev(user) == 0:
            return ()
        user_code = holland_code(scores)
        indexes = [RIASEC.index(letter) for letter in letters]
        ranked = []
        for occupation in self._occupations.values():
            if not occupation.direct:
                continue
            if max_job_zone is not None and (occupation.job_zone or 0) > max_job_zone:
                continue
            similarity = _correlation(user, [occupation.ratings[i] for i in indexes])
            if similarity is not None:
                ranked.append((similarity, occupation))
        ranked.sort(key=lambda pair: (-pair[0], -pair[1].confidence, pair[1].label, pair[1].esco_id))
        chosen: list[Suggestion] = []
        per_profile: dict[tuple[str, ...], int] = {}
        for similarity, occupation in ranked:
            if per_profile.get(occupation.onet_codes, 0) >= per_onet:
                continue
            per_profile[occupation.onet_codes] = per_profile.get(occupation.onet_codes, 0) + 1
            shared = tuple(letter for letter in user_code if letter in occupation.holland_code)
            chosen.append(
                Suggestion(
                    occupation.esco_id,
                    occupation.label,
                    occupation.isco_group,
                    round(similarity, 3),
                    shared,
                    occupation.holland_code,
                    occupation.onet_codes,
                )
            )
            if len(chosen) == limit:
                break
        return tuple(chosen)


def _correlation(xs: list[float], ys: list[float]) -> float | None:
    """Pearson correlation, or ``None`` when either side does not vary."""
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    dx = [x - mean_x for x in xs]
    dy = [y - mean_y for y in ys]
    spread = (sum(d * d for d in dx) * sum(d * d for d in dy)) ** 0.5
    if spread == 0:
        return None
    return sum(a * b for a, b in zip(dx, dy, strict=True)) / spread


def load_catalogue(data_dir: Path = DATA_DIR) -> InterestCatalogue:
    """Join the O*NET profiles, the crosswalk and the ESCO labels under ``data_dir``."""
    onet = {row["onetsoc_code"]: row for row in read_csv(data_dir / "instruments" / "onet_interests.csv")}
    esco = {row["occupation_id"]: row for row in read_csv(data_dir / "esco" / "occupations_en.csv")}
    matches: dict[str, list[dict[str, str]]] = {}
    for row in read_csv(data_dir / "crosswalks" / "esco_isco_onet.csv"):
        esco_id = row["esco_uri"].rstrip("/").rsplit("/", 1)[-1]
        if row["onetsoc_2019_code"] in onet and esco_id in esco:
            matches.setdefault(esco_id, []).append(row)
    occupations = {}
    for esco_id, rows in matches.items():
        codes = tuple(sorted({row["onetsoc_2019_code"] for row in rows}))
        profiles = [onet[code] for code in codes]
        ratings = tuple(round(sum(float(p[letter]) for p in profiles) / len(profiles), 4) for letter in RIASEC)
        # One O*NET occupation: its own high-point code; a split one: the top three of the mean.
        code = (
            profiles[0]["high_point_code"]
            if len(profiles) == 1
            else holland_code(dict(zip(RIASEC, ratings, strict=True)))
        )
        zones = [int(p["job_zone"]) for p in profiles if p["job_zone"].strip()]
        occupations[esco_id] = OccupationInterests(
            esco_id=esco_id,
            label=esco[esco_id]["preferred_label"],
            isco_group=esco[esco_id]["isco_group"],
            onet_codes=codes,
            ratings=ratings,
            holland_code=code,
            direct=any(row["match_source"] == _DIRECT for row in rows),
            confidence=max(float(row["nesta_confidence"] or 0) for row in rows),
            job_zone=max(zones) if zones else None,
        )
    return InterestCatalogue(occupations)


@cache
def default_catalogue() -> InterestCatalogue:
    """The repository's catalogue, built once per process (about 3,000 occupations)."""
    return load_catalogue()


def suggest_occupations(
    scores: Mapping[str, float | None], limit: int = 10, *, catalogue: InterestCatalogue | None = None
) -> tuple[Suggestion, ...]:
    """ESCO occupations worth exploring for a RIASEC profile (see the module docstring)."""
    return (catalogue or default_catalogue()).suggest(scores, limit)


def occupation_interests(esco_id: str, catalogue: InterestCatalogue | None = None) -> dict[str, float] | None:
    """The O*NET interest ratings (1-7) of an ESCO occupation, per Holland letter, or ``None``.

    Inherited crosswalk matches count here: for "fits your interests" a coarse profile is better
    than none.
    """
    occupation = (catalogue or default_catalogue()).get(esco_id)
    return None if occupation is None else dict(zip(RIASEC, occupation.ratings, strict=True))


def holland_code_of(esco_id: str, catalogue: InterestCatalogue | None = None) -> str | None:
    """O*NET's interest high-point code of an ESCO occupation (1-3 letters), or ``None``."""
    occupation = (catalogue or default_catalogue()).get(esco_id)
    return None if occupation is None else occupation.holland_code


@cache
def _labels(language: str, data_dir: Path = DATA_DIR) -> dict[str, str]:
    """ESCO id → preferred label in ``language`` (``data/esco/occupations_<code>.csv``), read once."""
    rows = read_csv(data_dir / "esco" / f"occupations_{language}.csv")
    return {row["occupation_id"]: row["preferred_label"].strip() for row in rows if row["preferred_label"].strip()}


def occupation_label(esco_id: str, language: str = DEFAULT_LANGUAGE) -> str | None:
    """The ESCO preferred label of an occupation in ``language``, or None for an unknown id.

    ESCO has a Swedish label for 2,939 of its 3,007 occupations; for the others the English label
    is shown (ESCO's own data, not a text of ours that a translator could add).
    """
    return _labels(language).get(esco_id) or _labels(DEFAULT_LANGUAGE).get(esco_id)
