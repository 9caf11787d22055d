"""The reader's check for control characters (reader.has_binary, which every import runs over
the whole file) finds exactly what the pattern it replaced finds (issue 21: 4× faster)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from office_app.services.imports.reader import _BINARY_BYTES, has_binary


def test_each_byte_is_binary_exactly_when_the_pattern_says_so() -> None:
    for code in range(256):
        byte = bytes([code])
        expected = _BINARY_BYTES.search(byte) is not None
        assert has_binary(byte) is expected, hex(code)
        assert has_binary(memoryview(b"ab" + byte + b"cd")) is expected, hex(code)


@settings(max_examples=500, deadline=None)
@given(st.binary(max_size=64) | st.text(max_size=32).map(lambda t: t.encode("utf-8")))
def test_a_chunk_is_binary_exactly_when_the_pattern_says_so(chunk: bytes) -> None:
    assert has_binary(chunk) is (_BINARY_BYTES.search(chunk) is not None)
    assert has_binary(memoryview(chunk)) is (_BINARY_BYTES.search(chunk) is not None)


def test_usual_text_with_tabs_and_line_ends_is_not_binary() -> None:
    assert not has_binary("张三\t居民身份证\r\n2022-11-21 08:12:35,\x0b\x0c\x1a\n".encode())
    assert not has_binary(b"")
