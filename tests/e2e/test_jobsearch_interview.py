"""Interview practice through the real processes and the web chat: questions for the goal's
occupation, a checklist after an answer, "why do you ask?" mid-way, stop, the step map, the
networking tips with the counsellor handoff, and the practice resumed where it stopped.
"""

from tests.e2e.chat_client import payloads

ANSWER = (
    "At my last job in a workshop there was a big order and I had to weld forty frames in one week. "
    "I planned the work with my colleague and checked every seam. In the end we finished on time."
)


async def test_interview_practice_for_a_welder_with_feedback_why_stop_and_resume(chat, stack, responses):
    session = await chat.start_session()

    (asked,) = await chat.say("my goal is to become a welder", session)
    await chat.say(payloads(asked)[0], session)  # as soon as possible

    intro, first = await chat.say("practise a job interview", session)
    assert intro["text"] == responses["utter_interview_intro_goal"].format(total=4, occupation="welder")
    assert first["text"] == "Question 1 of 4: Tell me a little about yourself."
    assert payloads(first) == ["skip", "/explain_question", "stop"]

    # The web chat sends a text's paragraphs as separate messages: the checklist, then the note.
    checklist, note, second = await chat.say(ANSWER, session)
    lines = checklist["text"].splitlines()
    assert lines[0] == "Your checklist:"
    assert lines[1].startswith("✓ Length: ")
    assert "✓ Result: you say how it ended." in lines
    assert note["text"].startswith("This is practice, not a score.")
    assert second["text"] == "Question 2 of 4: How do you make sure you work safely?"

    why, again = await chat.say("why do you ask?", session)
    assert why["text"].startswith("Safety is important in trades.")
    assert again["text"] == second["text"]

    (paused,) = await chat.say("stop", session)
    assert paused["text"] == responses["utter_interview_paused"].format(done=1, total=4)

    steps, _ = await chat.say("where am I in my job search?", session)
    assert "☐ Practise for a job interview (1 of 4)" in steps["text"].splitlines()

    tips, counsellor = await chat.say("how do I find a job through people I know?", session)
    assert tips["text"].startswith("Finding work through people you know:\n• ")
    assert payloads(counsellor) == ["/show_events", "/request_human"]

    welcome, resumed = await chat.say("interview practice", session)
    assert welcome["text"] == responses["utter_interview_resume"].format(done=1, total=4)
    assert resumed["text"] == second["text"]
