from actions.content import read_csv_rows
from actions.fallback.suggestions import Suggestion, load_intent_labels, suggest_intents

LABELS = {"greet": "Say hello", "help": "See what Orienta can do", "out_of_scope": "Something else"}


def ranking(*names: str) -> list[dict[str, object]]:
    return [{"name": name, "confidence": 1.0 / (i + 1)} for i, name in enumerate(names)]


def test_two_likeliest_labelled_intents_then_something_else():
    suggestions = suggest_intents(ranking("nlu_fallback", "help", "unlabelled", "greet", "thank"), LABELS)
    assert suggestions == [
        Suggestion("help", "See what Orienta can do"),
        Suggestion("greet", "Say hello"),
        Suggestion("out_of_scope", "Something else"),
    ]


def test_out_of_scope_is_never_suggested_as_a_meaning_only_as_the_way_out():
    suggestions = suggest_intents(ranking("out_of_scope", "greet"), LABELS)
    assert [s.intent for s in suggestions] == ["greet", "out_of_scope"]


def test_nothing_plausible_leaves_only_something_else():
    assert suggest_intents(ranking("nlu_fallback"), LABELS) == [Suggestion("out_of_scope", "Something else")]


def test_button_payload_is_the_intent_shortcut():
    assert Suggestion("greet", "Say hello").payload == "/greet"


def test_labels_are_read_from_rows_ignoring_blank_ones():
    rows = [
        {"intent": " greet ", "label": " Say hello "},
        {"intent": "", "label": "x"},
        {"intent": "help", "label": ""},
    ]
    assert load_intent_labels(rows) == {"greet": "Say hello"}


def test_every_intent_in_the_domain_has_a_label():
    import yaml

    from actions.content import CONTENT_DIR

    domain = yaml.safe_load((CONTENT_DIR.parent.parent / "domain.yml").read_text())
    labels = load_intent_labels(read_csv_rows("intent_labels.csv"))
    assert set(domain["intents"]) <= set(labels)


def test_every_intent_in_the_domain_has_a_swedish_label_too():
    import yaml

    from actions.content import CONTENT_DIR

    domain = yaml.safe_load((CONTENT_DIR.parent.parent / "domain.yml").read_text())
    labels = load_intent_labels(read_csv_rows("intent_labels.csv"), "sv")
    assert set(domain["intents"]) <= set(labels)
    assert labels["request_human"] == "Prata med en person"
