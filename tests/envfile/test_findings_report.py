"""report.findings: the text and JSON renderers for env findings."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from golive.config import DEFAULT_REQUIRED_KEYS
from golive.envfiles.lint import Finding, Severity, validate
from golive.envfiles.read import EnvFile, parse_text
from golive.report.findings import render_findings_json, render_findings_text

PATH = Path("/srv/bot/.env.live")
SECRET = "BnS3cKq2Lm9Zx4Wc8Rv1Tb6Yn3Pe5Hd0GfJu2Ki8Ol7"
ACCESS = "Bn7ApKq2Lm9Zx4Wc8Rv1Tb6Yn3Pe5Hd0GfJu2Ki8"
FINDINGS = [
    Finding("BINANCE_API_KEY", 3, Severity.WARNING, "duplicate_key", "set twice; line 3 wins"),
    Finding("BINANCE_API_SECRET", 12, Severity.ERROR, "placeholder", "value looks like `your_…`"),
    Finding("REDIS_URL", None, Severity.ERROR, "missing_key", "required"),
]


def env_of(text: str) -> EnvFile:
    entries, malformed = parse_text(text)
    return EnvFile(PATH, entries, malformed, had_bom=False, crlf=False)


def test_text_has_one_line_per_finding_and_a_summary() -> None:
    text = render_findings_text(PATH, "live", FINDINGS, verbose=False, env=None)
    lines = text.splitlines()
    assert lines[0] == "/srv/bot/.env.live (profile live)"
    assert lines[1:4] == [
        "  line 3   warning  BINANCE_API_KEY     duplicate_key: set twice; line 3 wins",
        "  line 12  error    BINANCE_API_SECRET  placeholder: value looks like `your_…`",
        "  -        error    REDIS_URL           missing_key: required",
    ]
    assert lines[4] == "2 errors, 1 warning"
    assert "\x1b" not in text


def test_summary_singular_and_zero() -> None:
    assert render_findings_text(PATH, "live", [], verbose=False, env=None).endswith(
        "0 errors, 0 warnings"
    )
    one = [FINDINGS[2]]
    assert render_findings_text(PATH, "live", one, verbose=False, env=None).endswith(
        "1 error, 0 warnings"
    )


def test_verbose_lists_keys_masked_with_their_status() -> None:
    env = env_of(
        f"ARBITRAGE_ENV=live\nBINANCE_API_KEY={ACCESS}\nBINANCE_API_SECRET={SECRET}\n"
        "REDIS_URL=redis://:R3dis7Secret9Pass@cache:6379/0\nSHORT_TOKEN=abc\n"
    )
    findings = [Finding("BINANCE_API_SECRET", 3, Severity.ERROR, "placeholder", "bad")]
    text = render_findings_text(PATH, "live", findings, verbose=True, env=env)
    assert SECRET not in text
    assert "R3dis7Secret9Pass" not in text
    assert "abc" not in text
    listing = text.split("Loaded keys:\n", 1)[1].splitlines()
    digest = hashlib.sha256(SECRET.encode()).hexdigest()[:8]
    assert listing == [
        "  line 1  ARBITRAGE_ENV       OK       live",
        "  line 2  BINANCE_API_KEY     OK       Bn7A…2Ki8",
        f"  line 3  BINANCE_API_SECRET  error    **** ({len(SECRET)} chars, sha256:{digest})",
        "  line 4  REDIS_URL           OK       redis://:****@cache:6379/0",
        "  line 5  SHORT_TOKEN         OK       **** (3 chars)",
    ]


def test_verbose_does_not_list_a_pasted_bare_word() -> None:
    env = env_of(f"A=1\n{SECRET}\n")
    found = validate(env, "local_dev", DEFAULT_REQUIRED_KEYS["local_dev"])
    text = render_findings_text(PATH, "local_dev", found, verbose=True, env=env)
    assert SECRET not in text


def test_control_characters_cannot_reach_the_terminal() -> None:
    finding = Finding("K\x1b[31m", 1, Severity.ERROR, "bad_format", "oops\x1b[0m\nnext")
    text = render_findings_text(PATH, "live", [finding], verbose=False, env=None)
    assert "\x1b" not in text
    assert len(text.splitlines()) == 3


def test_json_shape() -> None:
    data = json.loads(render_findings_json(PATH, "live", FINDINGS))
    assert list(data) == ["file", "profile", "lang", "findings"]
    assert data["file"] == str(PATH)
    assert data["profile"] == "live"
    assert data["lang"] == "en"
    assert data["findings"][0] == {
        "key": "BINANCE_API_KEY",
        "line": 3,
        "severity": "warning",
        "code": "duplicate_key",
        "message": "set twice; line 3 wins",
    }
    assert data["findings"][2]["line"] is None
    assert render_findings_json(PATH, "live", []).startswith('{\n  "file"')
