"""The simulated accounts: one Binance account, one Upbit account and one Telegram bot.

Credentials are random per run unless given (:class:`SimCredentials`). Balances,
permissions and chats are fixed data; scenarios change what the venues report
about them at request time, never the records themselves.
"""

from __future__ import annotations

import secrets
import string
from dataclasses import dataclass, field
from enum import StrEnum

from golive.sim.binance_keys import BinanceKeyType
from golive.sim.binance_keys import generate as generate_key_pair

_ALNUM = string.ascii_letters + string.digits
_TOKEN_CHARS = _ALNUM + "_-"


def _random(alphabet: str, length: int) -> str:
    return "".join(secrets.choice(alphabet) for _ in range(length))


def random_telegram_token() -> str:
    """``<bot id>:<35 chars of [A-Za-z0-9_-]>``, the shape of a real token."""
    bot_id = secrets.choice("123456789") + _random(string.digits, 9)
    return f"{bot_id}:{_random(_TOKEN_CHARS, 35)}"


@dataclass(frozen=True)
class SimCredentials:
    """Everything a client needs to authenticate against the simulator.

    ``binance_public_key_pem`` turns the Binance key into an Ed25519 or RSA key
    (whichever the PEM holds): signatures are then base64 over the payload,
    verified with that public key, and ``binance_api_secret`` holds the private
    key PEM for the client (the simulator never uses it).
    """

    binance_api_key: str
    binance_api_secret: str
    upbit_access_key: str
    upbit_secret_key: str
    telegram_bot_token: str
    telegram_chat_id: int
    binance_public_key_pem: str | None = None

    @classmethod
    def generate(cls, binance_key_type: BinanceKeyType = BinanceKeyType.HMAC) -> SimCredentials:
        """Random credentials; an Ed25519 or RSA Binance key gets a fresh key pair."""
        secret, public = _random(_ALNUM, 64), None
        if binance_key_type is not BinanceKeyType.HMAC:
            pair = generate_key_pair(binance_key_type)
            secret, public = pair.private_pem, pair.public_pem
        return cls(
            binance_api_key=_random(_ALNUM, 64),
            binance_api_secret=secret,
            binance_public_key_pem=public,
            upbit_access_key=_random(_ALNUM, 40),
            upbit_secret_key=_random(_ALNUM, 40),
            telegram_bot_token=random_telegram_token(),
            telegram_chat_id=secrets.randbelow(8_999_999_999) + 1_000_000_000,
        )


@dataclass(frozen=True)
class BinanceRestrictions:
    """The key's ``apiRestrictions`` flags in the healthy state: least privilege for the bot."""

    ipRestrict: bool = True  # noqa: N815 - wire names
    enableReading: bool = True  # noqa: N815
    enableWithdrawals: bool = False  # noqa: N815
    enableInternalTransfer: bool = False  # noqa: N815
    enableMargin: bool = False  # noqa: N815
    enableFutures: bool = True  # noqa: N815
    permitsUniversalTransfer: bool = False  # noqa: N815
    enableVanillaOptions: bool = False  # noqa: N815
    enableFixApiTrade: bool = False  # noqa: N815
    enableFixReadOnly: bool = False  # noqa: N815
    enableSpotAndMarginTrading: bool = False  # noqa: N815
    enablePortfolioMarginTrading: bool = False  # noqa: N815


@dataclass(frozen=True)
class BinanceAccount:
    api_key: str
    api_secret: str
    public_key_pem: str | None
    """Ed25519 or RSA public key (SubjectPublicKeyInfo PEM); None for an HMAC key."""
    create_time_ms: int
    restrictions: BinanceRestrictions = field(default_factory=BinanceRestrictions)
    allowed_ips: tuple[str, ...] | None = None
    """The IP whitelist; None lets the caller's IP through (``ip_not_allowed`` blocks it)."""
    spot_balances: tuple[tuple[str, str, str], ...] = (
        ("BTC", "0.01000000", "0.00000000"),
        ("USDT", "1000.00000000", "0.00000000"),
        ("BNB", "0.50000000", "0.00000000"),
    )
    """(asset, free, locked)"""
    futures_balances: tuple[tuple[str, str], ...] = (
        ("USDT", "5000.00000000"),
        ("BNB", "0.00000000"),
    )
    """(asset, wallet balance)"""
    dual_side_position: bool = False
    multi_assets_margin: bool = False


class UpbitScope(StrEnum):
    VIEW_ACCOUNT = "view-account"
    VIEW_ORDERS = "view-orders"
    MAKE_ORDERS = "make-orders"
    VIEW_WITHDRAWS = "view-withdraws"
    MAKE_WITHDRAWS = "make-withdraws"
    VIEW_DEPOSITS = "view-deposits"
    MAKE_DEPOSITS = "make-deposits"


HEALTHY_UPBIT_SCOPES = frozenset(
    {UpbitScope.VIEW_ACCOUNT, UpbitScope.VIEW_ORDERS, UpbitScope.MAKE_ORDERS}
)


@dataclass(frozen=True)
class UpbitAccount:
    access_key: str
    secret_key: str
    expire_in_days: int = 180
    scopes: frozenset[UpbitScope] = HEALTHY_UPBIT_SCOPES
    allowed_ips: tuple[str, ...] | None = None
    """Registered IPs; None lets the caller's IP through (``ip_not_allowed`` blocks it)."""
    balances: tuple[tuple[str, str, str, str], ...] = (
        ("KRW", "1000000.0", "0.0", "0"),
        ("BTC", "0.01", "0.0", "95000000"),
        ("USDT", "100.0", "0.0", "1380"),
    )
    """(currency, balance, locked, avg_buy_price)"""


@dataclass(frozen=True)
class TelegramChat:
    id: int
    type: str
    title: str | None = None
    first_name: str | None = None
    username: str | None = None


@dataclass(frozen=True)
class TelegramBot:
    token: str
    username: str = "golive_sim_bot"
    first_name: str = "golive simulator"
    chats: tuple[TelegramChat, ...] = ()

    @property
    def bot_id(self) -> int:
        return int(self.token.split(":", 1)[0])

    def chat(self, chat_id: str) -> TelegramChat | None:
        """Find a chat by numeric id or ``@username``."""
        for chat in self.chats:
            if chat_id in (str(chat.id), f"@{chat.username}"):
                return chat
        return None


@dataclass(frozen=True)
class Accounts:
    binance: BinanceAccount
    upbit: UpbitAccount
    telegram: TelegramBot

    @classmethod
    def from_credentials(cls, creds: SimCredentials, now_ms: int) -> Accounts:
        chats = (
            TelegramChat(creds.telegram_chat_id, "private", first_name="Operator", username="op"),
            TelegramChat(-1001234567890, "supergroup", title="golive alerts"),
        )
        return cls(
            binance=BinanceAccount(
                api_key=creds.binance_api_key,
                api_secret=creds.binance_api_secret,
                public_key_pem=creds.binance_public_key_pem,
                create_time_ms=now_ms - 30 * 86_400_000,
            ),
            upbit=UpbitAccount(
                access_key=creds.upbit_access_key, secret_key=creds.upbit_secret_key
            ),
            telegram=TelegramBot(token=creds.telegram_bot_token, chats=chats),
        )
