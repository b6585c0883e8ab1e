"""A stand-in for the Graph API's messages endpoint that notes when each guest got a reply.

`GET /stats` returns {recipient: [reply times (time.time())]}; read receipts are counted
apart. Served in its own process so that it does not share the driver's event loop.
"""

from __future__ import annotations

import itertools
import json
import time
from collections import defaultdict
from typing import Any

REPLIES: defaultdict[str, list[float]] = defaultdict(list)
READ_RECEIPTS = [0]
IDS = itertools.count(1)


async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    if scope["type"] != "http":
        return
    body = b""
    more = True
    while more:
        message = await receive()
        body += message.get("body", b"")
        more = message.get("more_body", False)
    if scope["method"] == "GET" and scope["path"] == "/stats":
        answer = json.dumps({"replies": REPLIES, "read_receipts": READ_RECEIPTS[0]}).encode()
    elif scope["method"] == "POST" and scope["path"].endswith("/messages"):
        payload = json.loads(body)
        if payload.get("status") == "read":
            READ_RECEIPTS[0] += 1
            answer = b'{"success":true}'
        else:
            REPLIES[payload["to"]].append(time.time())
            wamid = f"wamid.SINK{next(IDS):010d}"
            sent = {"messaging_product": "whatsapp", "messages": [{"id": wamid}]}
            answer = json.dumps(sent).encode()
    else:
        answer = b"{}"
    await send(
        {
            "type": "http.response.start",
            "status": 200,
            "headers": [(b"content-type", b"application/json")],
        }
    )
    await send({"type": "http.response.body", "body": answer})
