"""Decoding: UTF-8, UTF-16 with BOM, Windows-1258; binary and empty input rejected."""

import codecs
import unicodedata

import pytest

from biennien.ingest.decode import InputRejected, decode

TONES = "\u0300\u0301\u0303\u0309\u0323"
TEXT = "Hòa bình và hợp tác, Triều Tiên, Đà Nẵng, thủy điện, Quảng Trị."


def test_utf8_with_and_without_bom() -> None:
    assert decode(TEXT.encode("utf-8")) == TEXT
    assert decode(codecs.BOM_UTF8 + TEXT.encode("utf-8")) == TEXT


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_bom(codec: str) -> None:
    data = TEXT.encode(codec)
    if codec != "utf-16":
        bom = codecs.BOM_UTF16_LE if codec.endswith("le") else codecs.BOM_UTF16_BE
        data = bom + data
    assert decode(data) == TEXT


def _cp1258(text: str) -> bytes:
    """Encode as Windows-1258 writes Vietnamese: base letters precomposed, tones combining."""
    out = []
    for ch in text:
        parts = unicodedata.normalize("NFD", ch)
        tones = "".join(c for c in parts if c in TONES)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONES))
        out.append(base + tones)
    return "".join(out).encode("cp1258")


def test_windows_1258() -> None:
    data = _cp1258(TEXT)
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert decode(data) == TEXT


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"   \n\t ", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary"),
        (bytes(range(1, 32)) * 20, "binary"),
    ],
)
def test_rejections(data: bytes, reason: str) -> None:
    with pytest.raises(InputRejected, match=reason):
        decode(data)
