"""The Telegram Bot API through a real socket."""

from __future__ import annotations

from typing import TYPE_CHECKING

import httpx
import pytest

from tests.support.simulator import telegram_url

if TYPE_CHECKING:
    from golive.sim.server import RunningSimulator


def test_get_me(sim: RunningSimulator) -> None:
    body = httpx.get(telegram_url(sim, "getMe")).json()
    assert body["ok"] is True
    user = body["result"]
    assert user["is_bot"] is True
    assert user["id"] == int(sim.state.credentials.telegram_bot_token.split(":")[0])
    assert {"first_name", "username", "can_join_groups", "supports_inline_queries"} <= set(user)


def test_methods_are_case_insensitive_and_accept_post(sim: RunningSimulator) -> None:
    assert httpx.post(telegram_url(sim, "GETME")).json()["ok"] is True


@pytest.mark.parametrize("how", ["query", "form", "json"])
def test_get_chat_full_info(sim: RunningSimulator, how: str) -> None:
    chat_id = sim.state.credentials.telegram_chat_id
    url = telegram_url(sim, "getChat")
    if how == "query":
        response = httpx.get(url, params={"chat_id": chat_id})
    elif how == "form":
        response = httpx.post(url, data={"chat_id": str(chat_id)})
    else:
        response = httpx.post(url, json={"chat_id": chat_id})
    chat = response.json()["result"]
    assert chat["id"] == chat_id
    assert chat["type"] == "private"
    assert {"accent_color_id", "max_reaction_count", "accepted_gift_types"} <= set(chat)


def test_get_chat_by_username_and_group(sim: RunningSimulator) -> None:
    assert httpx.get(telegram_url(sim, "getChat?chat_id=@op")).json()["ok"] is True
    group = httpx.get(telegram_url(sim, "getChat?chat_id=-1001234567890")).json()["result"]
    assert group["type"] == "supergroup"
    assert "title" in group


@pytest.mark.parametrize(
    ("query", "description"),
    [("chat_id=1", "Bad Request: chat not found"), ("", "Bad Request: chat_id is empty")],
)
def test_get_chat_errors(sim: RunningSimulator, query: str, description: str) -> None:
    response = httpx.get(telegram_url(sim, f"getChat?{query}"))
    assert response.status_code == 400
    assert response.json() == {"ok": False, "error_code": 400, "description": description}


def test_send_message_is_mutating_and_logged(sim: RunningSimulator) -> None:
    chat_id = sim.state.credentials.telegram_chat_id
    response = httpx.post(telegram_url(sim, "sendMessage"), json={"chat_id": chat_id, "text": "hi"})
    message = response.json()["result"]
    assert message["text"] == "hi"
    assert message["chat"]["id"] == chat_id
    (entry,) = sim.state.requests()
    assert entry.mutating
    assert entry.path == "/bot***/sendMessage"
    assert sim.state.credentials.telegram_bot_token not in repr(sim.state.requests())


def test_send_message_needs_text(sim: RunningSimulator) -> None:
    chat_id = sim.state.credentials.telegram_chat_id
    response = httpx.post(telegram_url(sim, "sendMessage"), json={"chat_id": chat_id})
    assert response.json()["description"] == "Bad Request: message text is empty"


def test_wrong_token_is_401(sim: RunningSimulator) -> None:
    response = httpx.get(sim.url("/bot123456:" + "x" * 35 + "/getMe"))
    assert response.status_code == 401
    assert response.json() == {"ok": False, "error_code": 401, "description": "Unauthorized"}


@pytest.mark.parametrize(
    "path", ["/botnotatoken/getMe", "/bot/getMe", "/bot123:abc", "/bot123:abc/get/Me"]
)
def test_malformed_path_is_404(sim: RunningSimulator, path: str) -> None:
    response = httpx.get(sim.url(path))
    assert response.status_code == 404
    assert response.json() == {"ok": False, "error_code": 404, "description": "Not Found"}


def test_unknown_method_is_404(sim: RunningSimulator) -> None:
    assert httpx.get(telegram_url(sim, "getNothing")).status_code == 404


@pytest.mark.parametrize(
    "scenario", ["telegram.bad_token", "telegram.invalid_key", "telegram.bad_signature"]
)
def test_token_scenarios(sim: RunningSimulator, scenario: str) -> None:
    sim.state.set_scenarios([scenario])
    assert httpx.get(telegram_url(sim, "getMe")).status_code == 401


def test_chat_not_found_scenario(sim: RunningSimulator) -> None:
    sim.state.set_scenarios(["telegram.chat_not_found"])
    chat_id = sim.state.credentials.telegram_chat_id
    response = httpx.get(telegram_url(sim, f"getChat?chat_id={chat_id}"))
    assert response.json()["description"] == "Bad Request: chat not found"
    assert httpx.get(telegram_url(sim, "getMe")).status_code == 200


def test_rate_limited(sim: RunningSimulator) -> None:
    sim.state.set_scenarios(["telegram.rate_limited"])
    response = httpx.get(telegram_url(sim, "getMe"))
    assert response.status_code == 429
    assert response.headers["Retry-After"] == "1"
    assert response.json() == {
        "ok": False,
        "error_code": 429,
        "description": "Too Many Requests: retry after 1",
        "parameters": {"retry_after": 1},
    }


@pytest.mark.parametrize(
    ("scenario", "status", "content_type"),
    [
        ("telegram.maintenance", 500, "application/json"),
        ("telegram.malformed", 502, "text/html"),
        ("telegram.ip_not_allowed", 403, "text/html"),
    ],
)
def test_error_scenarios(
    sim: RunningSimulator, scenario: str, status: int, content_type: str
) -> None:
    sim.state.set_scenarios([scenario])
    response = httpx.get(telegram_url(sim, "getMe"))
    assert response.status_code == status
    assert response.headers["content-type"].startswith(content_type)
