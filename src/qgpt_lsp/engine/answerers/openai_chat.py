"""An answerer on any OpenAI-compatible server (OpenAI, Ollama, llama.cpp, LM Studio)."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the library costs ~0.9 s to import: only when this answerer is made
    import openai

from ... import errors
from .base import AnswerJob

_DEFAULT_BASE_URL = "https://api.openai.com/v1"
_DEFAULT_MODEL = "gpt-4o-mini"
#: Tokens of code per prompt by default (the window usually allows more; answers
#: start sooner and stay on topic with the best few snippets).
DEFAULT_SNIPPET_TOKENS = 3072


class OpenAIAnswerer:
    """Streams chat completions; closing the iterator closes the HTTP stream."""

    is_model = True

    def __init__(
        self,
        base_url: str | None,
        model: str | None,
        api_key: str | None,
        context_tokens: int | None = None,
        snippet_tokens: int | None = None,
    ) -> None:
        self.base_url = base_url or _DEFAULT_BASE_URL
        self.model = model or _DEFAULT_MODEL
        self.name = f"openai:{self.model}"
        self.context_tokens = context_tokens or 8192
        self.snippet_tokens = snippet_tokens or DEFAULT_SNIPPET_TOKENS
        #: HTTP streams open right now (0 once every answer ended or was stopped).
        self.open_streams = 0
        import openai

        self._sdk = openai
        self._client = openai.AsyncOpenAI(
            base_url=self.base_url, api_key=api_key or "not-needed", max_retries=0, timeout=120.0
        )

    async def answer(self, job: AnswerJob) -> AsyncGenerator[str, None]:
        messages: list[Any] = [{"role": m.role, "content": m.content} for m in job.messages]
        try:
            stream = await self._client.chat.completions.create(
                model=self.model, messages=messages, stream=True, max_tokens=job.max_tokens
            )
        except self._sdk.OpenAIError as error:
            raise _translate(error, self.base_url) from error
        self.open_streams += 1
        finished = False
        try:
            async for chunk in stream:
                choice = chunk.choices[0] if chunk.choices else None
                finished = finished or bool(choice and choice.finish_reason)
                if choice is not None and choice.delta.content:
                    yield choice.delta.content
        except self._sdk.OpenAIError as error:
            raise _translate(error, self.base_url) from error
        finally:
            await stream.close()
            self.open_streams -= 1
        if not finished:
            raise errors.ServerError(self._cut_short(), status_code=502)

    def _cut_short(self) -> str:
        return (
            f"the model server at {self.base_url} ended the answer without finishing it; "
            f"the prompt may not fit its context window (the engine assumed {self.context_tokens} "
            "tokens)"
        )

    async def aclose(self) -> None:
        await self._client.close()


def _translate(error: openai.OpenAIError, base_url: str) -> errors.QGPTError:
    """The OpenAI library's error as one of ours, with a message a user can act on."""
    import openai

    if isinstance(error, openai.APITimeoutError):
        return errors.BackendTimeout(f"the model server at {base_url} did not answer in time")
    if isinstance(error, openai.APIConnectionError):
        return errors.BackendUnreachable(f"cannot reach the model server at {base_url}")
    if isinstance(error, openai.APIStatusError):
        detail = _detail(error)
        message = f"the model server at {base_url} answered {error.status_code}: {detail}"
        if error.status_code == 401:
            return errors.Unauthorized(message)
        if error.status_code == 429:
            return errors.RateLimited(message)
        if error.status_code == 503:
            return errors.Overloaded(message)
        if error.status_code >= 500:
            return errors.ServerError(message, status_code=error.status_code)
        return errors.BackendStatusError(message, status_code=error.status_code)
    return errors.ServerError(f"the model server at {base_url} failed: {error}")


def _detail(error: openai.APIStatusError) -> str:
    body = error.body
    if isinstance(body, dict):
        inner = body.get("error", body)
        if isinstance(inner, dict) and inner.get("message"):
            return str(inner["message"])[:300]
        if body.get("detail"):
            return str(body["detail"])[:300]
    return str(error.message)[:300]
