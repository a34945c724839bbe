"""Which language the console speaks: the operator's switch, then the browser, then the deployment."""

from __future__ import annotations

import pytest

from bot.console.language_choice import choose, local_path, preferred
from nlu.language import languages

SPOKEN = languages()


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("sv-SE,sv;q=0.9,en-US;q=0.8,en;q=0.7", "sv"),
        ("en-GB,en;q=0.9,sv;q=0.8", "en"),
        ("de-DE,de;q=0.9,sv;q=0.5,en;q=0.4", "sv"),  # the first one the console has
        ("en;q=0.3, sv;q=0.8", "sv"),  # weights, not order
        ("sv;q=0, en;q=0.1", "en"),  # q=0 means "not this one"
        ("de-DE,fr", None),
        ("*", None),
        ("", None),
        (None, None),
        ("sv;q=abc,en", "en"),
    ],
)
def test_the_browsers_preferred_language_is_the_heaviest_one_the_console_has(header, expected):
    assert preferred(header, SPOKEN.supported) == expected


def test_the_operators_choice_wins_over_the_browser_and_the_browser_over_the_deployment():
    assert choose("en", "sv-SE,sv", SPOKEN, "sv") == "en"
    assert choose(None, "sv-SE,sv", SPOKEN, "en") == "sv"
    assert choose(None, "de-DE", SPOKEN, "sv") == "sv"
    assert choose("klingon", "de-DE", SPOKEN, "en") == "en"  # a forged cookie is ignored


@pytest.mark.parametrize(
    ("back", "expected"),
    [
        ("/console/c/web%3Aabc?x=1", "/console/c/web%3Aabc?x=1"),
        ("/console", "/console"),
        ("/console?state=closed", "/console?state=closed"),
        ("//evil.example/console", "/console"),
        ("https://evil.example/console", "/console"),
        ("/consolex", "/console"),
        ("/console\\@evil.example", "/console"),
        ("/console/language?to=sv", "/console"),
        (None, "/console"),
    ],
)
def test_the_switch_only_goes_back_to_a_console_page_on_this_site(back, expected):
    assert local_path(back) == expected
