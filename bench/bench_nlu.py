"""Messages understood per second per core, and p50/p95 per message.

    .venv/bin/python bench/bench_nlu.py [--rounds 20] [--no-encoder]

Runs every test sentence of tests/unit/agent/nlu (the three languages, every intent and
FAQ topic) through `understand()` on the demo hotel. Per-core throughput uses CPU time,
so other work on the machine does not distort it; latencies are wall-clock. The encoder's
cache of recent clauses is cleared every round, so each round pays for its sentences.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import time
from datetime import datetime
from pathlib import Path

from agente_hotel.agent.nlu import Nlu
from agente_hotel.hotel import load_profile
from agente_hotel.pms.inventory import load_inventory

# The sentences live with the tests, at the repository's root.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.unit.agent.nlu.faq_sentences import FAQ_SENTENCES
from tests.unit.agent.nlu.intent_sentences import INTENT_SENTENCES

NOW = datetime.fromisoformat("2026-11-24T10:00:00+01:00")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--no-encoder", action="store_true", help="keywords only for FAQ topics")
    args = parser.parse_args()

    profile = load_profile()
    room_types = list(load_inventory().room_types)
    started = time.perf_counter()
    nlu = Nlu(use_encoder=not args.no_encoder)
    nlu.warm_up(profile)
    warm_up_s = time.perf_counter() - started

    messages = [(text, expecting) for text, expecting, _ in INTENT_SENTENCES]
    messages += [(text, None) for text, _ in FAQ_SENTENCES]
    latencies: list[float] = []
    cpu_started = time.process_time()
    for _ in range(args.rounds):
        if nlu.encoder is not None:
            nlu.encoder.forget()
        for text, expecting in messages:
            begin = time.perf_counter()
            nlu.understand(
                text, now=NOW, profile=profile, room_types=room_types, expecting=expecting
            )
            latencies.append((time.perf_counter() - begin) * 1000)
    cpu = time.process_time() - cpu_started

    latencies.sort()
    p95 = latencies[int(len(latencies) * 0.95) - 1]
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"encoder: {'off' if args.no_encoder else 'on'}; "
        f"warm-up {warm_up_s:.2f} s; peak RSS {rss_mb:.0f} MB"
    )
    print(f"messages: {len(latencies)} ({len(messages)} distinct x {args.rounds} rounds)")
    print(f"understood per second per core: {len(latencies) / cpu:.0f}")
    print(f"per message: p50 {statistics.median(latencies):.2f} ms, p95 {p95:.2f} ms")


if __name__ == "__main__":
    main()
