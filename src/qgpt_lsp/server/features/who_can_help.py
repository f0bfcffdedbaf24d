"""``workspace/executeCommand`` ``qgpt.whoCanHelp``: people who know the code, with git evidence.

A selection within one line asks about its definition (:mod:`..ask.widening`). A
client that drops command results (Helix) gets them as a ``window/showMessage`` too.
"""

from __future__ import annotations

from lsprotocol import types

from ..arguments import WhoCanHelpArgs
from ..ask.hints_and_persons import persons_for
from ..ask.widening import widened
from ..boundary import command
from ..redaction import safe_text
from ..results import PersonResult, to_json
from ..server import QGPTLanguageServer

__all__ = ["register", "who_can_help"]


async def who_can_help(ls: QGPTLanguageServer, args: WhoCanHelpArgs) -> object:
    snapshot = ls.files.snapshot(args.uri)
    code = snapshot.text_in(widened(snapshot, args.range)) if args.range else snapshot.text
    if not code.strip():
        code = snapshot.text
    backend = await ls.backend()
    safe = await safe_text(snapshot.path, code)
    persons = await persons_for(backend, safe, snapshot, strict=True)
    ls.people.put(snapshot.uri, code, persons)
    if not ls.shows_command_results:
        ls.tell(_summary(persons), types.MessageType.Info)
    return {"persons": to_json(persons)}


def _summary(persons: list[PersonResult]) -> str:
    """The people in one message, for a client that drops the command's result."""
    if not persons:
        return "who can help: nobody found in the git history of this code"
    named = [
        f"{p.name} <{p.email}>" + (f" ({p.explanation})" if p.explanation else "") for p in persons
    ]
    return "who can help: " + "; ".join(named)


def register(server: QGPTLanguageServer) -> None:
    command(server, "qgpt.whoCanHelp", WhoCanHelpArgs)(who_can_help)
