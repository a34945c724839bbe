import pytest

from actions.content import localised
from actions.jobsearch.applications import application_texts
from actions.jobsearch.catalogue import default_catalogue
from actions.jobsearch.cv import cv_texts
from actions.jobsearch.interview import default_interview
from actions.jobsearch.networking import default_networking
from nlu.language import languages

RAW = {"max": 3, "words": ["skip", "hoppa över"], "en": {"title": "Plan"}, "sv": {"title": "Plan på svenska"}}


def test_a_language_view_has_the_shared_settings_and_that_languages_texts():
    assert localised(RAW, "sv", "x.yml") == {"max": 3, "words": ["skip", "hoppa över"], "title": "Plan på svenska"}
    assert localised(RAW, "en", "x.yml")["title"] == "Plan"


def test_a_missing_or_unknown_language_is_an_error_naming_the_file():
    with pytest.raises(ValueError, match=r"x\.yml: no section of texts for the language 'sv'"):
        localised({"max": 3, "en": {"title": "Plan"}}, "sv", "x.yml")
    with pytest.raises(ValueError, match="'de'"):
        localised({**RAW, "de": {"title": "Plan"}}, "de", "x.yml")


def test_a_key_both_shared_and_translated_is_an_error_not_a_silent_choice():
    with pytest.raises(ValueError, match=r"\['max'\] are both shared and in the 'sv' section"):
        localised({**RAW, "sv": {"title": "Plan", "max": 4}}, "sv", "x.yml")


@pytest.mark.parametrize("language", languages().codes)
@pytest.mark.parametrize(
    "load", [default_catalogue, cv_texts, application_texts, default_interview, default_networking]
)
def test_every_job_search_file_loads_in_every_language(load, language):
    assert load(language), f"{load.__name__} in {language}"


def test_mappings_in_both_parts_are_merged_key_by_key_and_a_value_in_both_is_named_by_its_path():
    raw = {"scale": {"points": 5}, "en": {"scale": {"labels": ["no", "yes"]}}}
    assert localised(raw, "en", "x.yml") == {"scale": {"points": 5, "labels": ["no", "yes"]}}
    with pytest.raises(ValueError, match=r"\['scale.points'\] are both shared and in the 'en' section"):
        localised({"scale": {"points": 5}, "en": {"scale": {"points": 4}}}, "en", "x.yml")
