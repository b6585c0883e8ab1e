"""One guest message in, one `Understanding` out: language, intent, FAQ topics, entities."""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime
from typing import Any

from agente_hotel.agent.nlu.contacts import EMAIL, NOT_NAMES, PHONE, Contacts, extract_contacts
from agente_hotel.agent.nlu.dates import (
    MONTHS,
    StayDates,
    arrival_shift,
    extra_nights,
    extract_dates,
)
from agente_hotel.agent.nlu.encoder import SentenceEncoder
from agente_hotel.agent.nlu.faq import FaqMatcher, TopicScore, split_clauses
from agente_hotel.agent.nlu.intents import (
    ANOTHER_ROOM,
    JOINS,
    MODIFY_VERB,
    Cues,
    Evidence,
    decide,
    is_social_only,
    option_number,
    read_cues,
)
from agente_hotel.agent.nlu.language import LanguageDetector
from agente_hotel.agent.nlu.occupancy import Party, extract_party
from agente_hotel.agent.nlu.offtopic import OffTopicReader
from agente_hotel.agent.nlu.room_types import match_room_type
from agente_hotel.agent.nlu.text import as_number, expand_shorthand, fold
from agente_hotel.agent.understanding import Intent, Understanding
from agente_hotel.domain import Language, RoomType
from agente_hotel.hotel import HotelProfile

EXPECTING = frozenset({"confirmation", "option", "details", "dates", "occupancy"})
# While a stay is being put together, "y vendrá nuestro hijo de 5 años" adds to it.
BUILDING_A_STAY = frozenset({"option", "details", "dates", "occupancy"})
# Words that introduce the guest's own details; they do not ask for the hotel's contact.
_OWN_DETAILS = re.compile(
    r"(?i)\b(?:mi|my|meu|o meu|minha|a minha|this|este|esta)?\s*"
    r"(?:e-?mail(?: address)?|correo|mail|m[oó]vil|tel[eé]fono|telem[oó]vel|telefone|phone|"
    r"n[uú]mero|number|whatsapp|contact[oa]?)\b(?:\s*(?:es|is|[eé]|:))?"
)
_QUESTION = re.compile(
    r"\?|^\s*(?:que|qué|como|cómo|cuando|cuándo|donde|dónde|what|how|when|where|which|why|"
    r"can|could|do|does|is|are|qual|quando|onde|porque|por que)\b",
    re.IGNORECASE,
)
# A phone written without country code ("912 345 678") is read in the country whose
# language the guest writes: nine-digit national numbers are Spain's and Portugal's.
NATIONAL_CODES: dict[Language, str] = {"es": "34", "pt": "351"}
_TWO_DIGIT_COUNTRY_CODES = frozenset({
    20, 27, 30, 31, 32, 33, 34, 36, 39, 40, 41, 43, 44, 45, 46, 47, 48, 49, 51, 52, 53, 54, 55,
    56, 57, 58, 60, 61, 62, 63, 64, 65, 66, 81, 82, 84, 86, 90, 91, 92, 93, 94, 95, 98,
})  # fmt: skip


class Nlu:
    """The language detector and the sentence encoder, loaded once and shared."""

    def __init__(self, *, use_encoder: bool = True) -> None:
        self.languages = LanguageDetector()
        self.encoder = SentenceEncoder() if use_encoder else None
        self.off_topic = OffTopicReader(self.encoder)
        self._matchers: dict[int, tuple[HotelProfile, FaqMatcher]] = {}
        self._lock = threading.Lock()

    def warm_up(self, profile: HotelProfile | None = None) -> None:
        """Load the models now (about 2 s) rather than on the first guest message."""
        self.languages.warm_up()
        if self.encoder is not None:
            self.encoder.warm_up()
            self.off_topic.warm_up()
        if profile is not None:
            self.faq_matcher(profile)

    def faq_matcher(self, profile: HotelProfile) -> FaqMatcher:
        cached = self._matchers.get(id(profile))
        if cached is not None and cached[0] is profile:
            return cached[1]
        with self._lock:
            matcher = FaqMatcher(profile, self.encoder)
            self._matchers[id(profile)] = (profile, matcher)
        return matcher

    def understand(
        self,
        text: str,
        *,
        now: datetime,
        profile: HotelProfile,
        room_types: Sequence[RoomType],
        previous_language: Language | None = None,
        expecting: str | None = None,
        anchor: date | None = None,
    ) -> Understanding:
        """`anchor` is the arrival under discussion, for days named without a month."""
        if expecting is not None and expecting not in EXPECTING:
            raise ValueError(f"unknown expecting {expecting!r}; use one of {sorted(EXPECTING)}")
        guess = self.languages.detect(text, previous_language, profile.default_language)
        written = text
        text = expand_shorthand(text, guess.language)  # "qto fica p/ 2?", "dbl pls"
        folded = fold(text)
        country_code = NATIONAL_CODES.get(guess.language) or _country_code(profile.phone)
        contacts = extract_contacts(text, default_country_code=country_code)
        contacts = _name_when_asked(text, contacts, expecting)
        option = option_number(folded, expecting_option=expecting == "option")
        short_answer = option is not None and len(folded.split()) <= 3
        today = profile.local_today(now)
        stay = StayDates() if short_answer else extract_dates(text, today, anchor=anchor)
        party = _party_when_asked(folded, extract_party(text), expecting)
        room = match_room_type(text, room_types)
        cues = read_cues(folded)
        may_ask = _may_ask(cues, folded, short_answer)
        in_search = stay.check_in is not None or expecting in BUILDING_A_STAY
        topics = self._topics(text, profile, contacts, in_search=in_search) if may_ask else []
        topics = _policy_times(folded, topics, profile)
        evidence = Evidence(
            has_dates=stay.check_in is not None or stay.check_out is not None,
            has_party=party.found,
            has_room_type=room is not None,
            # A signature's name or phone is who writes, not details given to book.
            has_contact=bool(
                contacts.email
                or (contacts.phone and not contacts.phone_signed)
                or (contacts.name and not contacts.signed)
            ),
            has_reference=contacts.reference is not None,
            option=option,
            faq_strength=topics[0].score if topics else 0.0,
            question=bool(_QUESTION.search(text)) and not is_social_only(folded),
        )
        intent, secondary = decide(cues, evidence, expecting)
        topics = _implied_topics(cues, intent, secondary, topics, profile)
        if intent is Intent.OTHER and may_ask and not _holds_entities(evidence, stay, party):
            sentences = [text.strip(), *split_clauses(text)]  # the question marks count too
            kind = self.off_topic.kind(sentences, folded, question=evidence.question)
            if kind is not None:
                intent = Intent.FAQ if kind == "hotel" else Intent.SMALLTALK
        asked = intent == Intent.FAQ or Intent.FAQ in secondary
        return Understanding(
            text=written,
            language=guess.language,
            language_confident=guess.confident,
            intent=intent,
            secondary_intents=secondary,
            faq_topics=_in_asking_order(text, topics) if asked else (),
            check_in=stay.check_in,
            check_out=stay.check_out,
            nights=stay.nights,
            dates_relative_to_booking=stay.relative,
            adults=party.adults,
            children=party.children,
            children_ages=party.children_ages,
            rooms=party.rooms,
            room_type=room.code if room else None,
            room_type_score=room.score if room else 0.0,
            option_number=option,
            name=contacts.name,
            name_signed=contacts.signed,
            email=contacts.email,
            phone=contacts.phone,
            reference=contacts.reference,
            extras=_extras(folded, stay),
        )

    def _topics(
        self, text: str, profile: HotelProfile, contacts: Contacts, *, in_search: bool
    ) -> list[TopicScore]:
        """FAQ topics asked. In a search for a stay, clauses that carry the stay or the party
        are not questions ("Somos 2 adultos y 2 niños" does not ask about children)."""
        if contacts.email or contacts.phone or contacts.name:
            text = _OWN_DETAILS.sub(" ", PHONE.sub(" ", EMAIL.sub(" ", text)))
        found = [
            t
            for t in self.faq_matcher(profile).match(text)
            if t.keyword or not self.off_topic.closer_to_unknown(t.clause, t.score)
        ]
        if not in_search:
            return found
        return [t for t in found if not _carries_booking(t.clause)]


def _in_asking_order(text: str, topics: list[TopicScore]) -> tuple[str, ...]:
    """Topics in the order the guest asked them, so the answers follow the questions."""
    ordered = sorted(
        enumerate(topics), key=lambda item: (max(text.find(item[1].clause), 0), item[0])
    )
    return tuple(t.topic for _, t in ordered)


def _holds_entities(evidence: Evidence, stay: StayDates, party: Party) -> bool:
    return bool(
        stay.found
        or party.found
        or evidence.has_room_type
        or evidence.has_contact
        or evidence.has_reference
        or evidence.option is not None
    )


# A clock time: "a las 2", "at 1pm", "às 14h", "13:30".
_CLOCK = re.compile(
    r"(?<![a-z])(?:a las|a la|at|as|by|until|till|hasta las|ate as|para las)\s+"
    r"(\d{1,2})(?:[:h.](\d\d))?\s*(am|pm|h)?(?![\d/])|(\d{1,2})[:h](\d\d)|(\d{1,2})\s*(am|pm)\b"
)
_LEAVING = re.compile(
    r"check.?out|salida|saida|salir|sair|leave|dejar la habitacion|deixar o quarto"
)
_ARRIVING = re.compile(r"check.?in|entrada|entrar|llegar|chegar|arrive|get the room")
# Topic names of the knowledge base for a time outside the usual ones (see hotel.yaml).
LATE_CHECK_OUT, EARLY_CHECK_IN, CHECK_TIMES = "late_check_out", "early_check_in", "check_in_out"
CANCELLATION = "cancellation"
STAY_LENGTH = "stay_length"


def _implied_topics(
    cues: Cues,
    intent: Intent,
    secondary: tuple[Intent, ...],
    topics: list[TopicScore],
    profile: HotelProfile,
) -> list[TopicScore]:
    """The rules recognise the cancellation policy asked in words the examples lack
    ("y si tuviéramos que anular, ¿nos cobraríais algo?"): its topic is asked then."""
    asks_policy = cues.cancel_hypothetical or (cues.cancel and cues.cancel_policy)
    asked = intent is Intent.FAQ or Intent.FAQ in secondary
    if not asked or not asks_policy or CANCELLATION not in profile.faq:
        return topics
    if any(t.topic == CANCELLATION for t in topics):
        return topics
    return [TopicScore(CANCELLATION, 1.0, "", keyword=True), *topics]


def _policy_times(folded: str, topics: list[TopicScore], profile: HotelProfile) -> list[TopicScore]:
    """ "¿Podemos hacer el check-out a las 2?" asks for a late check-out, not for the usual
    time: a time after the hotel's check-out (or before its check-in) names the exception."""
    if not any(t.topic == CHECK_TIMES for t in topics):
        return topics
    hour = _clock_hour(folded)
    if hour is None:
        return topics
    if _LEAVING.search(folded) and hour > profile.check_out.hour:
        wanted = LATE_CHECK_OUT
    elif _ARRIVING.search(folded) and hour < profile.check_in.hour:
        wanted = EARLY_CHECK_IN
    else:
        return topics
    if wanted not in profile.faq:
        return topics
    replaced: dict[str, TopicScore] = {}
    for t in topics:
        topic = wanted if t.topic == CHECK_TIMES else t.topic
        replaced.setdefault(topic, replace(t, topic=topic))
    return list(replaced.values())


def _clock_hour(folded: str) -> int | None:
    """The hour of the first clock time, afternoon when it can only be ("a las 2" is 14)."""
    match = _CLOCK.search(folded)
    if match is None:
        return None
    number = match.group(1) or match.group(4) or match.group(6)
    suffix = match.group(3) or match.group(7)
    hour = int(number)
    if hour > 23:
        return None
    if (suffix == "pm" and hour < 12) or (suffix != "am" and 1 <= hour <= 7):
        hour += 12
    return hour


def _may_ask(cues: Cues, folded: str, short_answer: bool) -> bool:
    """Whether the message can hold an FAQ question: the encoder is skipped for "STOP",
    "Sí, confirmo", "no canceles nada", "2" and plain greetings."""
    decided = cues.opt_out or cues.decline or (cues.yes and len(folded.split()) <= 6)
    return not (decided or short_answer or is_social_only(folded))


_ASKS_TIME = re.compile(
    r"\b(?:a que horas?|que horas|what time|from what time|until what time|hasta que hora|"
    r"desde que hora|ate que horas)\b"
)


def _carries_booking(clause: str) -> bool:
    """A party, or dates written with numbers: "del 18/12 al 20/12", "somos 2 y 2 niños"
    (a holiday such as "Nochevieja" frames a question rather than a search; so does asking
    for a time: "¿a que horas podemos fazer o check-in no dia 5?")."""
    if extract_party(clause).found:
        return True
    if _ASKS_TIME.search(fold(clause)):
        return False
    return bool(re.search(r"\d", clause)) and extract_dates(clause, date(2000, 1, 1)).found


def _name_when_asked(text: str, contacts: Contacts, expecting: str | None) -> Contacts:
    """After "¿a nombre de quién?", a bare "Carmen Ruiz" is a name; at the summary, a
    capitalised full name alone corrects it."""
    if expecting not in ("details", "confirmation") or contacts.name:
        return contacts
    remainder = _OWN_DETAILS.sub(" ", EMAIL.sub(" ", text))  # "mi correo es ..." names no one
    remainder = PHONE.sub(" ", remainder).strip(" ,.;\n")
    match = re.fullmatch(r"([^\W\d_]+(?:[ '-][^\W\d_]+){0,3})", remainder)
    if not match or fold(match.group()) in {"si", "yes", "sim", "ok", "vale", "no", "nao"}:
        return contacts
    words = match.group().split()
    if expecting == "confirmation" and not (
        len(words) >= 2 and all(w[0].isupper() and fold(w) not in NOT_NAMES for w in words)
    ):
        return contacts
    name = " ".join(w[0].upper() + w[1:] for w in match.group().split())
    return Contacts(name, contacts.email, contacts.phone, contacts.reference, signed=False)


def _party_when_asked(folded: str, party: Party, expecting: str | None) -> Party:
    """After "¿cuántas personas?", a bare "2" or "dos" is the number of adults."""
    if expecting != "occupancy" or party.found:
        return party
    words = re.findall(r"\w+", folded)
    count = as_number(words[0]) if len(words) == 1 else None
    return Party(adults=count) if count and count <= 30 else party


def _country_code(phone: str) -> str | None:
    digits = re.sub(r"\D", "", phone)
    if not phone.strip().startswith("+") or len(digits) < 8:
        return None
    if digits.startswith(("1", "7")):
        return digits[0]
    return digits[:2] if int(digits[:2]) in _TWO_DIGIT_COUNTRY_CODES else digits[:3]


def _extras(folded: str, stay: StayDates) -> dict[str, str]:
    """A month named without a day ("mi reserva de diciembre") helps find a booking;
    nights added without a new departure ("una noche más") lengthen it."""
    extras: dict[str, str] = {}
    if JOINS.search(folded) and stay.check_in is None:
        extras["party_grows"] = "1"
    if MODIFY_VERB.search(folded) and not ANOTHER_ROOM.search(folded):
        # "¿podemos mudar para um duplo?"; "añadir otra habitación" is a new booking.
        extras["change_words"] = "1"
    added = extra_nights(folded) if stay.check_in is None else None
    if added:
        extras["extra_nights"] = str(added)
    shift = arrival_shift(folded) if stay.check_out is None else None
    if shift:
        extras["arrival_shift"] = str(shift)  # the departure stays as booked
    if stay.check_in is not None:
        return extras
    for word in re.findall(r"[a-z]+", folded):
        if word in MONTHS:
            extras["month"] = str(MONTHS[word])
            break
    return extras


def understanding_to_json(u: Understanding) -> dict[str, Any]:
    """The understanding as plain JSON values, for the CLI and logs."""
    entities: dict[str, Any] = {
        "check_in": u.check_in.isoformat() if u.check_in else None,
        "check_out": u.check_out.isoformat() if u.check_out else None,
        "nights": u.nights,
        "dates_relative": u.dates_relative_to_booking,
        "adults": u.adults,
        "children": u.children,
        "children_ages": list(u.children_ages),
        "rooms": u.rooms,
        "room_type": u.room_type,
        "room_type_score": round(u.room_type_score, 2),
        "option_number": u.option_number,
        "name": u.name,
        "email": u.email,
        "phone": u.phone,
        "reference": u.reference,
    }
    return {
        "text": u.text,
        "language": u.language,
        "language_confident": u.language_confident,
        "intent": u.intent.value,
        "secondary_intents": [i.value for i in u.secondary_intents],
        "faq_topics": list(u.faq_topics),
        "entities": {k: v for k, v in entities.items() if v not in (None, [], False)},
        "extras": dict(u.extras),
    }
