"""Which knowledge-base topics a message asks about.

Each clause of the message ("¿a qué hora es el desayuno" / "y cuánto cuesta?") is
compared with every topic's example questions (sentence encoder, all languages at once)
and its keywords (word-start match on folded text, as the knowledge base documents them).
A topic is asked when a clause is close to its examples; a keyword makes it closer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from agente_hotel.agent.nlu.encoder import SentenceEncoder, Vectors
from agente_hotel.agent.nlu.text import fold
from agente_hotel.hotel import HotelProfile

KEYWORD_BONUS = 0.25
ACCEPT = 0.62  # calibrated on the test sentences in tests/unit/agent/nlu
KEYWORD_ONLY = 0.45  # a keyword plus a loose likeness is enough
NEAR_BEST = 0.12
TERSE_WORDS = 2  # a clause this short that holds a topic's keyword asks about that topic
STRONG_WITHOUT_KEYWORD = 0.8  # a second topic in the same clause must score close to the first
# A clause of its own ("¿A qué hora se puede entrar a la habitación?") is a question in
# itself even beside a clause with a keyword; a short one ("¿a qué hora es?") leans on it.
STANDALONE_WORDS = 6
STANDALONE_SCORE = 0.72
_WORDS = re.compile(r"[a-z0-9]+")
# "1) ...", "2. ...", "a) ...", "• ...": the numbering of questions asked as a list.
_LIST_MARKER = re.compile(r"^(?:\d{1,2}|[a-e])[).]\s+|^[•*·]\s*")
_CLAUSES = re.compile(
    r"[?!.\n;¿¡]+|,\s*(?=(?:y|and|e|also|tambien|ademas)\b)|\s(?:and also|y tambien|e tambem)\s"
    # "a double for 16-18 December, is breakfast included, and ...": a new question.
    r"|,\s*(?=(?:is|are|do|does|can|could|will|hay|teneis|tienen|esta|ha|tem|existe)\s)"
)


@dataclass(frozen=True, slots=True)
class TopicScore:
    topic: str
    score: float
    clause: str
    keyword: bool  # a keyword of the topic is in the clause
    generic: bool = False  # found only by a word for paying ("pagamos", "pay")


class FaqMatcher:
    """Topic matching for one hotel's knowledge base; build once per profile."""

    def __init__(self, profile: HotelProfile, encoder: SentenceEncoder | None) -> None:
        self._encoder = encoder
        self._keywords: dict[str, re.Pattern[str]] = {}
        # Multi-word keywords also match with other words between theirs:
        # "dejar la habitación un poco más tarde" has "dejar la habitacion mas tarde".
        self._phrases: dict[str, list[tuple[str, ...]]] = {}
        labels: list[str] = []
        examples: list[str] = []
        for name, topic in profile.faq.items():
            words = {fold(k).strip() for items in topic.keywords.values() for k in items}
            words.discard("")
            self._phrases[name] = [
                tuple(t for t in w.split() if len(t) > 2) for w in words if " " in w
            ]
            if words:
                alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
                self._keywords[name] = re.compile(rf"(?<![a-z0-9])(?:{alternatives})")
            for items in topic.examples.values():
                labels.extend(name for _ in items)
                examples.extend(items)
        self._topics = list(profile.faq)
        # Each topic's example rows, to take its best likeness in one numpy step.
        self._rows = {
            name: np.array([i for i, label in enumerate(labels) if label == name])
            for name in self._topics
            if name in labels
        }
        self._examples: Vectors | None = (
            encoder.encode(examples) if encoder is not None and examples else None
        )

    def match(self, text: str) -> list[TopicScore]:
        """Topics asked in `text`, best first, each once."""
        best: dict[str, TopicScore] = {}
        clauses = split_clauses(text)
        similarities = self._similarities(clauses)
        for clause, similarity in zip(clauses, similarities, strict=True):
            for scored in self._match_clause(clause, similarity):
                if scored.topic not in best or scored.score > best[scored.topic].score:
                    best[scored.topic] = scored
        found = sorted(best.values(), key=lambda t: t.score, reverse=True)
        if any(t.keyword and not t.generic for t in found):
            # "Si cancelamos, ¿cuánto pagamos?", "¿Tenéis cuna? ¿Se paga aparte?": a topic
            # found only by a word for paying yields to the specific topic asked.
            found = [t for t in found if not t.generic]
        if any(t.keyword for t in found):
            # "¿El desayuno está incluido? ¿A qué hora es?": the second clause leans on the
            # first and alone looks like another topic ("¿a qué hora es el check-in?").
            found = [t for t in found if t.keyword or _stands_alone(t)]
        return found

    def _match_clause(self, clause: str, similarity: dict[str, float]) -> list[TopicScore]:
        folded = fold(clause)
        hits = self._keyword_hits(folded)
        words = _WORDS.findall(folded)
        hits |= {name for name, phrases in self._phrases.items() if _has_phrase(words, phrases)}
        # "parking?", "wifi?", "desayuno incluido?": the keyword is the whole question.
        terse = len(words) <= TERSE_WORDS
        generic = {name for name in hits if self._only_money_words(folded, name)}
        scored: list[TopicScore] = []
        for name in self._topics:
            likeness = similarity.get(name, 0.0)
            bonus = KEYWORD_BONUS if name in hits else 0.0
            # Without the encoder, keywords alone decide.
            score = likeness + bonus if self._examples is not None else (0.7 if bonus else 0.0)
            accepted = score >= ACCEPT or (name in hits and (likeness >= KEYWORD_ONLY or terse))
            if accepted:
                scored.append(
                    TopicScore(name, round(score, 3), clause, name in hits, name in generic)
                )
        if not scored:
            return []
        top = max(s.score for s in scored)
        return [s for s in scored if s.score >= top - NEAR_BEST]

    def _only_money_words(self, folded: str, name: str) -> bool:
        pattern = self._keywords.get(name)
        if pattern is None or HOW_TO_PAY.search(folded):
            return False
        words = [
            word
            for m in pattern.finditer(folded)
            for word in _WORDS.findall(folded[m.start() : _word_end(folded, m.end())])
            if len(word) > 2  # "se paga", "to pay": the filler says nothing
        ]
        return bool(words) and all(GENERIC_MONEY.fullmatch(w) for w in words)

    def _keyword_hits(self, folded: str) -> set[str]:
        """Topics whose keywords occur; a keyword inside a longer keyword of another topic
        does not count ("email address" is contact, not the street address)."""
        spans = {
            name: [m.span() for m in pattern.finditer(folded)]
            for name, pattern in self._keywords.items()
        }
        spans = {name: found for name, found in spans.items() if found}
        return {
            name
            for name, found in spans.items()
            if not all(_inside_longer(span, spans, name) for span in found)
        }

    def _similarities(self, clauses: list[str]) -> list[dict[str, float]]:
        """Per clause, each topic's best likeness to its examples (one encoder call)."""
        if self._encoder is None or self._examples is None or not clauses:
            return [{} for _ in clauses]
        sims = self._encoder.encode_many(clauses) @ self._examples.T
        best = {name: sims[:, rows].max(axis=1).tolist() for name, rows in self._rows.items()}
        return [{name: values[i] for name, values in best.items()} for i in range(len(clauses))]


# Words that only say money changes hands, in any topic: paying, charging, costing.
GENERIC_MONEY = re.compile(r"pag\w*|pay\w*|paid|cobr\w*|charg\w*|cost\w*|cuest\w*|cust\w*")
# ... unless the clause asks how paying is done ("¿cómo se paga?").
HOW_TO_PAY = re.compile(
    r"\b(?:como|how|con que|with what|de que (?:forma|manera|modo))\b(?:\s+\w+){0,3}?\s+(?:pag|pay)"
)


def _word_end(folded: str, end: int) -> int:
    """Where the word a keyword ends in ends: "pag" in "pagamos" covers the whole word."""
    match = re.compile(r"[a-z0-9]*").match(folded, end)
    return match.end() if match else end


def _stands_alone(scored: TopicScore) -> bool:
    if scored.score >= STRONG_WITHOUT_KEYWORD:
        return True
    long_enough = len(re.findall(r"\w+", scored.clause)) >= STANDALONE_WORDS
    return long_enough and scored.score >= STANDALONE_SCORE


def _inside_longer(
    span: tuple[int, int], spans: dict[str, list[tuple[int, int]]], own: str
) -> bool:
    start, end = span
    return any(
        other_start <= start and end <= other_end and other_end - other_start > end - start
        for name, found in spans.items()
        if name != own
        for other_start, other_end in found
    )


PHRASE_GAP = 3  # other words allowed between two words of a keyword phrase


def _has_phrase(words: list[str], phrases: list[tuple[str, ...]]) -> bool:
    """The phrase's words in order, each at most PHRASE_GAP words after the previous one:
    "keep the room a bit longer" has "keep the room"; "get something to eat ... early" has
    not "get in early". `words` are the folded clause's."""
    return any(_in_order(words, phrase) for phrase in phrases if len(phrase) >= 2)


def _in_order(words: list[str], phrase: tuple[str, ...]) -> bool:
    starts = [i for i, w in enumerate(words) if w.startswith(phrase[0])]
    for start in starts:
        position = start
        for token in phrase[1:]:
            window = words[position + 1 : position + 2 + PHRASE_GAP]
            step = next((k for k, w in enumerate(window) if w.startswith(token)), None)
            if step is None:
                break
            position += 1 + step
        else:
            return True
    return False


def split_clauses(text: str) -> list[str]:
    """The message's clauses: sentences, and parts joined by \"y\", \"and\", \"e\"."""
    parts = [_LIST_MARKER.sub("", p.strip(" ,:-")) for p in _CLAUSES.split(text)]
    return [p for p in parts if re.search(r"\w", p)]
