import io

import pypdf

from actions.jobsearch.cv import DONE, SKILL, CvDraft, cv_texts, cv_turn, skill_buttons
from actions.jobsearch.cv_actions import ActionCv, esco_id_of, profile_words
from actions.jobsearch.cv_pdf import build_cv
from actions.jobsearch.state import Goal, JobSearch
from actions.vacancies.vocabulary import vocabulary
from tests.actions.jobsearch.test_actions import WELDER, run

SKILLS = tuple(f"skill number {i}" for i in range(9))
EN = cv_texts("en")
GOAL = JobSearch(goal=Goal(((WELDER, "welder"),)))


def pdf_text(pdf: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages).split())


def test_without_a_goal_the_cv_asks_for_the_job_first():
    search, replies, make = cv_turn(JobSearch(), None, (), None, None, EN)
    assert [r.response for r in replies] == ["utter_cv_needs_goal"] and not make and search == JobSearch()


def test_the_first_turn_shows_the_checklist_then_asks_for_skills_a_few_at_a_time():
    _, replies, make = cv_turn(GOAL, "welder", SKILLS, None, None, EN)
    assert [r.response for r in replies] == ["utter_cv_checklist", "utter_cv_ask_skills"]
    assert replies[0].values["checklist"].count("\n- ") == len(EN["checklist"]) - 1
    payloads = [b["payload"] for b in replies[1].buttons]
    assert len(payloads) == EN["skills"]["offered"] + 1
    assert payloads[0] == '/start_cv{"cv_op":"skill","cv_skill":"0"}'
    assert replies[1].buttons[-1]["title"] == "None of these" and not make


def test_a_tapped_skill_is_kept_once_and_the_next_ones_are_offered():
    search, replies, _ = cv_turn(GOAL, "welder", SKILLS, SKILL, 2, EN)
    search, replies, _ = cv_turn(search, "welder", SKILLS, SKILL, 2, EN)
    assert search.cv_skills == ("skill number 2",)
    titles = [b["title"] for b in replies[0].buttons]
    assert "skill number 2" not in titles and "skill number 6" in titles and titles[-1] == "That's all"


def test_a_skill_index_out_of_range_changes_nothing():
    search, replies, _ = cv_turn(GOAL, "welder", SKILLS, SKILL, 99, EN)
    assert search.cv_skills == () and replies[0].response == "utter_cv_checklist"


def test_thats_all_makes_the_draft_and_an_occupation_without_skills_makes_it_at_once():
    assert cv_turn(GOAL, "welder", SKILLS, DONE, None, EN)[2] is True
    _, replies, make = cv_turn(GOAL, "welder", (), None, None, EN)
    assert [r.response for r in replies] == ["utter_cv_checklist"] and make


def test_long_skill_names_are_cut_in_buttons_but_kept_whole_in_the_cv():
    long = ("a very long skill name that goes on and on beyond forty characters",)
    (first, _) = skill_buttons(long, (), EN)
    assert len(first["title"]) == EN["skills"]["button_chars"] and first["title"].endswith("…")


def test_the_draft_prints_the_goal_skills_and_profile_with_places_for_the_users_own_details():
    draft = CvDraft(
        "welder, cook", ("weld metal parts", "read drawings"), "2 to 5 years", None, "Swedish, Arabic", "Yes"
    )
    text = pdf_text(build_cv(draft, EN))
    places = EN["draft"]["placeholders"]
    assert places["name"] in text and "[E-mail]" in text
    assert "I am looking for work as welder, cook. I have 2 to 5 years of work experience." in text
    assert "• Weld metal parts" in text and "Swedish, Arabic" in text
    assert places["course"] in text, "education not answered: a place to fill in"


def test_a_draft_without_experience_says_the_user_is_ready_to_learn():
    text = pdf_text(build_cv(CvDraft("cook", (), None, None, None, None), EN))
    assert "I am looking for work as cook. I am ready to learn on the job." in text
    assert "Languages" not in text


def test_the_swedish_checklist_and_buttons_are_in_swedish():
    _, replies, _ = cv_turn(GOAL, "svetsare", SKILLS, None, None, cv_texts("sv"))
    assert replies[0].values["checklist"].startswith("- Ditt namn, telefonnummer och mejl högst upp.")
    assert replies[1].buttons[-1]["title"] == "Inga av dem"
    _, replies, _ = cv_turn(GOAL, "svetsare", SKILLS, SKILL, 1, cv_texts("sv"))
    assert replies[0].buttons[-1]["title"] == "Det var allt"


def test_the_swedish_draft_has_swedish_headings_places_and_sentences():
    draft = CvDraft("svetsare", ("weld metal parts",), "2 till 5 år", None, "svenska, arabiska", "Ja")
    text = pdf_text(build_cv(draft, cv_texts("sv")))
    for heading in ("Om mig", "Kunskaper", "Arbetslivserfarenhet", "Utbildning", "Språk", "Körkort"):
        assert heading in text
    assert "[Ditt namn]" in text and "[Mejl]" in text and "[Kurs eller skola, år]" in text
    assert "Jag söker jobb som svetsare. Jag har 2 till 5 år arbetslivserfarenhet." in text
    assert "About me" not in text and "Work experience" not in text


def test_a_swedish_draft_without_experience_says_so_in_swedish():
    text = pdf_text(build_cv(CvDraft("kock", (), None, None, None, None), cv_texts("sv")))
    assert "Jag söker jobb som kock. Jag vill gärna lära mig på jobbet." in text


def test_a_goal_from_everyday_words_finds_its_esco_occupation_and_skills():
    words = vocabulary()
    esco = esco_id_of("alias:welder", words)
    assert esco == WELDER.removeprefix("esco:")
    assert words.essential_skills(esco)


def test_profile_answers_become_words_for_the_draft():
    words = profile_words({"experience": "2_to_5", "languages": ["sv", "ar"], "driving_licence": "yes"}, "en")
    assert words["experience"] == "2 to 5 years" and words["languages"] == "Swedish, Arabic"
    assert words["education"] is None


def test_profile_answers_become_swedish_words_for_a_swedish_draft():
    english = profile_words({"experience": "2_to_5", "languages": ["sv", "ar"]}, "en")
    swedish = profile_words({"experience": "2_to_5", "languages": ["sv", "ar"]}, "sv")
    assert swedish["experience"] and swedish["experience"] != english["experience"]
    assert "years" not in swedish["experience"] and swedish["languages"] != english["languages"]


async def test_the_cv_action_sends_the_draft_as_a_document_and_marks_the_step_done(tmp_path, monkeypatch):
    monkeypatch.setenv("ORIENTA_DATA_DIR", str(tmp_path))
    entities = [{"entity": "cv_op", "value": "done"}]
    messages, slots = await run(ActionCv(), "start_cv", entities, jobsearch=GOAL.to_slot())
    document = messages[-1]["custom"]
    assert messages[0]["response"] == "utter_cv_ready"
    assert document["type"] == "document" and document["filename"] == "orienta-cv-draft.pdf"
    assert (tmp_path / "media" / document["url"].removeprefix("/media/")).read_bytes().startswith(b"%PDF")
    assert JobSearch.from_slot(slots["jobsearch"]).cv_drafted is not None


async def test_a_swedish_conversation_gets_the_swedish_draft_and_caption(tmp_path, monkeypatch):
    monkeypatch.setenv("ORIENTA_DATA_DIR", str(tmp_path))
    entities = [{"entity": "cv_op", "value": "done"}]
    messages, _ = await run(ActionCv(), "start_cv", entities, jobsearch=GOAL.to_slot(), language="sv")
    document = messages[-1]["custom"]
    assert document["filename"] == "orienta-cv-utkast.pdf" and document["caption"].startswith("Ditt utkast")
    pdf = (tmp_path / "media" / document["url"].removeprefix("/media/")).read_bytes()
    assert "Om mig" in pdf_text(pdf) and "Jag söker jobb som welder." in pdf_text(pdf)


async def test_the_cv_action_offers_the_goals_esco_skills():
    messages, _ = await run(ActionCv(), "start_cv", jobsearch=GOAL.to_slot())
    skills = vocabulary().essential_skills(WELDER.removeprefix("esco:"))
    assert messages[1]["response"] == "utter_cv_ask_skills" and messages[1]["occupation"] == "welder"
    assert messages[1]["buttons"][0]["title"].rstrip("…") in skills[0]
