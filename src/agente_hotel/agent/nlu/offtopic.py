"""Messages outside the knowledge base: a question about the hotel it cannot answer, or chat.

"¿Tenéis gimnasio?" deserves an honest "I don't know, shall I ask reception?", while
"¿qué tiempo hace?" deserves a friendly line; neither is a misunderstanding. Each kind is
learnt from a few example sentences in the three languages (the sentence encoder puts a
message near the examples of the same meaning in any of them); a question asking whether
the hotel has or allows something is about the hotel whatever that thing is.
"""

from __future__ import annotations

import re
from typing import Literal

from agente_hotel.agent.nlu.encoder import SentenceEncoder, Vectors

Kind = Literal["hotel", "chat"]

HOTEL_EXAMPLES = (
    "¿Tenéis gimnasio?", "¿Hay spa en el hotel?", "¿Las habitaciones tienen aire acondicionado?",
    "¿Tenéis restaurante para cenar?", "¿Hay servicio de habitaciones?",
    "¿Hay caja fuerte en la habitación?", "¿El hotel tiene ascensor?",
    "¿Las habitaciones tienen vistas al mar?", "¿Alquiláis bicicletas?",
    "¿Puedo dejar las maletas en recepción?", "¿Hay secador de pelo en el baño?",
    "¿Tenéis servicio de lavandería?", "¿Qué restaurantes me recomiendas cerca del hotel?",
    "¿Qué se puede visitar por la zona?", "¿Hay minibar en la habitación?",
    "¿Se puede cenar en el hotel?", "¿Tenéis albornoz y zapatillas?",
    "¿A qué hora cierra la recepción?", "¿A qué hora abre el restaurante?",
    "Do you have a gym?", "Is there a spa?", "Do the rooms have air conditioning?",
    "Is there a restaurant in the hotel?", "Do you offer room service?",
    "Is there a safe in the room?", "Is there a lift?", "Do the rooms have a sea view?",
    "Can we rent bikes?", "Can I leave my luggage at reception?",
    "Is there a hairdryer in the bathroom?", "Do you have a laundry service?",
    "Any good restaurants near the hotel?", "What should we visit in the area?",
    "Is there a minibar?", "Is there a bar?", "Do you have bathrobes?",
    "What time does reception close?", "When does the restaurant open?",
    "Têm ginásio?", "Há spa no hotel?", "Os quartos têm ar condicionado?",
    "O hotel tem restaurante?", "Há serviço de quartos?", "Há cofre no quarto?",
    "O hotel tem elevador?", "Os quartos têm vista para o mar?", "Alugam bicicletas?",
    "Posso deixar as malas na receção?", "Há secador de cabelo?",
    "Têm serviço de lavandaria?", "Que restaurantes recomendam perto do hotel?",
    "O que podemos visitar na zona?", "Há minibar no quarto?", "O hotel tem bar?",
    "Têm roupões?", "A que horas fecha a receção?", "A que horas abre o restaurante?",
)  # fmt: skip
CHAT_EXAMPLES = (
    "¿Qué tiempo hace hoy?", "¿Va a llover mañana?", "¿Cómo estás?", "¿Te gusta el fútbol?",
    "¿Quién va a ganar la liga?", "Cuéntame un chiste", "¿Hace calor por ahí?",
    "¿Qué tal el día?", "¿Cuántos años tienes?", "¿Qué hora es?",
    "¿Qué tiempo hace por ahí estos días?", "¿Hace buen tiempo en la ciudad?",
    "¿Cómo está el tiempo?", "¿Te gusta tu trabajo?",
    "How's the weather today?", "Is it going to rain tomorrow?", "How are you doing?",
    "Do you like football?", "Who will win the league?", "Tell me a joke",
    "Is it sunny there?", "How is your day going?", "How old are you?", "What time is it?",
    "What's the weather like there these days?", "Do you like your job?",
    "Como está o tempo hoje?", "Vai chover amanhã?", "Como estás?", "Gostas de futebol?",
    "Quem vai ganhar o campeonato?", "Conta-me uma piada", "Está calor aí?",
    "Como está a correr o dia?", "Quantos anos tens?", "Que horas são?",
    "Como está o tempo por aí estes dias?", "Está bom tempo na cidade?",
    "Gostas do teu trabalho?",
)  # fmt: skip
HOTEL_LIKENESS = 0.5
CHAT_LIKENESS = 0.42
CHAT_MARGIN = 0.08  # chat must be clearly closer than any hotel question
# "¿Hay minibar?", "do you have bathrobes", "can I pay with bitcoin": asks what the hotel
# has, offers or allows.
HOTEL_ASK = re.compile(
    r"(?<![a-z])(?:teneis|tienen|tiene|hay|habra|ofreceis|ofrecen|se puede|puedo|podemos|"
    r"haceis|hacen|fazem|do you do|"
    r"recomiend\w*|do you (?:have|offer|sell|do)|have you got|is there|are there|"
    r"does the (?:hotel|room)|do the rooms|can i|can we|could i|could we|recommend\w*|"
    r"tem|teem|tem o hotel|ha|existe|oferecem|posso|recomend\w*)(?![a-z])"
)


class OffTopicReader:
    """Tells an unanswerable hotel question from chat, with the shared sentence encoder."""

    def __init__(self, encoder: SentenceEncoder | None) -> None:
        self._encoder = encoder
        self._hotel: Vectors | None = None
        self._chat: Vectors | None = None

    def warm_up(self) -> None:
        self._likeness(["hola"])

    def kind(self, clauses: list[str], folded: str, *, question: bool) -> Kind | None:
        """What an otherwise not understood message is; None when it is neither."""
        hotel, chat = self._likeness(clauses)
        if hotel >= HOTEL_LIKENESS and hotel >= chat:
            return "hotel"
        if chat >= CHAT_LIKENESS and chat > hotel + CHAT_MARGIN:
            return "chat"
        if question and HOTEL_ASK.search(folded):
            return "hotel"
        return None

    def closer_to_unknown(self, clause: str, likeness: float) -> bool:
        """Whether a clause is closer to a hotel question the knowledge base does not answer
        than to a topic it matched only by likeness (no keyword): "¿a qué hora abre el
        restaurante?" is not the breakfast topic."""
        hotel, _ = self._likeness([clause])
        return hotel >= likeness

    def _likeness(self, clauses: list[str]) -> tuple[float, float]:
        if self._encoder is None or not clauses:
            return 0.0, 0.0
        if self._hotel is None or self._chat is None:
            self._hotel = self._encoder.encode(HOTEL_EXAMPLES)
            self._chat = self._encoder.encode(CHAT_EXAMPLES)
        vectors = self._encoder.encode_many(clauses)
        return float((vectors @ self._hotel.T).max()), float((vectors @ self._chat.T).max())
