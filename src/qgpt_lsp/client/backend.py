"""``RemoteBackend``: the :class:`~qgpt_lsp.backend.Backend` of a Pieces OS or any QGPT server."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx

from ..backend import BackendInfo
from ..errors import BackendStatusError, InvalidPayload, TransportError
from ..wire import (
    QGPTHintsInput,
    QGPTPersonsRelatedInput,
    QGPTPersonsRelatedOutput,
    QGPTQuestionInput,
    QGPTQuestionOutput,
    QGPTRelevanceInput,
    QGPTRelevanceOutput,
    QGPTRepromptInput,
    QGPTRepromptOutput,
    QGPTStreamInput,
    QGPTStreamOutput,
)
from .discovery import DiscoveredPiecesOS
from .rest import QGPTClient
from .retry import RetryPolicy
from .stream import StreamSession

__all__ = ["RemoteBackend"]


class RemoteBackend:
    """The endpoints over HTTP (:class:`QGPTClient`), the stream over one socket
    (:class:`StreamSession`). ``info()`` says ``"pieces"`` when the server's
    version looks like Pieces OS (12.x), else ``"remote"``.
    """

    def __init__(
        self,
        base_url: str,
        *,
        timeout: float = 120.0,
        token: str | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        retries: RetryPolicy | int = 3,
        idle_timeout: float = 300.0,
    ) -> None:
        self.client = QGPTClient(
            base_url, timeout=timeout, token=token, transport=transport, retries=retries
        )
        self.session = StreamSession(
            self.client.base_url, token=token, retries=retries, idle_timeout=idle_timeout
        )
        self._version: str | None = None

    async def info(self) -> BackendInfo:
        """What this backend is; a server that does not answer is reported, not raised."""
        location = self.client.base_url
        if self._version is None:
            try:
                self._version = await self.client.version()
            except (TransportError, BackendStatusError, InvalidPayload) as error:
                return BackendInfo(kind="remote", location=location, details={"error": str(error)})
        found = DiscoveredPiecesOS(location, 0, self._version)
        kind = "pieces" if found.is_pieces else "remote"
        return BackendInfo(kind=kind, location=location, version=self._version)

    async def relevance(self, request: QGPTRelevanceInput) -> QGPTRelevanceOutput:
        return await self.client.relevance(request)

    async def question(self, request: QGPTQuestionInput) -> QGPTQuestionOutput:
        return await self.client.question(request)

    async def hints(self, request: QGPTHintsInput) -> QGPTQuestionOutput:
        return await self.client.hints(request)

    async def reprompt(self, request: QGPTRepromptInput) -> QGPTRepromptOutput:
        return await self.client.reprompt(request)

    async def persons_related(
        self, request: QGPTPersonsRelatedInput, transferables: bool = True
    ) -> QGPTPersonsRelatedOutput:
        return await self.client.persons_related(request, transferables)

    def stream(self, request: QGPTStreamInput) -> AsyncIterator[QGPTStreamOutput]:
        """The frames of one request over the shared socket (see :class:`StreamSession`)."""
        return self.session.ask(request)

    async def stop(self, conversation: str) -> None:
        await self.session.stop(conversation)

    async def reset(self) -> None:
        await self.session.reset()

    async def aclose(self) -> None:
        await self.session.aclose()
        await self.client.aclose()
