"""Helpers for the verdict tests (issue 10): a live workspace on the simulator, bundles."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from golive.checks import all_checks

if TYPE_CHECKING:
    from tests.support.workspace import Workspace

REGISTERED = tuple(c.id for c in all_checks())
LOCAL_CHECKS = ("env_file", "required_keys", "read_only", "git_safety")


def only_bundle(workspace: Workspace) -> dict[str, Any]:
    [bundle] = workspace.bundles()
    return json.loads((bundle / "result.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def statuses(data: dict[str, Any]) -> dict[str, str]:
    return {c["id"]: c["status"] for c in data["checks"]}


def check(data: dict[str, Any], check_id: str) -> dict[str, Any]:
    return next(c for c in data["checks"] if c["id"] == check_id)  # type: ignore[no-any-return]
