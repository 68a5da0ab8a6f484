import pytest
from django.core.management import CommandError, call_command

from hemis.questionnaires import definitions
from hemis.questionnaires.models import Question, Questionnaire
from hemis.questionnaires.tests.conftest import SMALL, load_small


def problems(text: str) -> list[str]:
    with pytest.raises(definitions.DefinitionError) as caught:
        definitions.parse(text)
    return caught.value.problems


def test_it_reads_every_kind_of_question():
    definition = definitions.parse(SMALL)
    kinds = {q["kind"] for s in definition["sections"] for q in s["questions"]}
    assert kinds == {
        "yes_no", "date", "file", "multiple_choice", "number", "single_choice",
        "short_text", "long_text", "table", "legal_reference",
    }  # fmt: skip
    a2 = definition["sections"][0]["questions"][1]
    assert a2["show_if"] == {"question": "A1", "operator": "in", "values": ["yes", "partly"]}


def test_it_refuses_a_duplicate_question_code_naming_the_place():
    text = SMALL.replace("code: B4", "code: B2")
    assert any(
        "sections[1] (B).questions[3]" in p and "duplicate question code B2" in p
        for p in problems(text)
    )


def test_it_refuses_a_condition_on_an_unknown_question():
    text = SMALL.replace(
        "show_if: {question: A1, equals: yes}", "show_if: {question: Z9, equals: yes}"
    )
    assert any("(A3).show_if.question" in p and "Z9" in p for p in problems(text))


def test_it_refuses_a_condition_on_a_later_question():
    text = SMALL.replace(
        "show_if: {question: B1, contains: cyber}", "show_if: {question: B6, equals: x}"
    )
    assert any("(B5).show_if.question" in p for p in problems(text))


def test_it_refuses_a_condition_on_a_value_the_question_cannot_take():
    text = SMALL.replace("in: [yes, partly]", "in: [yes, maybe]")
    assert any("(A2).show_if.in" in p and "maybe" in p for p in problems(text))


def test_it_refuses_a_question_without_base_language_text():
    text = SMALL.replace("text: {en: Name of the unit}", "text: {es: Nombre de la unidad}")
    assert any("(B4).text" in p and "base language (en)" in p for p in problems(text))


def test_it_refuses_a_choice_without_options_and_an_unknown_kind():
    text = SMALL.replace("kind: single_choice", "kind: single_choice_x")
    assert any("(B3).kind" in p for p in problems(text))
    text = SMALL.replace("kind: long_text", "kind: multiple_choice")
    assert any("(B5).options" in p for p in problems(text))


def test_it_names_the_line_of_a_yaml_syntax_error():
    assert problems("code: x\nsections: [\n")[0].startswith("line ")


@pytest.mark.django_db
def test_the_command_refuses_a_bad_file_and_writes_nothing(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text(SMALL.replace("code: B4", "code: B2"), encoding="utf-8")
    with pytest.raises(CommandError, match="duplicate question code B2"):
        call_command("load_questionnaire", str(path))
    assert not Questionnaire.objects.exists()


@pytest.mark.django_db
def test_the_command_loads_and_publishes_a_file(tmp_path, capsys):
    path = tmp_path / "small.yaml"
    path.write_text(SMALL, encoding="utf-8")
    call_command("load_questionnaire", str(path), "--publish")
    questionnaire = Questionnaire.objects.get(code="small", version=1)
    assert questionnaire.is_published
    assert questionnaire.questions.count() == 10
    assert "10 questions, published" in capsys.readouterr().out


@pytest.mark.django_db
def test_a_published_version_never_changes(tmp_path):
    load_small()
    path = tmp_path / "small.yaml"
    path.write_text(SMALL.replace("Name of the unit", "Name of the office"), encoding="utf-8")
    with pytest.raises(CommandError, match="published and never changes"):
        call_command("load_questionnaire", str(path))
    assert Question.objects.get(code="B4").text["en"] == "Name of the unit"


@pytest.mark.django_db
def test_a_missing_translation_falls_back_to_the_base_language():
    questionnaire = load_small()
    b4 = questionnaire.questions.get(code="B4")
    assert b4.text_in("es") == "Name of the unit"
    a1 = questionnaire.questions.get(code="A1")
    assert a1.text_in("es") == "¿Existe una estrategia nacional?"
    from hemis.questionnaires.selectors import missing_translations

    missing = missing_translations(questionnaire)
    assert ("B4", "text", "es") in missing
    assert ("A1", "text", "es") not in missing
