"""The hint catalogues: complete in both languages, consistent, safe to format."""

from __future__ import annotations

import json
import re
from importlib import resources

import pytest

from golive import messages as hints
from golive.errors import EXCEPTION_RULES, UNKNOWN_EXCEPTION, all_rules

PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
HANGUL = re.compile(r"[가-힣]")

POLICY_KEYS = [
    "binance.withdrawals_enabled",
    "binance.reading_disabled",
    "binance.futures_disabled",
    "binance.transfer_enabled",
    "binance.no_ip_restriction",
    "binance.trading_authority_expiring",
    "binance.maintenance",
    "upbit.key_expired",
    "upbit.key_expiring",
    "upbit.withdraw_permission_unreadable",
    "clock.skew_fail",
    "clock.skew_warn",
    "ratelimit.headroom",
    "telegram.chat_not_found",
    "pg.read_only",
    "pg.no_tls",
    "redis.eviction_policy",
    "redis.no_persistence",
    "redis.no_tls",
    "git.tracked",
    "git.not_ignored",
    "git.in_history",
    "git.file_mode",
    "git.not_a_repo",
    "readonly.guard_failed",
]
NAMED_IN_ISSUE = [
    "binance.-2015",
    "binance.-1021",
    "upbit.no_authorization_ip",
    "telegram.401",
    "net.timeout",
    "pg.auth_failed",
]


def raw(lang: str) -> dict[str, dict[str, str]]:
    """The hint entries (reason codes) of one catalogue; plain sentences are in tests/messages."""
    source = resources.files("golive.messages").joinpath(f"{lang}.json").read_text("utf-8")
    loaded: dict[str, object] = json.loads(source)
    return {key: entry for key, entry in loaded.items() if isinstance(entry, dict)}


def test_both_catalogues_have_the_same_hint_entries() -> None:
    assert set(raw("en")) == set(raw("ko"))


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_every_entry_has_a_hint_and_a_next_action(lang: str) -> None:
    for key, entry in raw(lang).items():
        assert set(entry) == {"hint", "next_action"}, key
        assert entry["hint"].strip(), key
        assert entry["next_action"].strip(), key


def test_korean_is_korean() -> None:
    english, korean = raw("en"), raw("ko")
    for key, entry in korean.items():
        assert HANGUL.search(entry["hint"]), key
        assert HANGUL.search(entry["next_action"]), key
        assert entry["hint"] != english[key]["hint"], key


@pytest.mark.parametrize("key", sorted({rule.key for rule in all_rules()}))
def test_every_classifier_rule_has_a_hint(key: str) -> None:
    assert hints.has(key, "en")
    assert hints.has(key, "ko")


RESPONSE_FIELDS = {"status", "code", "name", "ip", "chat_id", "retry_after", "venue"}
EXCEPTION_KEYS = {row.rule.key for row in EXCEPTION_RULES} | {UNKNOWN_EXCEPTION.key}


@pytest.mark.parametrize("key", sorted({rule.key for rule in all_rules()}))
def test_classifier_hints_only_use_fields_the_classifier_fills(key: str) -> None:
    allowed = {"type"} if key in EXCEPTION_KEYS else RESPONSE_FIELDS
    for lang in ("en", "ko"):
        for text in raw(lang)[key].values():
            assert set(PLACEHOLDER.findall(text)) <= allowed, (lang, key)


@pytest.mark.parametrize("key", POLICY_KEYS + NAMED_IN_ISSUE)
def test_policy_and_named_keys_exist(key: str) -> None:
    assert hints.has(key, "en")
    assert hints.has(key, "ko")


def test_minus_2015_lists_three_causes() -> None:
    for lang in ("en", "ko"):
        hint = hints.text("binance.-2015", lang)
        assert hint.index("(1)") < hint.index("(2)") < hint.index("(3)")


def test_withdrawal_fix_gives_the_console_steps() -> None:
    english = hints.lookup("binance.withdrawals_enabled", "en").next_action
    korean = hints.lookup("binance.withdrawals_enabled", "ko").next_action

    for step in ("API Management", "Edit restrictions", "Enable Withdrawals", "Enable Reading"):
        assert step in english
    assert "Enable Futures" in english
    assert "trusted IPs" in english
    for step in ("API 관리", "제한 수정", "출금 활성화", "읽기 활성화", "선물 활성화"):
        assert step in korean


def test_clock_fix_names_the_commands() -> None:
    for lang in ("en", "ko"):
        action = hints.lookup("binance.-1021", lang).next_action
        assert "timedatectl set-ntp true" in action
        assert "chronyc makestep" in action
        assert "recvWindow" in action


def test_upbit_withdraw_permission_names_the_console_checkbox() -> None:
    for lang in ("en", "ko"):
        assert "출금하기" in hints.lookup("upbit.withdraw_permission_unreadable", lang).next_action


def test_text_selects_a_part() -> None:
    entry = hints.lookup("net.timeout", "en")

    assert hints.text("net.timeout", "en") == entry.hint
    assert hints.text("net.timeout.hint", "en") == entry.hint
    assert hints.text("net.timeout.next_action", "en") == entry.next_action


def test_fields_are_filled() -> None:
    text = hints.text("clock.skew_fail", "ko", offset_ms="1500")

    assert "1500ms" in text
    assert "{offset_ms}" not in text


@pytest.mark.parametrize(
    "template",
    ["{missing}", "{a.b} and {0} and {", "}{", "{{double}}", "{ip!r:>10}", ""],
)
def test_fill_never_raises(template: str) -> None:
    assert isinstance(hints.fill(template, {"ip": "1.2.3.4"}), str)


def test_missing_field_stays_as_written() -> None:
    assert hints.text("clock.skew_fail", "en").count("{offset_ms}") == 1


def test_unknown_key_falls_back_to_the_key() -> None:
    assert hints.text("no.such.key", "ko") == "no.such.key"
    entry = hints.lookup("no.such.key", "en")
    assert (entry.hint, entry.next_action) == ("no.such.key", "no.such.key")


def test_unsupported_language_is_english() -> None:
    assert hints.text("net.dns", "fr") == hints.text("net.dns", "en")
    assert hints.text("net.dns", "ko_KR.UTF-8") == hints.text("net.dns", "ko")


def test_missing_korean_entry_falls_back_to_english(monkeypatch: pytest.MonkeyPatch) -> None:
    catalogues = {
        "en": {"only.en": {"hint": "English hint", "next_action": "English action"}},
        "ko": {},
    }
    monkeypatch.setattr(hints, "_load", catalogues.__getitem__)

    assert hints.lookup("only.en", "ko") == hints.HintText("English hint", "English action")
