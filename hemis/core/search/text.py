"""What both search backends share: languages, folding, stemming, the query syntax, highlights.

The query syntax is parsed here once, so that PostgreSQL and SQLite FTS5 receive the same
structure: words are ANDed, "quoted words" are a phrase, OR separates alternatives, and a
leading minus excludes a word or phrase (as in web search engines and PostgreSQL's
`websearch_to_tsquery`). Stemming and stop words follow the Snowball algorithms and lists that
PostgreSQL's own configurations use (the lists in stopwords/ are copies of PostgreSQL's).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache, lru_cache
from html import escape
from pathlib import Path

import snowballstemmer

# Every query is tried in each of these (a query's language is not known); a document is
# indexed in its own language's, or in "simple" (no stemming) for other languages.
LANGUAGES = {
    "en": "english",
    "es": "spanish",
    "fr": "french",
    "pt": "portuguese",
}
SIMPLE = "simple"
CONFIGS = (*LANGUAGES.values(), SIMPLE)
STOPWORDS_DIR = Path(__file__).resolve().parent / "stopwords"
WORD = re.compile(r"[^\W_]+")
# Letters that unaccent.rules maps to two letters, where NFKD does not decompose them.
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss", "ø": "o", "đ": "d", "ł": "l"})

# Marks placed around highlighted words before the text is escaped for HTML.
START, STOP = "\x02", "\x03"


def config_for(language: str) -> str:
    """The Snowball configuration a text in `language` (ISO 639-1) is indexed with."""
    return LANGUAGES.get(language, SIMPLE)


def fold(text: str) -> str:
    """Lower case without accents, as PostgreSQL's unaccent and FTS5's remove_diacritics do."""
    decomposed = unicodedata.normalize("NFKD", text.lower().translate(_LIGATURES))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@cache
def stopwords(config: str) -> frozenset[str]:
    path = STOPWORDS_DIR / f"{config}.stop"
    if not path.exists():
        return frozenset()
    return frozenset(w.strip() for w in path.read_text(encoding="utf-8").splitlines() if w.strip())


@cache
def _stemmer(config: str):
    return snowballstemmer.stemmer(config) if config != SIMPLE else None


@lru_cache(maxsize=200_000)
def lexeme(config: str, word: str) -> str | None:
    """The indexed form of one word in `config`: folded and stemmed, or None for a stop word."""
    folded = fold(word)
    if folded in stopwords(config):
        return None
    stemmer = _stemmer(config)
    return stemmer.stemWord(folded) if stemmer else folded


def lexemes(config: str, text: str) -> list[str]:
    """The indexed words of `text` in `config`, in order, stop words left out."""
    return [lx for word in WORD.findall(text) if (lx := lexeme(config, word))]


# The query syntax


@dataclass(frozen=True)
class Term:
    words: tuple[str, ...]  # more than one: a phrase
    negated: bool = False


@dataclass(frozen=True)
class Query:
    """Alternatives (OR) of groups of terms (AND); empty when nothing searchable was typed."""

    text: str
    groups: tuple[tuple[Term, ...], ...] = field(default=())

    def __bool__(self) -> bool:
        return bool(self.groups)

    def groups_in(self, config: str) -> list[list[tuple[Term, list[str]]]]:
        """The groups with each term's lexemes in `config`; stop-word-only terms are dropped,
        and so is a group left without a positive term (it would match almost everything)."""
        result = []
        for group in self.groups:
            terms = []
            for term in group:
                words = [lx for word in term.words if (lx := lexeme(config, word))]
                if words:
                    terms.append((term, words))
            if any(not term.negated for term, _words in terms):
                result.append(terms)
        return result

    def highlight_lexemes(self) -> frozenset[str]:
        """Every lexeme of a positive term, in every configuration.

        A document may have matched through any language's reading of the query; its words
        are highlighted when their lexeme is one of those readings' lexemes.
        """
        return frozenset(
            lx
            for config in CONFIGS
            for group in self.groups_in(config)
            for term, words in group
            if not term.negated
            for lx in words
        )


_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')


def parse(text: str) -> Query:
    """Parse what a user typed into a Query (see the module's docstring for the syntax)."""
    text = (text or "").strip()[:500]
    groups: list[list[Term]] = [[]]
    for match in _TOKEN.finditer(text):
        minus, phrase, bare = match.groups()
        if bare is not None:
            if bare == "OR":
                groups.append([])
                continue
            negated = bare.startswith("-") and len(bare) > 1
            words = tuple(WORD.findall(bare))
        else:
            negated = bool(minus)
            words = tuple(WORD.findall(phrase))
        if words:
            if negated or len(words) == 1 or bare is None:
                groups[-1].append(Term(words, negated))
            else:
                # "anti-lavado" or "art.5": each part is a word, as PostgreSQL's parser reads them.
                groups[-1].extend(Term((word,)) for word in words)
    kept = tuple(tuple(group) for group in groups if any(not t.negated for t in group))
    return Query(text=text, groups=kept)


# Highlights computed in Python (SQLite, and any text shown whole)


def highlight(text: str, config: str, wanted: frozenset[str]) -> str:
    """`text` with START/STOP around each word whose lexeme in `config` is wanted."""
    if not wanted:
        return text
    out, last = [], 0
    for match in WORD.finditer(text):
        if lexeme(config, match.group()) in wanted:
            out += [text[last : match.start()], START, match.group(), STOP]
            last = match.end()
    out.append(text[last:])
    return "".join(out)


def fragment(marked: str, *, max_words: int = 35) -> str:
    """A window of about `max_words` words around the first highlighted word."""
    words = marked.split(" ")
    if len(words) <= max_words:
        return marked
    first = next((i for i, w in enumerate(words) if START in w), 0)
    start = max(0, min(first - 5, len(words) - max_words))
    window = words[start : start + max_words]
    # Never cut a mark in two.
    window_text = " ".join(window)
    if window_text.count(START) > window_text.count(STOP):
        window_text += STOP
    return ("… " if start else "") + window_text + (" …" if start + max_words < len(words) else "")


def to_html(marked: str) -> str:
    """Escape a marked text for HTML and turn the marks into <mark> elements."""
    return escape(marked).replace(START, "<mark>").replace(STOP, "</mark>")
