"""Fill a catalogue's Spanish, French and Portuguese translations from a YAML file.

    python scripts/fill_translations.py hemis/treaties/locale --missing > todo.yaml
    (translate todo.yaml: every entry gets es, fr and pt; plural entries get lists)
    python scripts/fill_translations.py hemis/treaties/locale todo.yaml

An entry is `{msgid: "...", msgid_plural: "..." (optional), context: "..." (optional),
es: "...", fr: "...", pt: "..."}`; a plural entry's translations are lists with one string per
plural form of the language (es 3, fr 2, pt 2). Entries not in the catalogue are reported and
skipped, so run `make makemessages` first.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml
from babel.messages.pofile import read_po, write_po

LANGUAGES = ("es", "fr", "pt")


def catalogue_path(locale_dir: Path, language: str) -> Path:
    return locale_dir / language / "LC_MESSAGES" / "django.po"


def missing(locale_dir: Path) -> list[dict]:
    entries: dict[tuple, dict] = {}
    for language in LANGUAGES:
        with catalogue_path(locale_dir, language).open("rb") as po:
            for message in read_po(po):
                if not message.id:
                    continue
                strings = message.string if message.pluralizable else (message.string,)
                if all(strings) and not message.fuzzy:
                    continue
                key = (message.context, message.id)
                entry = entries.setdefault(key, {})
                if message.pluralizable:
                    entry.update(msgid=message.id[0], msgid_plural=message.id[1])
                else:
                    entry["msgid"] = message.id
                if message.context:
                    entry["context"] = message.context
                entry[language] = list(strings) if message.pluralizable else ""
    return list(entries.values())


def fill(locale_dir: Path, entries: list[dict]) -> int:
    unknown = 0
    for language in LANGUAGES:
        path = catalogue_path(locale_dir, language)
        with path.open("rb") as po:
            catalogue = read_po(po)
        for entry in entries:
            plural = "msgid_plural" in entry
            key = (entry["msgid"], entry["msgid_plural"]) if plural else entry["msgid"]
            message = catalogue.get(key, context=entry.get("context"))
            if message is None:
                if language == LANGUAGES[0]:
                    print(f"not in the catalogue: {entry['msgid']!r}", file=sys.stderr)
                    unknown += 1
                continue
            translation = entry.get(language)
            if not translation:
                continue
            message.string = tuple(translation) if message.pluralizable else translation
            message.flags.discard("fuzzy")
        with path.open("wb") as po:
            write_po(po, catalogue, width=100, omit_header=False)
    return unknown


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("locale_dir", type=Path)
    parser.add_argument("translations", type=Path, nargs="?")
    parser.add_argument("--missing", action="store_true", help="print what is untranslated")
    args = parser.parse_args()
    if args.missing:
        yaml.safe_dump(missing(args.locale_dir), sys.stdout, allow_unicode=True, sort_keys=False)
        return
    if args.translations is None:
        parser.error("give a translations file, or --missing")
    entries = yaml.safe_load(args.translations.read_text(encoding="utf-8")) or []
    fill(args.locale_dir, entries)


if __name__ == "__main__":
    main()
