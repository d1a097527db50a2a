"""``golive checks``: list the check ids with one-line descriptions."""

from __future__ import annotations


def list_checks() -> int:
    """List every check id with what it proves."""
    from golive.checks import all_checks

    checks = all_checks(opt_in=True)
    width = max(len(c.id) for c in checks)
    for check in checks:
        needs = f"  (after {', '.join(check.requires)})" if check.requires else ""
        print(f"{check.id:<{width}}  {check.description}{needs}")
    return 0
