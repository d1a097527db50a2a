"""Secrets committed encoded or compressed (issue 11, point 11), in a real repository.

A Kubernetes Secret manifest holds the value base64-encoded; a backup may be gzipped. The
history scan looks for the base64 (standard and URL-safe, at all three alignments inside a
longer base64 text) and hex forms, and inflates gzip/zlib blobs up to a cap, saying so when
a blob is larger.
"""

from __future__ import annotations

import base64
import gzip
import os
import zlib
from typing import TYPE_CHECKING

import pytest
from hypothesis import given
from hypothesis import strategies as st

from golive.git.objectsearch import INFLATE_LIMIT, encoded_forms
from golive.sim.envwrite import env_values
from tests.hardening.support import live_workspace, preflight

if TYPE_CHECKING:
    from collections.abc import Callable

    from golive.sim.server import RunningSimulator
    from tests.support.workspace import Workspace

KEY = "BINANCE_API_SECRET"


def manifest(secret: bytes) -> bytes:
    value = base64.b64encode(secret).decode()
    return f"apiVersion: v1\nkind: Secret\ndata:\n  {KEY}: {value}\n".encode()


def inside_base64(align: int, urlsafe: bool) -> Callable[[bytes], bytes]:
    def encode(secret: bytes) -> bytes:
        blob = os.urandom(30 + align) + secret + os.urandom(7)
        return (base64.urlsafe_b64encode if urlsafe else base64.b64encode)(blob) + b"\n"

    return encode


FORMS: dict[str, Callable[[bytes], bytes]] = {
    "k8s_secret_manifest": manifest,
    **{
        f"inside_base64_align{a}_{'urlsafe' if u else 'standard'}": inside_base64(a, u)
        for a in range(3)
        for u in (False, True)
    },
    "hex": lambda s: b"blob: " + s.hex().encode() + b"\n",
    "HEX": lambda s: s.hex().upper().encode() + b"\n",
    "gzip": lambda s: gzip.compress(b"# backup\n" + KEY.encode() + b"=" + s + b"\n"),
    "zlib": lambda s: zlib.compress(b"KEY=" + s + b"\n" * 1000),
    "gzip_of_a_manifest": lambda s: gzip.compress(manifest(s)),
}


def commit(workspace: Workspace, name: str, content: bytes) -> None:
    (workspace.root / name).write_bytes(content)
    workspace.git("add", name)
    workspace.git("commit", "-q", "-m", f"add {name}")


@pytest.mark.parametrize("form", list(FORMS))
def test_an_encoded_secret_in_history_fails(
    workspace: Workspace, sim: RunningSimulator, form: str
) -> None:
    live_workspace(workspace, sim)
    secret = env_values(sim, "live")[KEY].encode()
    commit(workspace, "deploy-secret.bin", FORMS[form](secret))

    run = preflight(workspace, ("git_safety",), "--timeout", "20")

    [check] = run.data["checks"]
    assert (check["status"], check["reason"]) == ("FAIL", "git.in_history"), check["message"]
    assert KEY in check["message"]


def test_a_compressed_blob_too_large_to_inflate_is_reported(
    workspace: Workspace, sim: RunningSimulator
) -> None:
    live_workspace(workspace, sim)
    commit(workspace, "dump.gz", gzip.compress(bytes(INFLATE_LIMIT + 4096), compresslevel=1))

    run = preflight(workspace, ("git_safety",), "--timeout", "20")

    [check] = run.data["checks"]
    assert check["status"] == "PASS", check["message"]
    assert check["details"]["compressed_not_inflated"] == 1
    assert "searched only that far" in check["message"]


@given(
    secret=st.binary(min_size=8, max_size=64),
    before=st.binary(max_size=9),
    after=st.binary(max_size=5),
    urlsafe=st.booleans(),
)
def test_any_secret_anywhere_in_base64_text_is_found(
    secret: bytes, before: bytes, after: bytes, urlsafe: bool
) -> None:
    """The class: any secret at any offset in any base64 text, either alphabet; and hex."""
    encode = base64.urlsafe_b64encode if urlsafe else base64.b64encode
    text = encode(before + secret + after)
    forms = encoded_forms(secret)
    assert any(form in text for form in forms)
    assert any(form in (before + secret).hex().encode() for form in forms)


def scan_stream(content: bytes, secrets: dict[str, str]) -> set[str]:
    """The key names ``read_records`` finds in one blob of a ``cat-file --batch`` stream."""
    from golive.git.objectsearch import Needles, needles, read_records

    oid = "a" * 40
    read_fd, write_fd = os.pipe()
    with os.fdopen(write_fd, "wb") as out:
        out.write(f"{oid} blob {len(content)}\n".encode() + content + b"\n")
    found = read_records(read_fd, Needles.of(needles(secrets)))
    return found.keys.get(oid, set())


@pytest.mark.parametrize("count", [1, 2000], ids=["find_per_probe", "one_pass_index"])
def test_both_search_paths_find_every_form(count: int) -> None:
    """Few secrets: one ``find`` per probe; many: one pass over the bytes with the anchor
    index (its cost does not grow with the number of secrets). Both find every form."""
    secrets = {f"K{i}_SECRET": f"sEcReT-{i:05d}-" + "x9" * 12 for i in range(count)}
    key, value = f"K{count - 1}_SECRET", secrets[f"K{count - 1}_SECRET"]
    for name, encode in FORMS.items():
        assert scan_stream(encode(value.encode()), secrets) == {key}, name
