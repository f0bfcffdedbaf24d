"""``workspace/executeCommand`` ``qgpt.whoCanHelp``: people who know the code, with git evidence."""

from __future__ import annotations

from ..arguments import WhoCanHelpArgs
from ..ask.hints_and_persons import persons_for
from ..boundary import command
from ..redaction import safe_text
from ..results import to_json
from ..server import QGPTLanguageServer

__all__ = ["register", "who_can_help"]


async def who_can_help(ls: QGPTLanguageServer, args: WhoCanHelpArgs) -> object:
    snapshot = ls.files.snapshot(args.uri)
    code = snapshot.text_in(args.range) if args.range else snapshot.text
    if not code.strip():
        code = snapshot.text
    backend = await ls.backend()
    safe = await safe_text(snapshot.path, code)
    persons = await persons_for(backend, safe, snapshot, strict=True)
    ls.people.put(snapshot.uri, code, persons)
    return {"persons": to_json(persons)}


def register(server: QGPTLanguageServer) -> None:
    command(server, "qgpt.whoCanHelp", WhoCanHelpArgs)(who_can_help)
