from actions.vacancies.search_state import (
    ListedVacancy,
    SearchState,
    apply_entities,
    broadened,
    pick,
    ways_to_broaden,
    with_batch,
    with_work_modes,
)
from actions.vacancies.vocabulary import vocabulary

MALMO = {"entity": "place", "value": "municipality:oYPt_yRA_Smm"}
SKANE = {"entity": "place", "value": "region:CaRE_1nn_cSU"}
WELDING = {"entity": "occupation", "value": "alias:welding"}


def listed(n: int) -> ListedVacancy:
    return ListedVacancy(f"x:{n}", str(n), {"title": f"Ad {n}"})


def test_the_state_survives_the_slot_round_trip():
    state = apply_entities(SearchState(), [WELDING, MALMO], vocabulary(), fresh=True)
    state = with_batch(state, 0, 3, [listed(1), listed(2), listed(3)])
    assert SearchState.from_slot(state.to_slot()) == state


def test_an_unreadable_slot_gives_an_empty_search():
    assert SearchState.from_slot({"batch": [{"no": "uid"}]}) == SearchState()
    assert SearchState.from_slot("nonsense") == SearchState()


def test_full_time_and_part_time_replace_each_other_and_remote_stays():
    state = with_work_modes(SearchState(), ["remote", "full_time"])
    assert with_work_modes(state, ["part_time"]).work_modes == ("remote", "part_time")


def test_unknown_keys_from_the_gazetteer_are_ignored():
    state = apply_entities(SearchState(), [{"entity": "occupation", "value": "esco:nope"}], vocabulary(), fresh=True)
    assert not state.has_criteria


def test_a_town_widens_to_its_region_and_a_region_cannot_widen_that_way():
    words = vocabulary()
    town = apply_entities(SearchState(), [WELDING, MALMO], words, fresh=True)
    wider = broadened(town, "region", words)
    assert wider is not None and wider.place_label == "Skåne län" and wider.region_ids == ("CaRE_1nn_cSU",)
    region = apply_entities(SearchState(), [WELDING, SKANE], words, fresh=True)
    assert broadened(region, "region", words) is None
    assert "region" not in ways_to_broaden(region, words)


def test_related_occupations_widen_to_the_whole_isco_minor_group():
    words = vocabulary()
    state = apply_entities(SearchState(), [WELDING], words, fresh=True)
    wider = broadened(state, "occupation", words)
    assert wider is not None and set(state.group_ids) < set(wider.group_ids)
    assert all(code.startswith("721") for code in wider.group_codes)


def test_pick_understands_positions_last_and_a_single_result():
    state = with_batch(SearchState(), 0, 3, [listed(1), listed(2), listed(3)])
    assert pick(state, "2").uid == "x:2"
    assert pick(state, "last").uid == "x:3"
    assert pick(state, "9") is None
    assert pick(state, None) is None
    assert pick(with_batch(SearchState(), 0, 1, [listed(7)]), None).uid == "x:7"


def test_every_everyday_occupation_word_maps_to_known_ssyk_groups():
    words = vocabulary()
    for alias in words._aliases:
        choice = words.occupation(f"alias:{alias}")
        assert choice is not None and choice.group_ids, alias
        assert len(choice.group_ids) == len(words._aliases[alias]), f"{alias}: unknown SSYK code in the vocabulary"


def test_an_esco_occupation_reaches_ssyk_through_its_swedish_labels_when_codes_differ():
    words = vocabulary()
    psychologist = next(oid for oid, row in words._esco.items() if row["preferred_label"] == "psychologist")
    assert words._esco[psychologist]["isco_group"] == "2634"
    assert "2241" in words.occupation(f"esco:{psychologist}").group_codes
