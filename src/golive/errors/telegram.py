"""The Telegram Bot API: rows by ``description`` and by ``error_code`` / status.

Source: Telegram Bot API, "Making requests" (``ok``, ``error_code``,
``description``, ``parameters.retry_after``, ``parameters.migrate_to_chat_id``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from golive.errors.rules import CLIENT_BUG, DENIED, IK, NET, RATE, UNKNOWN, Rule, StatusTable

TELEGRAM_DESCRIPTIONS: Final[Mapping[str, Rule]] = {
    "chat not found": Rule(DENIED, "telegram.chat_not_found"),
    "chat_id is empty": Rule(UNKNOWN, "telegram.chat_id_empty", headline=CLIENT_BUG),
    "bot was blocked by the user": Rule(DENIED, "telegram.bot_blocked"),
    "bot is not a member": Rule(DENIED, "telegram.not_member"),
    "bot was kicked": Rule(DENIED, "telegram.not_member"),
    "upgraded to a supergroup": Rule(DENIED, "telegram.chat_migrated"),
    "invalid token specified": Rule(IK, "telegram.401"),
    "terminated by other getupdates": Rule(UNKNOWN, "telegram.409"),
}
TELEGRAM_STATUS: Final = StatusTable(
    {
        400: Rule(UNKNOWN, "telegram.400"),
        401: Rule(IK, "telegram.401"),
        403: Rule(DENIED, "telegram.403"),
        404: Rule(IK, "telegram.404"),
        409: Rule(UNKNOWN, "telegram.409"),
        421: Rule(IK, "telegram.421"),
        429: Rule(RATE, "telegram.429"),
    },
    server_error=Rule(NET, "telegram.{status}", "telegram.5xx"),
)
TELEGRAM_UNTIMED: Final[Mapping[str, str]] = {"telegram.429": "telegram.429_untimed"}
"""Hint key -> the one used when a 429 names no ``retry_after`` golive can read."""
