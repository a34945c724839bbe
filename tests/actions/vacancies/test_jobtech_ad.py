import dataclasses
import json
from datetime import datetime, timezone

import pytest

from actions.vacancies.jobtech_ad import JOBTECH_ATTRIBUTION, labels, parse_ad, strip_pii
from tests.fakes.jobtech_api import sample_ads

ADS = sample_ads()
BY_ID = {ad["id"]: ad for ad in ADS}


@pytest.mark.parametrize("ad", ADS, ids=[ad["id"] for ad in ADS])
def test_every_real_sample_ad_parses_with_title_dates_and_attribution(ad):
    vacancy = parse_ad(ad)
    assert vacancy.source_id == ad["id"] and vacancy.title == ad["headline"]
    assert vacancy.published_at.tzinfo is not None and vacancy.deadline is not None
    assert vacancy.deadline > vacancy.published_at
    assert vacancy.attribution == JOBTECH_ATTRIBUTION and not vacancy.demo
    assert vacancy.code("ssyk2012") == ad["occupation_group"]["legacy_ams_taxonomy_id"]
    assert vacancy.description_text and len(vacancy.summary) <= 300


@pytest.mark.parametrize("ad", ADS, ids=[ad["id"] for ad in ADS])
def test_no_contact_data_reaches_the_vacancy(ad):
    ad = {
        **ad,
        "application_contacts": [{"name": "Greta Kontakt", "email": "greta@example.se", "telephone": "0701112233"}],
        "employer": {**ad["employer"], "email": "hr@example.se", "phone_number": "08-555 123 45"},
        "description": {
            **ad["description"],
            "text": ad["description"]["text"] + " Mejla per@example.se, 070-999 88 77.",
        },
    }
    text = json.dumps(dataclasses.asdict(parse_ad(ad)), default=str)
    secrets = ("Greta", "greta@", "0701112233", "hr@example", "555 123", "per@example", "999 88 77", "redacted-phone")
    assert [secret for secret in secrets if secret in text] == []


def test_coordinates_are_swapped_to_lat_lon():
    location = parse_ad(BY_ID["28746073"]).location
    assert (location.lat, location.lon) == (59.329323, 18.06858)
    assert location.country_code == "SE" and location.municipality_code == "0180"


def test_unspecified_workplace_has_no_coordinates():
    location = parse_ad(BY_ID["23570959"]).location
    assert location.lat is None and location.lon is None and location.region == "Ospecificerad arbetsort"


def test_out_of_range_coordinates_are_dropped():
    ad = {**BY_ID["8417710"], "workplace_address": {"coordinates": [200.0, 58.4]}}
    assert parse_ad(ad).location.lat is None


def test_label_as_list_string_or_missing():
    assert labels({"label": "[]"}) == ()
    assert labels({"label": ["demo", "x"]}) == ("demo", "x")
    assert labels({}) == ()
    assert labels({"label": '["a"]'}) == ("a",)


def test_demo_marker_sets_demo_and_demo_attribution():
    vacancy = parse_ad({**BY_ID["8417710"], "label": ["demo"]})
    assert vacancy.demo and "fictional" in vacancy.attribution


def test_occupations_carry_codes_and_concept_ids():
    vacancy = parse_ad(BY_ID["23570959"])
    schemes = {c.scheme: c for c in vacancy.occupations}
    assert schemes["ssyk2012"].code == "2231" and schemes["ssyk2012"].concept_id == "cuaN_Rj5_YCc"
    assert schemes["jobtech-occupation-name"].label == "Operationssjuksköterska"
    assert schemes["jobtech-occupation-field"].concept_id == "NYW6_mP6_vwf"


def test_ssyk_code_is_looked_up_when_the_legacy_id_is_missing():
    ad = {**BY_ID["23570959"], "occupation_group": {"concept_id": "cuaN_Rj5_YCc", "label": "x"}}
    assert parse_ad(ad).code("ssyk2012") == "2231"


def test_employment_type_working_time_and_deadline():
    vacancy = parse_ad(BY_ID["8426124"])
    assert vacancy.employment_type == "fixed_term" and vacancy.employment_type_raw == "Vanlig anställning"
    assert vacancy.working_time == "full_time" and vacancy.scope_pct_max == 100
    assert vacancy.deadline == datetime(2019, 10, 20, 21, 59, 59, tzinfo=timezone.utc)
    assert parse_ad(BY_ID["8417710"]).employment_type == "permanent"


def test_working_time_falls_back_to_scope_of_work():
    ad = {**BY_ID["8417710"], "working_hours_type": None, "scope_of_work": {"min": 50, "max": 75}}
    assert parse_ad(ad).working_time == "part_time"


def test_apply_url_falls_back_to_the_ad_page():
    ad = {**BY_ID["8417710"], "application_details": None}
    vacancy = parse_ad(ad)
    assert vacancy.apply_url == vacancy.url == ad["webpage_url"]


def test_all_nulls_still_parse():
    vacancy = parse_ad({"id": 1, "headline": None, "description": None, "workplace_address": None, "label": None})
    assert vacancy.source_id == "1" and vacancy.title == "" and vacancy.occupations == ()


def test_ad_without_id_is_refused():
    with pytest.raises(ValueError):
        parse_ad({"headline": "x"})


def test_strip_pii_removes_contacts_and_scrubs_texts():
    ad = {
        **BY_ID["28746073"],
        "employer": {"name": "X", "email": "boss@example.se", "phone_number": "070-1234567"},
        "description": {"text": "Kontakta nils@example.se eller 08-123 456 78."},
    }
    clean = strip_pii(ad)
    dumped = json.dumps(clean)
    assert "application_contacts" not in clean and "boss@" not in dumped and "nils@" not in dumped
    assert "456 78" not in dumped and clean["employer"]["name"] == "X"
    assert ad["employer"]["email"] == "boss@example.se"  # the input is not modified


def test_workplace_addresses_list_is_used_when_the_single_address_is_missing():
    ad = {
        **BY_ID["8417710"],
        "workplace_address": None,
        "workplace_addresses": [{"municipality": "Lund", "coordinates": [13.19, 55.70]}],
    }
    location = parse_ad(ad).location
    assert location.municipality == "Lund" and location.lat == 55.70
