"""``telegram``: the bot token is valid and the bot can reach the alert chat. Sends nothing.

``getMe`` proves the token (and gives the bot's username); ``getChat`` with
``TELEGRAM_CHAT_ID`` proves the bot can see the chat it will alert.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from golive import messages as hints
from golive.exchanges.outcomes import credential_problem, failure_outcome, headroom_warning
from golive.exchanges.request import Deadline, ReadError, malformed, read_together
from golive.exchanges.session import client_factory
from golive.exchanges.telegram import is_token_shaped, method
from golive.model import Check, ErrorType, Outcome

if TYPE_CHECKING:
    from golive.exchanges.request import Reply
    from golive.model import CheckContext, JSONValue


def _result(reply: Reply, ctx: CheckContext) -> dict[str, Any]:
    data = reply.data if isinstance(reply.data, dict) else {}
    if data.get("ok") is not True or not isinstance(data.get("result"), dict):
        raise malformed(reply.endpoint, "no {ok: true, result: {...}} envelope", lang=ctx.lang)
    result: dict[str, Any] = data["result"]
    return result


def _bad_shape(ctx: CheckContext) -> Outcome:
    text = hints.lookup("telegram.401", ctx.lang)
    return Outcome.fail(
        hints.text("check.telegram.token_shape", ctx.lang),
        error_type=ErrorType.INVALID_KEY,
        reason="telegram.token_format",
        hint=text.hint,
        next_action=text.next_action,
    )


def _verdict(me: Reply, chat: Reply, ctx: CheckContext) -> Outcome:
    bot, seen = _result(me, ctx), _result(chat, ctx)
    details: dict[str, JSONValue] = {
        "bot_username": bot.get("username"),
        "is_bot": bot.get("is_bot"),
        "chat_id": seen.get("id"),
        "chat_type": seen.get("type"),
        "chat_title": seen.get("title") or seen.get("username"),
    }
    message = hints.text(
        "check.telegram.passed",
        ctx.lang,
        bot=str(bot.get("username")),
        chat=str(seen.get("id")),
        kind=str(seen.get("type")),
    )
    busy = headroom_warning([me.usage, chat.usage], ctx, details)
    return busy or Outcome.passed(message, **details)


async def run(ctx: CheckContext) -> Outcome:
    skipped = credential_problem(ctx, "TELEGRAM_BOT_TOKEN", "TELEGRAM_CHAT_ID")
    if skipped is not None:
        return skipped
    token = ctx.profile.get("TELEGRAM_BOT_TOKEN")
    if not is_token_shaped(token):
        return _bad_shape(ctx)
    get_chat = method(token, "getChat", ("chat_id", ctx.profile.get("TELEGRAM_CHAT_ID").strip()))
    deadline = Deadline.for_timeout(ctx.clock, ctx.timeout)
    try:
        async with client_factory(ctx)("telegram", timeout=ctx.timeout) as client:
            pairs = [(client, method(token, "getMe")), (client, get_chat)]
            me, chat = await read_together(pairs, deadline, lang=ctx.lang)
        return _verdict(me, chat, ctx)
    except ReadError as failed:
        return failure_outcome(failed, ctx)


CHECK = Check(
    id="telegram",
    title="Telegram alerts",
    description="The bot token works (getMe) and the bot can reach TELEGRAM_CHAT_ID (getChat).",
    run=run,
)
