"""The Telegram Bot API (``/bot<token>/<method>``) on the wire.

A malformed path or token is 404 ``Not Found``, a wrong token 401
``Unauthorized``, an unknown chat 400 ``Bad Request: chat not found``, flood
control 429 with ``parameters.retry_after`` and ``Retry-After``. Method names
are case-insensitive; parameters come from the query, a form or a JSON body.
"""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING

from golive.sim.auth import TELEGRAM_TOKEN_FORMAT
from golive.sim.scenarios import Fault
from golive.sim.state import RETRY_AFTER_429_S, SimState
from golive.sim.venues import TELEGRAM_PATH, Venue
from golive.sim.wire import HTML, NGINX_502, Answer, Incoming, json_answer

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from golive.sim.accounts import TelegramChat

FORBIDDEN_PAGE = (
    "<html>\r\n<head><title>403 Forbidden</title></head>\r\n<body>\r\n"
    "<center><h1>403 Forbidden</h1></center>\r\n</body>\r\n</html>\r\n"
)
TOKEN_FAULTS = (Fault.INVALID_KEY, Fault.BAD_SIGNATURE, "bad_token")


def failure(code: int, description: str, **extra: object) -> Answer:
    return json_answer(code, {"ok": False, "error_code": code, "description": description, **extra})


def success(result: object) -> Answer:
    return json_answer(200, {"ok": True, "result": result})


def _user(state: SimState) -> dict[str, object]:
    bot = state.accounts.telegram
    return {
        "id": bot.bot_id,
        "is_bot": True,
        "first_name": bot.first_name,
        "username": bot.username,
    }


def _get_me(params: Mapping[str, str], state: SimState) -> Answer:
    return success(
        {
            **_user(state),
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }
    )


def _chat(chat: TelegramChat) -> dict[str, object]:
    fields = {"title": chat.title, "first_name": chat.first_name, "username": chat.username}
    return {"id": chat.id, "type": chat.type, **{k: v for k, v in fields.items() if v is not None}}


def _find_chat(params: Mapping[str, str], state: SimState) -> TelegramChat | Answer:
    chat_id = params.get("chat_id", "").strip()
    if not chat_id:
        return failure(400, "Bad Request: chat_id is empty")
    chat = state.accounts.telegram.chat(chat_id)
    if chat is None or state.is_active("telegram.chat_not_found"):
        return failure(400, "Bad Request: chat not found")
    return chat


def _get_chat(params: Mapping[str, str], state: SimState) -> Answer:
    chat = _find_chat(params, state)
    if isinstance(chat, Answer):
        return chat
    gifts = ("unlimited_gifts", "limited_gifts", "unique_gifts", "premium_subscription")
    return success(
        {
            **_chat(chat),
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": dict.fromkeys(gifts, True),
        }
    )


def _member_status(chat: TelegramChat, state: SimState) -> dict[str, object]:
    """The bot's membership: a member in a private chat or group, a posting channel admin."""
    if state.is_active("telegram.cannot_post"):
        return {"status": "left"}
    if chat.type == "channel":
        return {"status": "administrator", "can_be_edited": False, "can_post_messages": True}
    return {"status": "member"}


def _get_chat_member(params: Mapping[str, str], state: SimState) -> Answer:
    """``getChatMember`` (core.telegram.org/bots/api#getchatmember): a ChatMember object."""
    chat = _find_chat(params, state)
    if isinstance(chat, Answer):
        return chat
    user_id = params.get("user_id", "").strip()
    if not user_id.lstrip("-").isdigit():
        return failure(400, "Bad Request: invalid user_id specified")
    if int(user_id) != state.accounts.telegram.bot_id:
        return failure(400, "Bad Request: user not found")
    return success({"user": _user(state), **_member_status(chat, state)})


def _send_message(params: Mapping[str, str], state: SimState) -> Answer:
    chat = _find_chat(params, state)
    if isinstance(chat, Answer):
        return chat
    if not params.get("text", "").strip():
        return failure(400, "Bad Request: message text is empty")
    return success(
        {
            "message_id": secrets.randbelow(1_000_000) + 1,
            "from": _user(state),
            "chat": _chat(chat),
            "date": state.now_ms(Venue.TELEGRAM) // 1000,
            "text": params["text"],
        }
    )


METHODS: Mapping[str, Callable[[Mapping[str, str], SimState], Answer]] = {
    "getme": _get_me,
    "getchat": _get_chat,
    "getchatmember": _get_chat_member,
    "sendmessage": _send_message,
}


def _token_ok(token: str, state: SimState) -> bool:
    if any(state.fault(Venue.TELEGRAM, fault) for fault in TOKEN_FAULTS):
        return False
    return token == state.accounts.telegram.token


def handle(req: Incoming, state: SimState, venue: Venue) -> Answer:
    if state.fault(venue, Fault.IP_NOT_ALLOWED):
        return Answer(403, FORBIDDEN_PAGE.encode(), HTML)
    match = TELEGRAM_PATH.match(req.path)
    if match is None or not TELEGRAM_TOKEN_FORMAT.match(match["token"]):
        return failure(404, "Not Found")
    if not _token_ok(match["token"], state):
        return failure(401, "Unauthorized")
    method = METHODS.get(match["method"].lower())
    if method is None:
        return failure(404, "Not Found")
    return method(req.form(), state)


# --- faults -----------------------------------------------------------------


def _malformed(req: Incoming, state: SimState, venue: Venue) -> Answer | None:
    return Answer(502, NGINX_502.encode(), HTML)


def _maintenance(req: Incoming, state: SimState, venue: Venue) -> Answer | None:
    return failure(500, "Internal Server Error")


def _rate_limited(req: Incoming, state: SimState, venue: Venue) -> Answer | None:
    wait = RETRY_AFTER_429_S
    answer = failure(
        429, f"Too Many Requests: retry after {wait}", parameters={"retry_after": wait}
    )
    return answer.with_headers(("Retry-After", str(wait)))


FAULTS: Mapping[Fault, Callable[[Incoming, SimState, Venue], Answer | None]] = {
    Fault.MALFORMED: _malformed,
    Fault.MAINTENANCE: _maintenance,
    Fault.RATE_LIMITED: _rate_limited,
}
