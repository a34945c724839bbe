from dataclasses import replace

from actions.vacancies.matching import Profile, match, rank
from actions.vacancies.search_state import SearchState, apply_entities
from actions.vacancies.texts import reason_lines, texts
from actions.vacancies.vocabulary import vocabulary

from .conftest import LUND, ad

WELDING = {"entity": "occupation", "value": "alias:welding"}


def welder_id() -> str:
    words = vocabulary()
    return next(oid for oid, row in words._esco.items() if row["preferred_label"] == "welder")


def test_a_profile_is_built_only_from_known_esco_occupations():
    profile = Profile.from_slot({"occupations": [welder_id(), "made-up"]}, vocabulary())
    assert profile.occupations == (welder_id(),)
    assert profile.skills, "the welder's essential skills come with it"
    assert Profile.from_slot(None, vocabulary()).empty


def test_ads_in_the_users_own_occupation_with_their_skills_rank_first():
    words = vocabulary()
    profile = Profile.from_slot({"occupations": [welder_id()]}, words)
    skill = words.essential_skills(welder_id())[0]
    state = SearchState()
    ads = [ad("a", "Cook", "5120"), ad("b", "Welder", "7212", skills_required=(skill,)), ad("c", "Plater", "7213")]
    matches = [match(v, state, profile, words) for v in ads]
    assert [ads[i].title for i in rank(ads, matches)] == ["Welder", "Plater", "Cook"]
    kinds = [r.kind for r in matches[1].reasons]
    assert kinds == ["experience", "skills"]
    assert [r.kind for r in matches[2].reasons] == ["related_experience"]


def test_missing_must_have_skills_are_gaps_but_missing_nice_to_haves_are_not():
    words = vocabulary()
    profile = Profile.from_slot({"occupations": [welder_id()]}, words)
    vacancy = ad("b", "Welder", "7212", skills_required=("forklift licence",), skills_nice=("crane operation",))
    (gap,) = [r for r in match(vacancy, SearchState(), profile, words).reasons if not r.positive]
    assert gap.values == {"skills": "forklift licence"}


def test_place_and_hours_count_only_when_they_were_asked_for():
    words = vocabulary()
    state = apply_entities(
        SearchState(),
        [
            WELDING,
            {"entity": "place", "value": "municipality:muSY_tsR_vDZ"},
            {"entity": "work_mode", "value": "full_time"},
        ],
        words,
        fresh=True,
    )
    vacancy = ad("b", "Welder", "7212", LUND, working_time="full_time")
    kinds = [r.kind for r in match(vacancy, state, Profile(), words).reasons]
    assert kinds == ["occupation", "place", "full_time"]
    assert [r.kind for r in match(replace(vacancy, working_time="part_time"), state, Profile(), words).reasons] == [
        "occupation",
        "place",
    ]
    assert match(vacancy, SearchState(), Profile(), words).reasons == ()


def test_interests_shared_with_the_occupation_group_count_and_are_named():
    words = vocabulary()
    profile = Profile.from_slot({"holland_code": "SEA"}, words)
    assert profile.interests == "SEA" and not profile.empty
    nurse = ad("n", "Nurse", "2221")  # nursing's O*NET profile puts Social first
    welder = ad("w", "Welder", "7212")  # welding's is Realistic, Conventional, Investigative
    (reason,) = match(nurse, SearchState(), profile, words).reasons
    assert (reason.kind, reason.values) == ("interests", {"letters": "S"})
    assert match(welder, SearchState(), profile, words).reasons == ()
    ads = [welder, nurse]
    order = rank(ads, [match(v, SearchState(), profile, words) for v in ads])
    assert [ads[i].title for i in order] == ["Nurse", "Welder"]


def test_a_holland_code_from_the_slot_is_cleaned_to_at_most_three_known_letters():
    assert Profile.from_slot({"holland_code": "s-x-iaec"}, vocabulary()).interests == "SIA"


def test_the_interests_reason_is_worded_in_the_conversations_language_when_it_is_shown():
    words = vocabulary()
    profile = Profile.from_slot({"holland_code": "SEA"}, words)
    (reason,) = match(ad("n", "Nurse", "2221"), SearchState(), profile, words).reasons
    stored = {"kind": reason.kind, "values": dict(reason.values), "positive": reason.positive}  # as a card keeps it
    assert "Social" in reason_lines([stored], "en")[0]
    (swedish,) = reason_lines([stored], "sv")
    assert "Social" in swedish and swedish == texts("sv")["reasons"]["interests"].format(types="Social")
    enterprising = {"kind": "interests", "values": {"letters": "EC"}, "positive": True}
    assert reason_lines([enterprising], "sv") == [
        texts("sv")["reasons"]["interests"].format(types="Företagsam, Ordnande")
    ]
    assert reason_lines([enterprising], "en") == [
        texts("en")["reasons"]["interests"].format(types="Enterprising, Conventional")
    ]
