"""Language resolution: --lang, then GOLIVE_LANG, then the locale, then English."""

from __future__ import annotations

import pytest

from golive.messages.lang import resolve_lang


@pytest.mark.parametrize(
    ("explicit", "environ", "expected"),
    [
        (None, {}, "en"),
        ("ko", {}, "ko"),
        ("en", {"GOLIVE_LANG": "ko", "LANG": "ko_KR.UTF-8"}, "en"),
        ("KO", {}, "ko"),
        ("ko-KR", {}, "ko"),
        (None, {"GOLIVE_LANG": "ko"}, "ko"),
        (None, {"GOLIVE_LANG": "en", "LANG": "ko_KR.UTF-8"}, "en"),
        (None, {"GOLIVE_LANG": "fr", "LANG": "ko_KR.UTF-8"}, "ko"),  # unsupported: ignored
        (None, {"GOLIVE_LANG": "", "LANG": "ko_KR.UTF-8"}, "ko"),
        (None, {"LANG": "ko_KR.UTF-8"}, "ko"),
        (None, {"LANG": "en_US.UTF-8"}, "en"),
        (None, {"LC_MESSAGES": "ko_KR.UTF-8", "LANG": "en_US.UTF-8"}, "ko"),
        (None, {"LC_ALL": "ko_KR.UTF-8", "LANG": "en_US.UTF-8"}, "ko"),
        (None, {"LC_ALL": "C", "LANG": "ko_KR.UTF-8"}, "en"),  # POSIX: LC_ALL wins
        (None, {"LC_ALL": "", "LANG": "ko"}, "ko"),
        (None, {"LANG": "C.UTF-8"}, "en"),
    ],
)
def test_resolution_order(explicit: str | None, environ: dict[str, str], expected: str) -> None:
    assert resolve_lang(explicit, environ) == expected


@pytest.mark.parametrize("value", ["fr", "", "korean", "x"])
def test_unsupported_explicit_value_is_an_error(value: str) -> None:
    with pytest.raises(ValueError, match="unsupported language") as raised:
        resolve_lang(value, {})

    assert "\n" not in str(raised.value)


def test_environment_is_read_at_call_time(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("GOLIVE_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    assert resolve_lang() == "en"

    monkeypatch.setenv("LANG", "ko_KR.UTF-8")
    assert resolve_lang() == "ko"

    monkeypatch.setenv("GOLIVE_LANG", "en")
    assert resolve_lang() == "en"
