"""Reading stdio messages that stay in step even when a client gets a ``Content-Length`` wrong.

pygls reads ``Content-Length`` then exactly that many bytes; one wrong length and every
later header is read as part of a body (or a body as a header): the stream is out of
step for good and the editor's requests go unanswered. :class:`ResyncingReader` sits
between stdin and pygls' reader. It finds each message's JSON body by parsing it (the
length only confirms it), hands pygls the message re-framed with its true length, and
after a message it cannot parse it skips to the next ``Content-Length:`` header. A wrong
length or a broken message is logged and costs only that message.

Every body is also made valid Unicode on the way in (:func:`well_formed`): an editor
buffer may hold a lone UTF-16 surrogate (``\\ud800``) or a client may send bytes that
are not UTF-8; each becomes U+FFFD, one code unit for one, so positions stay where they
were and nothing downstream (the index, a reply) meets text it cannot encode.
"""

from __future__ import annotations

import json
import logging
import re
from typing import BinaryIO

__all__ = ["ResyncingReader", "well_formed"]

log = logging.getLogger(__name__)

_HEADER = b"Content-Length:"
_LENGTH = re.compile(rb"Content-Length:[ \t]*(\d+)\r\n")
_HEADER_LINES = re.compile(rb"(?:[A-Za-z][A-Za-z0-9-]*:[^\r\n]*\r\n)*")
_HEADER_END = b"\r\n\r\n"
_DECODER = json.JSONDecoder()
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")
_SURROGATE = re.compile("[\ud800-\udfff]")
CHUNK = 65536


class ResyncingReader:
    """The ``readline``/``read`` pygls reads stdin with, over well-framed messages only."""

    def __init__(self, stream: BinaryIO) -> None:
        self._stream = stream
        self._incoming = b""  # raw bytes not yet framed
        self._framed = b""  # re-framed messages pygls has not read yet
        self._ended = False

    def readline(self) -> bytes:
        while b"\n" not in self._framed and self._fill():
            pass
        end = self._framed.find(b"\n") + 1 or len(self._framed)
        line, self._framed = self._framed[:end], self._framed[end:]
        return line

    def read(self, size: int) -> bytes:
        while len(self._framed) < size and self._fill():
            pass
        data, self._framed = self._framed[:size], self._framed[size:]
        return data

    def _fill(self) -> bool:
        """Frame the next message (reading stdin as needed); False at the end of input."""
        while True:
            left = len(self._incoming)
            message = self._next_message()
            if message is not None:
                message = well_formed(message)
                self._framed += b"Content-Length: %d\r\n\r\n" % len(message) + message
                return True
            if len(self._incoming) != left:
                continue  # bytes were skipped: look again
            if self._ended:
                return False
            self._read_more()

    def _read_more(self) -> None:
        read = getattr(self._stream, "read1", self._stream.read)
        data = read(CHUNK)
        if not data:
            self._ended = True
        self._incoming += data

    def _next_message(self) -> bytes | None:
        """The next message's body taken from the incoming bytes, or None for more input."""
        first = self._incoming.find(_HEADER)
        if first > 0 and not _HEADER_LINES.fullmatch(self._incoming, 0, first):
            self._skip_to_header(first, "bytes before a header")
            return None
        header_end = self._incoming.find(_HEADER_END)
        if first == -1 or header_end == -1:
            return None
        declared = _LENGTH.match(self._incoming, first)
        if declared is None or header_end < first:
            self._skip_to_header(first + 1, "a header without a length")
            return None
        start = header_end + len(_HEADER_END)
        length = int(declared.group(1))
        body = self._incoming[start : start + length]
        if len(body) == length and self._looks_whole(body, start + length):
            self._incoming = self._incoming[start + length :]
            return body
        return self._parsed(start, length)

    def _looks_whole(self, body: bytes, end: int) -> bool:
        """The declared length ends at a closing brace and before the next header (or the end)."""
        rest = self._incoming[end : end + 64].lstrip()
        return body.rstrip().endswith(b"}") and (not rest or rest.startswith(_HEADER[:8]))

    def _parsed(self, start: int, length: int) -> bytes | None:
        """The body found by parsing the JSON after the header (the length was wrong)."""
        tail = self._incoming[start:]
        if len(tail) < length and not tail.rstrip().endswith(b"}") and not self._ended:
            return None  # more of the body is on its way
        text = tail.decode("utf-8", errors="surrogateescape")
        try:
            _, end = _DECODER.raw_decode(text, len(text) - len(text.lstrip()))
        except json.JSONDecodeError as error:
            failed_at = len(text[: error.pos].encode("utf-8", "surrogateescape"))
            if tail.find(_HEADER, failed_at) == -1 and not self._ended:
                return None  # perhaps incomplete: wait for more (or the next header)
            self._skip_to_header(start, f"unreadable body ({error.msg})")
            return None
        size = len(text[:end].encode("utf-8", errors="surrogateescape"))
        log.warning("a message declared Content-Length %d but holds %d bytes", length, size)
        body, self._incoming = tail[:size], tail[size:]
        return body

    def _skip_to_header(self, after: int, why: str) -> None:
        """Drop the incoming bytes up to the next ``Content-Length:`` header after ``after``."""
        found = self._incoming.find(_HEADER, after)
        dropped = max(after, len(self._incoming) - len(_HEADER)) if found == -1 else found
        log.warning("stdio out of step (%s): skipped %d bytes to the next header", why, dropped)
        self._incoming = self._incoming[dropped:]
        if found == -1 and self._ended:
            self._incoming = b""


def well_formed(body: bytes) -> bytes:
    """``body`` as valid UTF-8 JSON holding no lone surrogate (each bad unit -> U+FFFD)."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        log.warning("a message was not UTF-8; its bad bytes became U+FFFD")
        text = body.decode("utf-8", errors="replace")
        body = text.encode("utf-8")
    if not _SURROGATE_ESCAPE.search(body):
        return body
    try:
        message = json.loads(text)
    except ValueError:
        return body  # pygls reports it
    return json.dumps(_without_surrogates(message), ensure_ascii=False).encode("utf-8")


def _without_surrogates(value: object) -> object:
    if isinstance(value, str):
        return _SURROGATE.sub("\ufffd", value)
    if isinstance(value, list):
        return [_without_surrogates(item) for item in value]
    if isinstance(value, dict):
        return {_without_surrogates(k): _without_surrogates(v) for k, v in value.items()}
    return value
