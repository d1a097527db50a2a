"""docs/architecture.md draws the same layers as the import-linter contracts enforce."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "architecture.md"


def contract_layers() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    (layers,) = [c["layers"] for c in contracts if c["type"] == "layers"]
    return [str(layer) for layer in layers]


def diagram_layers() -> list[str]:
    """The lines of the first fenced block under ``## Layers``."""
    section = DOC.read_text("utf-8").split("## Layers", 1)[1]
    found = re.search(r"```\n(.*?)```", section, re.DOTALL)
    assert found is not None, "no diagram under ## Layers"
    return [line.strip() for line in found.group(1).splitlines() if line.strip()]


def test_the_diagram_is_the_contract() -> None:
    assert diagram_layers() == contract_layers()


def test_every_top_level_package_is_placed() -> None:
    """Each module or package under src/golive is named in the layer diagram or the tables."""
    doc = DOC.read_text("utf-8")
    names = {
        path.stem if path.is_file() else path.name
        for path in (ROOT / "src" / "golive").iterdir()
        if (path.suffix == ".py" or (path / "__init__.py").exists()) and path.stem != "__init__"
    } - {"__main__"}
    missing = sorted(name for name in names if not re.search(rf"`{name}(\.py|/|`)", doc))
    assert missing == []
