"""The vacancy APIs' answers parsed whatever they hold: a result, or "malformed", never a crash."""

import json

from hypothesis import given
from hypothesis import strategies as st

from actions.vacancies import arbeitsagentur, jobtech
from actions.vacancies.cards import card
from actions.vacancies.source import SourceUnavailable, VacancyQuery
from tests.fakes.jobtech_api import sample_ads
from tests.fuzz.conftest import json_values

QUERY = VacancyQuery(text="nurse", limit=5)
AD = sample_ads()[3]

# Real ads with any field replaced by any JSON value: the shape the parsers must survive.
mangled_ads = st.builds(
    lambda changes: {**AD, **changes},
    st.dictionaries(st.sampled_from(sorted(AD)), json_values, max_size=6),
)
jobtech_bodies = json_values | st.builds(
    lambda hits, total: {"hits": hits, "total": total}, st.lists(mangled_ads | json_values, max_size=4), json_values
)
BA_KEYS = ["refnr", "titel", "beruf", "arbeitgeber", "arbeitsort", "aktuelleVeroeffentlichungsdatum", "externeUrl"]
ba_jobs = st.dictionaries(st.sampled_from(BA_KEYS), json_values, max_size=7)
ba_bodies = json_values | st.builds(
    lambda items, total: {"stellenangebote": items, "maxErgebnisse": total},
    st.lists(ba_jobs | json_values, max_size=4),
    json_values,
)


def parsed_or_malformed(parse, body) -> None:
    try:
        result = parse(body, QUERY)
    except SourceUnavailable as error:
        assert error.reason == "malformed"
        return
    for vacancy in result.vacancies:
        json.dumps(card(vacancy, 1))  # every parsed ad can be shown as a card


@given(jobtech_bodies)
def test_any_jobtech_search_body_gives_ads_or_malformed(body):
    parsed_or_malformed(jobtech.parse_search, body)


@given(ba_bodies)
def test_any_bundesagentur_search_body_gives_ads_or_malformed(body):
    parsed_or_malformed(arbeitsagentur.parse_search, body)
