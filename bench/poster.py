"""A lean HTTP/1.1 poster for the load generator: pre-built requests on kept-alive
connections, a status line and a Content-Length body read back. httpx spends about a
millisecond of CPU per request on this machine, as much as the service spends on a
webhook: measured with it, the benchmark would mostly measure itself."""

from __future__ import annotations

import asyncio
from urllib.parse import urlsplit


class Poster:
    def __init__(self, url: str, connections: int) -> None:
        parts = urlsplit(url)
        self._host, self._port = parts.hostname or "127.0.0.1", parts.port or 80
        self._path = parts.path or "/"
        self._idle: asyncio.Queue[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = (
            asyncio.Queue()
        )
        self._connections = connections
        self._opened = 0

    async def post(self, body: bytes, headers: dict[str, str]) -> int:
        """POST `body`; the response's status. A broken connection is replaced, once."""
        head = "".join(f"{name}: {value}\r\n" for name, value in headers.items())
        request = (
            f"POST {self._path} HTTP/1.1\r\nHost: {self._host}\r\n{head}"
            f"Content-Length: {len(body)}\r\n\r\n"
        ).encode() + body
        for attempt in range(2):
            reader, writer = await self._connection()
            try:
                writer.write(request)
                status = await _response_status(reader)
            except (ConnectionError, asyncio.IncompleteReadError):
                writer.close()
                self._opened -= 1
                if attempt:
                    raise
                continue
            self._idle.put_nowait((reader, writer))
            return status
        raise AssertionError("unreachable")

    async def aclose(self) -> None:
        while not self._idle.empty():
            _, writer = self._idle.get_nowait()
            writer.close()

    async def _connection(self) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        if self._idle.empty() and self._opened < self._connections:
            self._opened += 1
            return await asyncio.open_connection(self._host, self._port)
        return await self._idle.get()


async def _response_status(reader: asyncio.StreamReader) -> int:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    status = int(lines[0].split()[1])
    length = next(
        (
            int(line.split(b":", 1)[1])
            for line in lines
            if line.lower().startswith(b"content-length:")
        ),
        0,
    )
    await reader.readexactly(length)
    return status
