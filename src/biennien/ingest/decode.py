"""Bytes to text: UTF-8, UTF-16 with a byte-order mark, or Windows-1258 (legacy Vietnamese).

Anything else (binary data, text in an unknown encoding) is rejected with a reason.
"""

from __future__ import annotations

import codecs
import re
import unicodedata


class InputRejected(Exception):
    """An input that cannot be read; the message is the one-line reason shown to the user."""


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Letters that only Vietnamese uses: their presence makes a Windows-1258 reading plausible.
_VIETNAMESE = re.compile("[ăâđêôơưĂÂĐÊÔƠƯ\u0300\u0301\u0303\u0309\u0323]")


def _control_share(text: str) -> float:
    return len(_CONTROL.findall(text)) / max(len(text), 1)


def decode(data: bytes) -> str:
    """Decode ``data`` as UTF-8, UTF-16 (BOM) or Windows-1258; raise InputRejected otherwise."""
    if not data.strip():
        raise InputRejected("empty input")
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return _checked(data.decode("utf-16"))
        except UnicodeDecodeError as exc:
            raise InputRejected(f"invalid UTF-16 text ({exc.reason})") from None
    if b"\x00" in data[:8192]:
        raise InputRejected("binary data, not text")
    try:
        return _checked(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1258")
    except UnicodeDecodeError:
        raise InputRejected("not text: neither UTF-8 nor Windows-1258") from None
    text = unicodedata.normalize("NFC", text)
    if not _VIETNAMESE.search(text) and _control_share(text) > 0:
        raise InputRejected("not text: neither UTF-8 nor Windows-1258")
    return _checked(text)


def _checked(text: str) -> str:
    if _control_share(text) > 0.01:
        raise InputRejected("binary data, not text")
    if not text.strip():
        raise InputRejected("empty input")
    return text
