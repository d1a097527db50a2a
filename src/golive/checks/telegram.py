"""``telegram``: the bot token is valid and the bot can reach the alert chat. Sends nothing.

``getMe`` proves the token (and gives the bot's username); ``getChat`` with
``TELEGRAM_CHAT_ID`` proves the bot can see the chat it will alert;
``getChatMember(chat_id, <the bot's id>)`` proves it may post there: a member
(or the creator), or in a channel an administrator with ``can_post_messages``.
Otherwise the kill switch's alerts would be lost: FAIL ``telegram.cannot_post``.
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


POSTING = frozenset({"creator", "administrator", "member"})
"""ChatMember statuses that may post in a private chat, group or supergroup."""


def can_post(member: dict[str, Any], chat_type: object) -> bool:
    """Whether the bot's ChatMember may send messages in a chat of ``chat_type``."""
    status = member.get("status")
    if chat_type == "channel":
        return status == "creator" or (
            status == "administrator" and member.get("can_post_messages") is True
        )
    if status == "restricted":
        return member.get("is_member") is True and member.get("can_send_messages") is True
    return status in POSTING


def _cannot_post(member: dict[str, Any], seen: dict[str, Any], ctx: CheckContext) -> Outcome:
    fields = {"status": str(member.get("status")), "chat": str(seen.get("id"))}
    text = hints.lookup("telegram.cannot_post", ctx.lang, **fields)
    return Outcome.fail(
        hints.text("check.telegram.cannot_post", ctx.lang, **fields),
        error_type=ErrorType.PERMISSION_DENIED,
        reason="telegram.cannot_post",
        hint=text.hint,
        next_action=text.next_action,
        details={"chat_type": seen.get("type"), "member_status": member.get("status")},
    )


def _verdict(me: Reply, chat: Reply, membership: Reply, ctx: CheckContext) -> Outcome:
    bot, seen, member = _result(me, ctx), _result(chat, ctx), _result(membership, ctx)
    if not can_post(member, seen.get("type")):
        return _cannot_post(member, seen, ctx)
    details: dict[str, JSONValue] = {
        "bot_username": bot.get("username"),
        "is_bot": bot.get("is_bot"),
        "chat_id": seen.get("id"),
        "chat_type": seen.get("type"),
        "chat_title": seen.get("title") or seen.get("username"),
        "member_status": member.get("status"),
    }
    message = hints.text(
        "check.telegram.passed",
        ctx.lang,
        bot=str(bot.get("username")),
        chat=str(seen.get("id")),
        kind=str(seen.get("type")),
    )
    busy = headroom_warning([me.usage, chat.usage, membership.usage], ctx, details)
    return busy or Outcome.passed(message, **details)


async def run(ctx: CheckContext) -> Outcome:
    skipped = credential_problem(ctx, "TELEGRAM_BOT_TOKEN", "TELEGRAM_CHAT_ID")
    if skipped is not None:
        return skipped
    token = ctx.profile.get("TELEGRAM_BOT_TOKEN")
    if not is_token_shaped(token):
        return _bad_shape(ctx)
    chat_id = ("chat_id", ctx.profile.get("TELEGRAM_CHAT_ID").strip())
    bot_id = ("user_id", token.split(":", 1)[0])  # a token is <the bot's id>:<secret>
    reads = [
        method(token, "getMe"),
        method(token, "getChat", chat_id),
        method(token, "getChatMember", chat_id, bot_id),
    ]
    deadline = Deadline.for_timeout(ctx.clock, ctx.timeout)
    try:
        async with client_factory(ctx)("telegram", timeout=ctx.timeout) as client:
            me, chat, member = await read_together(
                [(client, e) for e in reads], deadline, lang=ctx.lang
            )
        return _verdict(me, chat, member, ctx)
    except ReadError as failed:
        return failure_outcome(failed, ctx)


CHECK = Check(
    id="telegram",
    title_key="check.telegram.title",
    description_key="check.telegram.description",
    run=run,
    venues=("telegram",),
)
