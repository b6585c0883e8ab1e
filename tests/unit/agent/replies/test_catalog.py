from string import Formatter

import pytest

from agente_hotel.agent.replies.catalog import CATALOG
from agente_hotel.domain import LANGUAGES


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in Formatter().parse(template) if name}


@pytest.mark.parametrize("key", sorted(CATALOG))
def test_every_sentence_exists_in_every_language_with_the_same_fields(key: str) -> None:
    texts = CATALOG[key]
    assert set(texts) == set(LANGUAGES)
    assert len({frozenset(_fields(text)) for text in texts.values()}) == 1
