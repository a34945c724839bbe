from datetime import datetime, timezone

from actions.vacancies.text import (
    EMAIL_PLACEHOLDER,
    PHONE_PLACEHOLDER,
    cap,
    clean_description,
    format_stockholm,
    from_epoch_ms,
    html_to_text,
    parse_ba_date,
    parse_jobtech_datetime,
    scrub_contacts,
    strip_markdown,
    summary,
)


def test_html_to_text_drops_tags_unescapes_entities_and_keeps_paragraphs():
    text = html_to_text(
        "<p>Vi s&ouml;ker <strong>sjuksk&ouml;terska</strong> &amp; l&auml;kare.</p><p>Rad<br>tv&aring;</p>"
    )
    assert text == "Vi söker sjuksköterska & läkare.\n\nRad\ntvå"


def test_html_to_text_ignores_scripts_and_styles():
    assert html_to_text("<style>p{}</style><script>alert(1)</script><p>Hej</p>") == "Hej"


def test_plain_text_normalises_crlf_nbsp_and_blank_lines():
    assert clean_description("A\u00a0 b\r\n\r\n\r\n\r\nc  \n") == "A b\n\nc"


def test_strip_markdown_removes_bold_and_normalises_bullets():
    assert strip_markdown("**Aufgaben**\n* Pflege\n•  Doku\n## Profil") == "Aufgaben\n- Pflege\n- Doku\nProfil"


def test_scrub_contacts_removes_emails_and_phones_but_keeps_dates_and_numbers():
    text = "Ring 070-123 45 67 eller +46 8 123 456 78, mejla anna.svensson@example.se. Start 2024-05-08, 4000 kr, 100%."
    scrubbed = scrub_contacts(text)
    assert "anna.svensson" not in scrubbed and "123 45 67" not in scrubbed and "456 78" not in scrubbed
    assert scrubbed.count(PHONE_PLACEHOLDER) == 2 and EMAIL_PLACEHOLDER in scrubbed
    assert "2024-05-08" in scrubbed and "4000 kr" in scrubbed and "100%" in scrubbed


def test_cap_limits_length_at_a_word_boundary():
    capped = cap("word " * 10_000, limit=103)
    assert len(capped) <= 103 and capped.endswith("…") and not capped.endswith("wor…")


def test_summary_cuts_at_sentence_end_when_possible():
    text = "First sentence is here. " * 5 + "x" * 400
    result = summary(text, limit=120)
    assert len(result) <= 120 and result.endswith(". …")


def test_summary_cuts_at_word_boundary_without_sentences():
    result = summary("alpha beta gamma delta " * 50, limit=50)
    assert len(result) <= 50 and result.endswith("…") and result[:-1].split()[-1] in {"alpha", "beta", "gamma", "delta"}


def test_summary_returns_short_text_unchanged_on_one_line():
    assert summary("Kort\n\ntext.") == "Kort text."


def test_jobtech_naive_timestamps_are_stockholm_time():
    assert parse_jobtech_datetime("2024-05-08T23:59:59") == datetime(2024, 5, 8, 21, 59, 59, tzinfo=timezone.utc)
    assert parse_jobtech_datetime("2019-12-01T12:00:00") == datetime(2019, 12, 1, 11, 0, tzinfo=timezone.utc)


def test_explicit_offsets_are_respected_and_garbage_gives_none():
    assert parse_jobtech_datetime("2024-05-08T10:00:00Z") == datetime(2024, 5, 8, 10, tzinfo=timezone.utc)
    assert parse_jobtech_datetime("soon") is None and parse_jobtech_datetime(None) is None


def test_ba_dates_are_berlin_midnight():
    assert parse_ba_date("2024-01-15") == datetime(2024, 1, 14, 23, 0, tzinfo=timezone.utc)
    assert parse_ba_date("2024-07-15T10:00:00.123") == datetime(2024, 7, 15, 8, 0, 0, 123000, tzinfo=timezone.utc)


def test_epoch_milliseconds():
    assert from_epoch_ms(1713965113220) == datetime(2024, 4, 24, 13, 25, 13, 220000, tzinfo=timezone.utc)
    assert from_epoch_ms("1713965113220") is None and from_epoch_ms(True) is None


def test_format_stockholm_is_local_without_offset():
    assert format_stockholm(datetime(2024, 5, 8, 21, 59, 59, tzinfo=timezone.utc)) == "2024-05-08T23:59:59"
