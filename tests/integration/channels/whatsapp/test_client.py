import asyncio
import socket
from collections.abc import AsyncIterator

import httpx
import pytest
from httpx_aiohttp import AiohttpTransport

from agente_hotel.channels.whatsapp.client import WhatsAppClient
from agente_hotel.channels.whatsapp.formatting import render_reply
from agente_hotel.domain import Reply, ReplyOption
from agente_hotel.errors import DeliveryFailed, PermanentDeliveryFailure
from agente_hotel.ports import PARTS_SENT
from tests.support.fake_graph import ACCESS_TOKEN, FakeGraph

PHONE_NUMBER_ID = "106540352242922"
GUEST = "+34600111222"


@pytest.fixture(params=["httpx", "aiohttp"])
async def http(request: pytest.FixtureRequest) -> AsyncIterator[httpx.AsyncClient]:
    """httpx's own transport, and aiohttp's, which the service uses for the Graph API."""
    transport = AiohttpTransport() if request.param == "aiohttp" else None
    async with httpx.AsyncClient(transport=transport) as client:
        yield client


def make_client(
    base_url: str, http: httpx.AsyncClient, *, token: str = ACCESS_TOKEN, timeout: float = 2.0
) -> WhatsAppClient:
    return WhatsAppClient(
        base_url=base_url,
        phone_number_id=PHONE_NUMBER_ID,
        access_token=token,
        http=http,
        timeout=timeout,
    )


@pytest.fixture
def client(fake_graph: FakeGraph, http: httpx.AsyncClient) -> WhatsAppClient:
    return make_client(fake_graph.base_url, http)


async def test_a_text_reply_is_posted_with_the_token_and_returns_the_wamid(
    client: WhatsAppClient, fake_graph: FakeGraph
) -> None:
    wamid = await client.send(GUEST, Reply(text="Hola, Ana", language="es"))

    (request,) = fake_graph.requests
    assert request.path == f"/v21.0/{PHONE_NUMBER_ID}/messages"
    assert request.headers["authorization"] == f"Bearer {ACCESS_TOKEN}"
    assert request.json == {
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": "34600111222",
        "type": "text",
        "text": {"body": "Hola, Ana"},
    }
    assert wamid.startswith("wamid.")


async def test_options_go_out_as_reply_buttons(
    client: WhatsAppClient, fake_graph: FakeGraph
) -> None:
    reply = Reply(
        text="¿Confirmo la reserva de la habitación doble del 10 al 12 de diciembre?",
        language="es",
        options=(
            ReplyOption("confirm", "Sí, confirmar la reserva ahora"),
            ReplyOption("cancel", "No"),
        ),
    )

    await client.send(GUEST, reply)

    (sent,) = fake_graph.sent
    assert sent["interactive"]["type"] == "button"
    titles = [b["reply"]["title"] for b in sent["interactive"]["action"]["buttons"]]
    assert titles == ["Sí, confirmar la…", "No"]


async def test_many_options_go_out_as_a_list(client: WhatsAppClient, fake_graph: FakeGraph) -> None:
    rooms = tuple(
        ReplyOption(f"room{i}", f"Habitación tipo {i} con vistas al mar", "Desayuno incluido")
        for i in range(10)
    )
    reply = Reply(text="Estas están libres:", language="es", options=rooms)

    await client.send(GUEST, reply)

    (sent,) = fake_graph.sent
    assert sent["interactive"]["type"] == "list"
    assert len(sent["interactive"]["action"]["sections"][0]["rows"]) == 10


async def test_a_long_reply_is_sent_in_order_and_the_last_wamid_returned(
    client: WhatsAppClient, fake_graph: FakeGraph
) -> None:
    text = "\n\n".join(f"Párrafo {i}. " + "texto " * 400 for i in range(3))
    reply = Reply(text=text, language="es", options=(ReplyOption("yes", "Sí"),))

    wamid = await client.send(GUEST, reply)

    kinds = [m["type"] for m in fake_graph.sent]
    assert kinds[-1] == "interactive"
    assert set(kinds[:-1]) == {"text"}
    assert len(kinds) >= 3
    assert wamid == "wamid.FAKE" + f"{len(kinds):08d}"


async def test_a_retry_after_a_failed_later_part_sends_only_the_rest(
    client: WhatsAppClient, fake_graph: FakeGraph
) -> None:
    text = "\n\n".join(f"Párrafo {i}. " + "texto " * 400 for i in range(3))
    reply = Reply(text=text, language="es", options=(ReplyOption("yes", "Sí"),))
    fake_graph.fail_next(after=1, status=503, code=131000, message="try later")

    with pytest.raises(DeliveryFailed) as caught:
        await client.send(GUEST, reply)
    assert caught.value.parts_sent == 1
    await client.send(GUEST, reply, context={PARTS_SENT: str(caught.value.parts_sent)})

    parts = render_reply(reply)
    bodies = [r.json for r in fake_graph.requests]
    # Each part posted once, but the failed second one twice: it is the one tried again.
    assert len(parts) >= 3 and len(bodies) == len(parts) + 1
    assert bodies[0] != bodies[1] == bodies[2]
    assert [b["type"] for b in bodies] == [p["type"] for p in [parts[0], *parts[1:2], *parts[1:]]]


async def test_mark_read_posts_the_read_status(
    client: WhatsAppClient, fake_graph: FakeGraph
) -> None:
    await client.mark_read("wamid.IN123")

    (request,) = fake_graph.requests
    assert request.json == {
        "messaging_product": "whatsapp",
        "status": "read",
        "message_id": "wamid.IN123",
    }


async def test_a_template_is_sent_by_name_and_language(
    client: WhatsAppClient, fake_graph: FakeGraph
) -> None:
    wamid = await client.send_template(GUEST, "seguimiento_reserva", "es")

    (sent,) = fake_graph.sent
    assert sent["type"] == "template"
    assert sent["template"] == {"name": "seguimiento_reserva", "language": {"code": "es"}}
    assert wamid.startswith("wamid.")


@pytest.mark.parametrize(
    ("status", "code"),
    [
        (400, 130429),  # throughput rate limit
        (400, 131056),  # too many messages to one guest
        (500, 131000),  # something went wrong
        (503, 2),  # service temporarily unavailable
        (429, 4),  # app rate limit
    ],
)
async def test_temporary_failures_can_be_retried(
    client: WhatsAppClient, fake_graph: FakeGraph, status: int, code: int
) -> None:
    fake_graph.fail_next(status=status, code=code, message="try later", retry_after=30)

    with pytest.raises(DeliveryFailed) as caught:
        await client.send(GUEST, Reply(text="Hola", language="es"))

    assert not isinstance(caught.value, PermanentDeliveryFailure)
    assert caught.value.code == code
    assert caught.value.retry_after == 30.0


@pytest.mark.parametrize(
    ("status", "code"),
    [
        (401, 190),  # expired or invalid token
        (400, 131026),  # undeliverable
        (400, 131047),  # outside the 24-hour window
        (400, 100),  # invalid parameter
    ],
)
async def test_permanent_failures_are_not_retried(
    client: WhatsAppClient, fake_graph: FakeGraph, status: int, code: int
) -> None:
    fake_graph.fail_next(status=status, code=code)

    with pytest.raises(PermanentDeliveryFailure) as caught:
        await client.send(GUEST, Reply(text="Hola", language="es"))

    assert caught.value.code == code


async def test_a_wrong_token_is_a_permanent_failure(
    fake_graph: FakeGraph, http: httpx.AsyncClient
) -> None:
    client = make_client(fake_graph.base_url, http, token="expired-token")

    with pytest.raises(PermanentDeliveryFailure) as caught:
        await client.send(GUEST, Reply(text="Hola", language="es"))

    assert caught.value.code == 190


async def test_a_slow_api_is_a_temporary_failure(
    fake_graph: FakeGraph, http: httpx.AsyncClient
) -> None:
    client = make_client(fake_graph.base_url, http, timeout=0.1)
    fake_graph.stall_next(0.5)

    with pytest.raises(DeliveryFailed, match="in time") as caught:
        await client.send(GUEST, Reply(text="Hola", language="es"))

    assert not isinstance(caught.value, PermanentDeliveryFailure)


async def test_an_unreachable_api_is_a_temporary_failure(http: httpx.AsyncClient) -> None:
    with socket.socket() as sock:  # a port that was free a moment ago: nothing listens
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    client = make_client(f"http://127.0.0.1:{port}/v21.0", http)

    with pytest.raises(DeliveryFailed, match="unreachable") as caught:
        await client.send(GUEST, Reply(text="Hola", language="es"))

    assert not isinstance(caught.value, PermanentDeliveryFailure)


async def test_a_garbled_answer_is_a_temporary_failure(http: httpx.AsyncClient) -> None:
    async def garble(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.read(65536)
        writer.write(b"NOT HTTP AT ALL\r\n\r\n")
        await writer.drain()
        writer.close()

    server = await asyncio.start_server(garble, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    async with server:
        client = make_client(f"http://127.0.0.1:{port}/v21.0", http)
        with pytest.raises(DeliveryFailed, match="unreachable") as caught:
            await client.send(GUEST, Reply(text="Hola", language="es"))

    assert not isinstance(caught.value, PermanentDeliveryFailure)


@pytest.mark.parametrize("recipient", ["", "ana@example.com", "+34 600", "+346001112223334445"])
async def test_a_recipient_that_is_not_a_phone_number_is_refused_before_sending(
    client: WhatsAppClient, fake_graph: FakeGraph, recipient: str
) -> None:
    with pytest.raises(PermanentDeliveryFailure, match="not a phone number"):
        await client.send(recipient, Reply(text="Hola", language="es"))

    assert fake_graph.requests == []
