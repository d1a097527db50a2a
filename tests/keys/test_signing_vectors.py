"""Ed25519 and RSA signing against the vectors Binance's docs give (and what they lack).

Sources (binance/binance-spot-api-docs @ a5e0bc3, 2026-07-21):
* ``fix-api.md`` "How to sign Logon <A> request": an Ed25519 private key *and* the
  signature it computes. The only Binance-docs asymmetric vector whose key is given.
* ``rest-api.md`` "SIGNED Endpoint Examples for POST /api/v3/order", RSA and Ed25519:
  base64 signatures and their percent-encoded form, made with ``./test-prv-key.pem``,
  which the docs do not publish. The signatures cannot be verified without it; the
  percent-encoding step can, and is.
"""

from __future__ import annotations

import base64

import pytest
from cryptography.hazmat.primitives.serialization import load_pem_private_key

from golive.binance_key import KeyKind, PrivateKeySigner, percent_encoded, signer_for

FIX_DOC_PRIVATE_KEY = (
    "-----BEGIN PRIVATE KEY-----\n"
    "MC4CAQAwBQYDK2VwBCIEIIJEYWtGBrhACmb9Dvy+qa8WEf0lQOl1s4CLIAB9m89u\n"
    "-----END PRIVATE KEY-----\n"
)
FIX_DOC_PAYLOAD = "\x01".join(["A", "EXAMPLE", "SPOT", "1", "20240627-11:17:25.223"])
FIX_DOC_SIGNATURE = (
    "4MHXelVVcpkdwuLbl6n73HQUXUf1dse2PCgT1DYqW9w8AVZ1RACFGM+5UdlGPrQHrgtS3CvsRURC1oj73j8gCA=="
)

REST_RSA_ASCII = (
    "HZ8HOjiJ1s/igS9JA+n7+7Ti/ihtkRF5BIWcPIEluJP6tlbFM/Bf44LfZka/iemtahZAZzcO9TnI5uaXh3++lrqtNon"
    "Cwp6/245UFWkiW1elpgtVAmJPbogcAv6rSlokztAfWk296ZJXzRDYAtzGH0gq7CgSJKfH+XxaCmR0WcvlKjNQnp12/e"
    "KXJYO4tDap8UCBLuyxDnR7oJKLHQHJLP0r0EAVOOSIbrFang/1WOq+Jaq4Efc4XpnTgnwlBbWTmhWDR1pvS9iVEzcSY"
    "LHT/fNnMRxFc7u+j3qI//5yuGuu14KR0MuQKKCSpViieD+fIti46sxPTsjSemoUKp0oXA=="
)
REST_RSA_ASCII_ENCODED = (
    "HZ8HOjiJ1s%2FigS9JA%2Bn7%2B7Ti%2FihtkRF5BIWcPIEluJP6tlbFM%2FBf44LfZka%2FiemtahZAZzcO9TnI5ua"
    "Xh3%2B%2BlrqtNonCwp6%2F245UFWkiW1elpgtVAmJPbogcAv6rSlokztAfWk296ZJXzRDYAtzGH0gq7CgSJKfH%2BX"
    "xaCmR0WcvlKjNQnp12%2FeKXJYO4tDap8UCBLuyxDnR7oJKLHQHJLP0r0EAVOOSIbrFang%2F1WOq%2BJaq4Efc4XpnT"
    "gnwlBbWTmhWDR1pvS9iVEzcSYLHT%2FfNnMRxFc7u%2Bj3qI%2F%2F5yuGuu14KR0MuQKKCSpViieD%2BfIti46sxPTs"
    "jSemoUKp0oXA%3D%3D"
)
REST_NON_ASCII = (
    "qJtv66wyp/1mZE+mIFAAMUoTe8xkmLN7/eAZjuC9x1ocxovItHLl/sNK7Wq8QjgiHqGn0bb8P7yVvGBEd1gFe71NQ8a"
    "M0M+JNIMz5UFxfeA53rXjFlvsyH1Sig+OuO9Nz5nhCaJ6bEfj2iuv7w27pB3L8MVqmoCi6D9C/QMiLxtPaR70Cxtnv"
    "oOlIgPmpv2bQy029A31NEK19ieVLkoyp1EUkXRaX3v0mohx8yMnUG1dhX9nUg3Oy8TYZ03DQy7kHDGkMKisNX7rt/G"
    "uGx1HIgjFclDGLsbAFIodvSLjm9FbseasMELoxlAJDlwRnW8zo5sQmL0Fz7ao935QBynrng=="
)
REST_NON_ASCII_ENCODED = (
    "qJtv66wyp%2F1mZE%2BmIFAAMUoTe8xkmLN7%2FeAZjuC9x1ocxovItHLl%2FsNK7Wq8QjgiHqGn0bb8P7yVvGBEd1g"
    "Fe71NQ8aM0M%2BJNIMz5UFxfeA53rXjFlvsyH1Sig%2BOuO9Nz5nhCaJ6bEfj2iuv7w27pB3L8MVqmoCi6D9C%2FQMiL"
    "xtPaR70CxtnvoOlIgPmpv2bQy029A31NEK19ieVLkoyp1EUkXRaX3v0mohx8yMnUG1dhX9nUg3Oy8TYZ03DQy7kHDGk"
    "MKisNX7rt%2FGuGx1HIgjFclDGLsbAFIodvSLjm9FbseasMELoxlAJDlwRnW8zo5sQmL0Fz7ao935QBynrng%3D%3D"
)
REST_ED25519_ASCII = (
    "HaZnek7KOGa/k5+f6Q1nw8lzMUpo36mRVvvLHCMUCXxlmdQQGZge1luAUKnleD/DYeD19YrqzeHbb6xU3MkSIXKhAO1"
    "MaYq48uGVYb3vJScEZVOutgMInrZzUcCWNulNkfcbmExSiymCZ5xQBw5QDuzpuDFqRZ1Xt+BZxEHBN9OYQKpoe0+ovjn"
    "XyVOaH8VUKhE/ghUWnThrXJr+hmSc5t7ggjiVPQc7pGn3qSNGCQwdpkQC9GHMr/r+8n6qeEKMYB5j/1wC4d8Jae8FQi"
    "U8xcXR0NlUgV2LAw61/ZJv5BTJpa+z5Lv1W9v6jHQWRX2O8uaG3KU/lR3spR7+oGlWOw="
)
REST_ED25519_ASCII_ENCODED = (
    "HaZnek7KOGa%2Fk5%2Bf6Q1nw8lzMUpo36mRVvvLHCMUCXxlmdQQGZge1luAUKnleD%2FDYeD19YrqzeHbb6xU3MkSIX"
    "KhAO1MaYq48uGVYb3vJScEZVOutgMInrZzUcCWNulNkfcbmExSiymCZ5xQBw5QDuzpuDFqRZ1Xt%2BBZxEHBN9OYQKp"
    "oe0%2BovjnXyVOaH8VUKhE%2FghUWnThrXJr%2BhmSc5t7ggjiVPQc7pGn3qSNGCQwdpkQC9GHMr%2Fr%2B8n6qeEKMY"
    "B5j%2F1wC4d8Jae8FQiU8xcXR0NlUgV2LAw61%2FZJv5BTJpa%2Bz5Lv1W9v6jHQWRX2O8uaG3KU%2FlR3spR7%2BoGl"
    "WOw%3D"
)


def test_ed25519_signature_matches_the_fix_docs_vector() -> None:
    signer = signer_for({"BINANCE_API_SECRET": FIX_DOC_PRIVATE_KEY})
    assert signer.kind is KeyKind.ED25519
    assert isinstance(signer, PrivateKeySigner)
    raw = signer.raw_signature(FIX_DOC_PAYLOAD.encode("ascii"))
    assert base64.b64encode(raw).decode() == FIX_DOC_SIGNATURE
    assert signer.sign(FIX_DOC_PAYLOAD.encode("ascii")) == percent_encoded(FIX_DOC_SIGNATURE)


def test_ed25519_vector_key_loads_as_cryptography_reads_it() -> None:
    key = load_pem_private_key(FIX_DOC_PRIVATE_KEY.encode(), password=None)
    raw = key.sign(FIX_DOC_PAYLOAD.encode())  # type: ignore[call-arg, union-attr]
    assert base64.b64encode(raw).decode() == FIX_DOC_SIGNATURE


@pytest.mark.parametrize(
    ("signature", "encoded"),
    [
        (REST_RSA_ASCII, REST_RSA_ASCII_ENCODED),
        (REST_NON_ASCII, REST_NON_ASCII_ENCODED),
        (REST_ED25519_ASCII, REST_ED25519_ASCII_ENCODED),
    ],
    ids=["rsa-ascii", "non-ascii", "ed25519-section-ascii"],
)
def test_percent_encoding_matches_the_rest_docs(signature: str, encoded: str) -> None:
    assert percent_encoded(signature) == encoded


def test_the_rest_docs_ed25519_example_is_not_an_ed25519_signature() -> None:
    """Why the REST Ed25519 example cannot serve as a vector: it is RSA-sized (256 bytes,
    an Ed25519 signature has 64), its base64 lacks a pad character, and its non-ASCII
    case is byte for byte the RSA section's."""
    assert len(REST_ED25519_ASCII) % 4 != 0
    assert len(base64.b64decode(REST_ED25519_ASCII + "=")) == 256
    assert len(base64.b64decode(REST_RSA_ASCII)) == 256
    assert len(base64.b64decode(FIX_DOC_SIGNATURE)) == 64
