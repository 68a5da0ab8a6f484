"""The interface speaks Spanish, French and Portuguese in full, with every placeholder kept.

The catalogues live in hemis/locale/<language>/LC_MESSAGES/django.po, and, for an app with a
catalogue of its own, in hemis/<app>/locale/. When a test here fails after a change to a template
or to Python code, run `make makemessages`, translate what is new (no fuzzy entries, no empty
msgstr; scripts/fill_translations.py helps), then `make messages` to compile.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po
from django.core.management import call_command

HEMIS_DIR = Path(__file__).resolve().parents[2]
LOCALE_DIR = HEMIS_DIR / "locale"
# Apps whose strings live in a catalogue of their own, hemis/<app>/locale.
OWN_CATALOGUES = sorted(path.parent.name for path in HEMIS_DIR.glob("*/locale"))
LOCALE_DIRS = [LOCALE_DIR, *(HEMIS_DIR / app / "locale" for app in OWN_CATALOGUES)]

# language code -> (Plural-Forms count, what the home page's "Member states" heading reads)
LANGUAGES = {
    "es": (3, "Estados miembros"),
    "fr": (2, "États membres"),
    "pt": (2, "Estados membros"),
}

NAMED_PERCENT = re.compile(r"%\((\w+)\)[#0 +\-]*\d*(?:\.\d+)?([diouxXeEfFgGcrsa])")
POSITIONAL_PERCENT = re.compile(
    r"%(?!\()[#0 +\-]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?([diouxXeEfFgGcrsa%])"
)
BRACE = re.compile(r"(?<!\{)\{(\w*)(?:[!:][^{}]*)?\}(?!\})")


def read_catalogue(language: str, locale_dir: Path = LOCALE_DIR) -> Catalog:
    path = locale_dir / language / "LC_MESSAGES" / "django.po"
    with path.open("rb") as po:
        return read_po(po)


def forms(message: Message) -> tuple[str, ...]:
    return tuple(message.string) if message.pluralizable else (message.string,)


def described(message: Message) -> str:
    return repr(message.id[0] if message.pluralizable else message.id)


def problems_of_translation(language: str, locale_dir: Path) -> list[str]:
    catalogue = read_catalogue(language, locale_dir)
    problems = []
    if catalogue.fuzzy:
        problems.append("the header is marked fuzzy")
    if str(catalogue.locale) != language:
        problems.append(f"the header gives Language {catalogue.locale!s}, not {language}")
    if catalogue.num_plurals != LANGUAGES[language][0]:
        problems.append(f"the header gives nplurals={catalogue.num_plurals}")
    for message in catalogue:
        if not message.id:
            continue
        if message.fuzzy:
            problems.append(f"fuzzy: {described(message)}")
        translations = forms(message)
        if message.pluralizable and len(translations) != catalogue.num_plurals:
            problems.append(f"{len(translations)} plural forms: {described(message)}")
        if not all(translations):
            problems.append(f"untranslated: {described(message)}")
    return problems


def assert_fully_translated(language: str) -> None:
    for locale_dir in LOCALE_DIRS:
        problems = problems_of_translation(language, locale_dir)
        where = locale_dir.relative_to(HEMIS_DIR.parent) / language / "LC_MESSAGES" / "django.po"
        assert not problems, (
            f"{language} catalogue is not complete; translate these in {where}:\n  "
            + "\n  ".join(problems)
        )


def test_every_spanish_string_is_translated():
    assert_fully_translated("es")


def test_every_french_string_is_translated():
    assert_fully_translated("fr")


def test_every_portuguese_string_is_translated():
    assert_fully_translated("pt")


def placeholders(text: str, percent_format: bool) -> tuple:
    named = sorted(set(NAMED_PERCENT.findall(text)))
    positional = [c for c in POSITIONAL_PERCENT.findall(text) if c != "%"] if percent_format else []
    braces = sorted(set(BRACE.findall(text)))
    return named, positional, braces


def placeholder_mismatches(language: str) -> list[str]:
    mismatches = []
    messages = [m for d in LOCALE_DIRS for m in read_catalogue(language, d)]
    for message in messages:
        if not message.id:
            continue
        percent_format = message.python_format
        if message.pluralizable:
            singular, plural = (placeholders(i, percent_format) for i in message.id)
            # A singular form may leave out the count, but must not invent a placeholder.
            allowed = [sorted(set(a) | set(b)) for a, b in zip(singular, plural, strict=True)]
            for form in forms(message):
                found = placeholders(form, percent_format) if form else None
                if found is None:
                    continue
                if any(not set(f) <= set(a) for f, a in zip(found, allowed, strict=True)):
                    mismatches.append(f"{described(message)} -> {form!r}")
        else:
            expected = placeholders(message.id, percent_format)
            if message.string and placeholders(message.string, percent_format) != expected:
                mismatches.append(f"{described(message)} -> {message.string!r}")
    return mismatches


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_every_translation_keeps_the_placeholders_of_its_source(language):
    mismatches = placeholder_mismatches(language)
    assert not mismatches, (
        f"{language}: these translations drop, add or rename a placeholder:\n  "
        + "\n  ".join(mismatches)
    )


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="needs GNU gettext")
def test_the_catalogues_hold_every_string_in_the_source(tmp_path, settings, monkeypatch):
    """Extract the source's strings afresh, as `make makemessages` does, into a copy."""
    copy = tmp_path / "hemis"
    shutil.copytree(
        HEMIS_DIR,
        copy,
        ignore=shutil.ignore_patterns("locale", "static", "__pycache__", "*.pyc"),
    )
    settings.LOCALE_PATHS = [copy / "locale"]
    for app in OWN_CATALOGUES:
        (copy / app / "locale").mkdir()
    extract = {"locale": ["es"], "no_location": True, "no_obsolete": True, "verbosity": 0}
    monkeypatch.chdir(copy)
    call_command("makemessages", ignore_patterns=[f"{app}/*" for app in OWN_CATALOGUES], **extract)
    for app in OWN_CATALOGUES:
        monkeypatch.chdir(copy / app)
        call_command("makemessages", **extract)

    for locale_dir in LOCALE_DIRS:
        extracted_dir = copy / locale_dir.relative_to(HEMIS_DIR)
        with (extracted_dir / "es" / "LC_MESSAGES" / "django.po").open("rb") as po:
            extracted = {(m.context, m.id) for m in read_po(po) if m.id}
        for language in LANGUAGES:
            held = {(m.context, m.id) for m in read_catalogue(language, locale_dir) if m.id}
            missing = sorted(str(msgid) for _context, msgid in extracted - held)
            assert not missing, (
                f"{language}: {locale_dir.relative_to(HEMIS_DIR.parent)} lacks strings that are "
                "in the source; run `make makemessages` and translate them:\n  "
                + "\n  ".join(missing)
            )


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "heading"), [(k, v[1]) for k, v in LANGUAGES.items()])
def test_the_home_page_speaks_the_language_of_its_address(client, language, heading):
    response = client.get(f"/{language}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert f'<html lang="{language}">' in page
    assert heading in page, (
        f"the /{language}/ home page does not show {heading!r}; are the catalogues compiled "
        "(`make messages`)?"
    )
    assert "Member states" not in page
