"""Time whole agent turns (understanding, policy, mock PMS, reply) and print p50/p95.

    .venv/bin/python bench/bench_turn.py [--rounds 200]

Each round plays a few short conversations in three languages (a quote, a booking up to
the PMS's reference, FAQ questions, a lookup and a cancellation) on a fresh demo hotel.
The target is a p95 under 20 ms per turn.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
from datetime import datetime
from typing import Any

from agente_hotel.agent.brain import RuleBrain
from agente_hotel.agent.clock import FixedClock
from agente_hotel.agent.turn import ConversationContext, GuestMessage
from agente_hotel.domain import Channel, ConversationMode, GuestContact, Language
from agente_hotel.hotel import load_profile
from agente_hotel.pms.mock import load_mock_pms

NOW = datetime.fromisoformat("2026-11-24T10:00:00+01:00")
CONVERSATIONS: list[tuple[GuestContact, list[str]]] = [
    (
        GuestContact(phone="+34611222333", name="Lucía"),
        [
            "Hola! ¿Tenéis habitación doble del 10 al 12 de diciembre para 2 personas?",
            "Genial, resérvala a nombre de Lucía Gómez, lucia@example.com",
            "Sí, confirmo",
            "¿A qué hora es el desayuno?",
            "Muchas gracias!",
        ],
    ),
    (
        GuestContact(phone="+447911123456", name="Emily"),
        [
            "Hi! We are a couple looking for a room from 1 to 3 March. What do you have?",
            "Actually, can we do 8 to 10 March instead?",
            "Is the wifi free? And is there parking?",
            "Thanks, bye!",
        ],
    ),
    (
        GuestContact(phone="+351912345678", name="Maria Silva"),
        [
            "Olá, preciso de cancelar a minha reserva de março.",
            "Não, afinal mantenho.",
            "Qual é a morada do hotel?",
        ],
    ),
]


async def play(rounds: int) -> list[float]:
    clock = FixedClock(NOW)
    profile = load_profile()
    pms = load_mock_pms(profile=profile, clock=clock)
    brain = RuleBrain(profile, pms, clock)
    timings: list[float] = []
    for _ in range(rounds):
        pms.reset()
        for guest, messages in CONVERSATIONS:
            language: Language | None = None
            state: dict[str, Any] = {}
            for text in messages:
                context = ConversationContext(
                    conversation_id="bench",
                    hotel_id=profile.id,
                    channel=Channel.WHATSAPP,
                    guest=guest,
                    language=language,
                    mode=ConversationMode.BOT,
                    state=state,
                )
                started = time.perf_counter()
                result = await brain.respond(context, GuestMessage(text=text, received_at=NOW))
                timings.append(time.perf_counter() - started)
                language, state = result.language, result.state
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=200)
    args = parser.parse_args()
    asyncio.run(play(3))  # warm up: models loaded, caches filled
    timings = asyncio.run(play(args.rounds))
    cuts = statistics.quantiles(timings, n=100)
    print(f"{len(timings)} turns")
    print(f"p50 {cuts[49] * 1000:.2f} ms")
    print(f"p95 {cuts[94] * 1000:.2f} ms")
    print(f"max {max(timings) * 1000:.2f} ms")


if __name__ == "__main__":
    main()
