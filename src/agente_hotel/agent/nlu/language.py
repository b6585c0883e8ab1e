"""The language of a message: Spanish, English or Portuguese.

Lingua (its models ship inside the package) restricted to the three languages gives the
base confidence; words that belong to one language only ("tenéis", "obrigado", "sim",
"ñ", "ção") correct it on the short, informal messages where statistics alone hesitate
("Sí, confirmo" reads as Portuguese to lingua). A message of fewer than three words, or
one still ambiguous, keeps the conversation's language and says it is not confident.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from typing import Any

from agente_hotel.agent.nlu.contacts import EMAIL, REFERENCE
from agente_hotel.agent.nlu.text import fold
from agente_hotel.domain import Language


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


MIN_WORDS = 3
MIN_CONFIDENCE = 0.6
MARKER_WEIGHT = 0.2
# Words (folded) that occur in one of the three languages only.
MARKERS: dict[Language, frozenset[str]] = {
    "es": _wordset(
        "hola gracias quiero queremos queria teneis tienen tiene habitacion habitaciones "
        "noche noches buenas buenos cuanto cuesta precio precios hay usted vosotros "
        "nosotros muy puedo podeis podemos mi yo los las la lo le con una un es del al el y "
        "pero manana finde muchas "
        "llegamos salida entrada necesito cancelar mejor vale genial perfecto pareja nino "
        "ninos nombre correo desayuno aparcamiento tambien seria "
        "llegariamos vamos gustaria estan tenemos ahora senor senora adios "
        "hasta luego donde aqui alguien persona hablar cancelala cuando cual cuales vuestro "
        "vuestra vuestros estais hijos hija hijo perro cobrais podeis anular factura recepcion "
        "pasa pasaria presento presentamos algo puede pueden traer llevamos"
    ),
    "pt": _wordset(
        "ola obrigado obrigada quero queria quarto quartos voce voces tem temos noite noites "
        "nao sim bom boa uma um eu meu minha do da dos das na com em isso fica pequeno-almoco "
        "o os e ao aos "
        "criancas crianca estadia ate ja tambem muito mais pelo pela vou gostaria podem "
        "posso pode falar alguem funcionario morada preco precos quanto custa "
        "ficamos marido mulher alterar mudar lugar estacionamento praia aeroporto "
        "cumprimentos adeus tchau em num numa qual quais onde quando aberta aberto fechada "
        "fechado tenho fazer ficar levar sair chegar pra hoje amanha gostava preciso "
        "precisamos podiam poderia nossa nosso vossa vosso ainda entao depois cedo senha "
        "filhos filho filha berco cao caes rececao fatura ligue liguem sao estao"
    ),
    "en": _wordset(
        "hi hello thanks thank you the and is are do does we i my our room rooms night "
        "nights please would like want need book booking how much price what when where "
        "which could can have has any available from to for with cancel change breakfast "
        "pool parking airport beach bye goodbye yes it there this that"
    ),
}
# Letters and endings that only one of the three languages writes.
SPELLING: tuple[tuple[re.Pattern[str], Language], ...] = (
    (re.compile(r"[ñ¿¡]|\bsí\b|\bqué\b"), "es"),  # "está" is Portuguese too
    (re.compile(r"[ãõ]|ção|ções|\bé\b|\bvocês?\b|\bnão\b|\bhá\b|\bàs?\b|lh[aeo]\b"), "pt"),
)
_NOT_WORDS = re.compile(r"https?://\S+|\d+|[^\w\s]", re.UNICODE)


@dataclass(frozen=True, slots=True)
class LanguageGuess:
    language: Language
    confident: bool


class LanguageDetector:
    """Lingua restricted to es/en/pt, built once (about half a second) and then shared."""

    def __init__(self) -> None:
        self._detector: Any = None
        self._lock = threading.Lock()

    def _lingua(self) -> Any:
        if self._detector is None:
            with self._lock:
                if self._detector is None:
                    from lingua import Language as LinguaLanguage
                    from lingua import LanguageDetectorBuilder

                    self._detector = LanguageDetectorBuilder.from_languages(
                        LinguaLanguage.SPANISH, LinguaLanguage.ENGLISH, LinguaLanguage.PORTUGUESE
                    ).build()
        return self._detector

    def warm_up(self) -> None:
        self._lingua().compute_language_confidence_values("hola, buenas tardes")

    def detect(self, text: str, previous: Language | None, default: Language) -> LanguageGuess:
        """The message's language; `previous` when the message is too short to tell."""
        cleaned = _NOT_WORDS.sub(" ", REFERENCE.sub(" ", EMAIL.sub(" ", text.lower())))
        words = cleaned.split()
        scores = self._scores(cleaned, words) if words else {}
        if not scores:
            return LanguageGuess(previous or default, False)
        best = max(scores, key=lambda lang: scores[lang])
        ranked = sorted(scores.values(), reverse=True)
        clear = ranked[0] >= MIN_CONFIDENCE and ranked[0] - ranked[1] >= 0.25
        if len(words) < MIN_WORDS and previous is not None:
            # "Muchas gracias" switches; "ok", "Sí", "Mike Johnson" keep the conversation's.
            switched = len(words) >= 2 and all(fold(w) in MARKERS[best] for w in words)
            return LanguageGuess(best, True) if switched else LanguageGuess(previous, False)
        if not clear and previous is not None:
            return LanguageGuess(previous, False)
        return LanguageGuess(best, clear and len(words) >= MIN_WORDS)

    def _scores(self, cleaned: str, words: list[str]) -> dict[Language, float]:
        values = self._lingua().compute_language_confidence_values(cleaned)
        codes: dict[str, Language] = {"SPANISH": "es", "ENGLISH": "en", "PORTUGUESE": "pt"}
        scores: dict[Language, float] = {codes[v.language.name]: float(v.value) for v in values}
        folded = [fold(w) for w in words]
        for lang, markers in MARKERS.items():
            hits = sum(1 for w in folded if w in markers)
            scores[lang] = scores.get(lang, 0.0) + MARKER_WEIGHT * min(hits, 4)
        for pattern, lang in SPELLING:
            if pattern.search(cleaned):
                scores[lang] = scores.get(lang, 0.0) + 3 * MARKER_WEIGHT
        return scores
