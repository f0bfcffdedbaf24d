"""``workspace/executeCommand``: ``qgpt.newConversation``, ``qgpt.conversations``,
``qgpt.hints`` and ``qgpt.stop``: conversations and the answers in them.
"""

from __future__ import annotations

from ..arguments import ConversationArgs, NoArgs
from ..ask.hints_and_persons import hints_for
from ..boundary import command
from ..results import ConversationEntry, to_json
from ..server import QGPTLanguageServer
from ..state.saved_conversations import all_conversations, find_conversation

__all__ = ["register"]


async def new_conversation(ls: QGPTLanguageServer, _: NoArgs) -> object:
    return {"conversation": ls.conversations.new().id}


async def conversations(ls: QGPTLanguageServer, _: NoArgs) -> object:
    summaries = [
        ConversationEntry(
            id=conversation.id,
            title=conversation.title,
            updated=conversation.updated.isoformat(),
            messages=[
                {
                    "role": str(message.role),
                    "text": message.text,
                    "timestamp": message.timestamp.value,
                }
                for message in conversation.messages
            ],
        )
        for conversation in await all_conversations(ls)
    ]
    return to_json(summaries)


async def hints(ls: QGPTLanguageServer, args: ConversationArgs) -> object:
    """The last answer's hints; when it had none, asked again from the backend with
    the items that answer used."""
    conversation = await find_conversation(ls, args.conversation)
    last = conversation.last
    if last is None:
        return []
    if not last.hints and last.answer:
        backend = await ls.backend()
        last.hints = await hints_for(backend, last.relevant, last.question, last.answer)
    return list(last.hints)


async def stop(ls: QGPTLanguageServer, args: ConversationArgs) -> object:
    await find_conversation(ls, args.conversation)
    return {"stopped": await ls.answers.stop_conversation(args.conversation)}


def register(server: QGPTLanguageServer) -> None:
    command(server, "qgpt.newConversation", NoArgs)(new_conversation)
    command(server, "qgpt.conversations", NoArgs)(conversations)
    command(server, "qgpt.hints", ConversationArgs)(hints)
    command(server, "qgpt.stop", ConversationArgs)(stop)
