"""Read back what a PDF of ours says, without a PDF library: its text and its fonts.

The self-test of an installed bundle checks the PDF it wrote (Chinese text present, every
font embedded) with only the standard library, because pypdf is a test tool and not part
of the program. It reads the PDFs that reportlab writes: plain or Flate/ASCII85-compressed
objects, fonts with a ``/ToUnicode`` map, text drawn with ``Tj``/``TJ``/``'``/``"``.
It is not a general PDF parser (no object streams, no encryption).
"""

from __future__ import annotations

import base64
import re
import zlib
from dataclasses import dataclass, field

_OBJECT = re.compile(rb"(\d+)\s+(\d+)\s+obj\b(.*?)\bendobj", re.DOTALL)
_STREAM = re.compile(rb"stream\r?\n(.*?)\r?\n?endstream", re.DOTALL)
_REF = rb"(\d+)\s+\d+\s+R"


@dataclass
class PdfFacts:
    """What a PDF shows: its text (one line per text line drawn) and its fonts."""

    text: str
    embedded_fonts: list[str] = field(default_factory=list)
    unembedded_fonts: list[str] = field(default_factory=list)
    pages: int = 0


class PdfReadError(ValueError):
    """The bytes are not a PDF this reader understands."""


def _objects(data: bytes) -> dict[int, bytes]:
    return {int(m.group(1)): m.group(3) for m in _OBJECT.finditer(data)}


def _dictionary(body: bytes) -> bytes:
    """The object's dictionary part (everything before ``stream``)."""
    head, _sep, _rest = body.partition(b"stream")
    return head


def _stream(body: bytes) -> bytes:
    match = _STREAM.search(body)
    if match is None:
        return b""
    raw = match.group(1)
    head = _dictionary(body)
    filters = re.findall(rb"/(FlateDecode|ASCII85Decode|Fl|A85)\b", head)
    for name in filters:
        if name in (b"ASCII85Decode", b"A85"):
            raw = raw.strip()
            if raw.startswith(b"<~"):
                raw = raw[2:]
            # Only the "~>" end mark comes off: ">" and "~" are also ASCII85 data characters
            # (stripping them as a set cut data that happened to end in ">").
            if raw.endswith(b"~>"):
                raw = raw[:-2]
            raw = base64.a85decode(raw.rstrip() + b"~>", adobe=True)
        else:
            raw = zlib.decompress(raw)
    return raw


def _ref(head: bytes, key: bytes) -> int | None:
    match = re.search(rb"/" + key + rb"\s+" + _REF, head)
    return int(match.group(1)) if match else None


def _unicode_map(cmap: bytes) -> tuple[dict[bytes, str], int]:
    """A ToUnicode CMap as {character code bytes: text} and the code length in bytes."""
    mapping: dict[bytes, str] = {}
    width = 1

    def text(hex_value: bytes) -> str:
        return bytes.fromhex(hex_value.decode()).decode("utf-16-be", errors="replace")

    for block in re.findall(rb"beginbfchar(.*?)endbfchar", cmap, re.DOTALL):
        for src, dst in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>", block):
            code = bytes.fromhex(src.decode())
            width = len(code)
            mapping[code] = text(dst)
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", cmap, re.DOTALL):
        for low, high, dst in re.findall(
            rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block
        ):
            width = len(low) // 2
            start, end, first = int(low, 16), int(high, 16), int(dst, 16)
            for offset, number in enumerate(range(start, end + 1)):
                mapping[number.to_bytes(width, "big")] = chr(first + offset)
    return mapping, width


_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}
_TOKEN = re.compile(
    rb"(?P<string>\()|(?P<hex><[0-9A-Fa-f\s]*>)|(?P<name>/[^\s/\[\]()<>{}%]+)"
    rb"|(?P<open>\[)|(?P<close>\])|(?P<dict><<|>>)|(?P<comment>%[^\r\n]*)"
    rb"|(?P<word>[^\s/\[\]()<>{}%]+)"
)


def _literal(content: bytes, start: int) -> tuple[bytes, int]:
    """The literal string starting after ``(`` at ``start``; returns (bytes, end index)."""
    out = bytearray()
    depth = 1
    i = start
    while i < len(content):
        char = content[i : i + 1]
        if char == b"\\":
            nxt = content[i + 1 : i + 2]
            if nxt in _ESCAPES:
                out += _ESCAPES[nxt]
                i += 2
            elif nxt.isdigit():
                digits = re.match(rb"[0-7]{1,3}", content[i + 1 : i + 4])
                assert digits is not None
                out.append(int(digits.group(0), 8) & 0xFF)
                i += 1 + len(digits.group(0))
            elif nxt in (b"\r", b"\n"):
                i += 2
            else:
                out += nxt
                i += 2
            continue
        if char == b"(":
            depth += 1
        elif char == b")":
            depth -= 1
            if depth == 0:
                return bytes(out), i + 1
        out += char
        i += 1
    raise PdfReadError("unterminated string in a content stream")


def _content_text(content: bytes, fonts: dict[bytes, tuple[dict[bytes, str], int]]) -> list[str]:
    """The text lines drawn by one content stream, decoded through the fonts' maps."""
    lines: list[str] = []
    current: list[str] = []
    operands: list[object] = []
    arrays: list[list[object]] = []
    font: tuple[dict[bytes, str], int] = ({}, 1)

    def decode(raw: bytes) -> str:
        mapping, width = font
        if not mapping:
            return raw.decode("latin-1")
        return "".join(mapping.get(raw[i : i + width], "\ufffd") for i in range(0, len(raw), width))

    def end_line() -> None:
        if current:
            lines.append("".join(current))
            current.clear()

    i = 0
    while i < len(content):
        match = _TOKEN.search(content, i)
        if match is None:
            break
        i = match.end()
        kind = match.lastgroup
        value: object
        if kind == "string":
            value, i = _literal(content, match.end())
        elif kind == "hex":
            digits = re.sub(rb"\s", b"", match.group(0)[1:-1])
            value = bytes.fromhex((digits + b"0" * (len(digits) % 2)).decode())
        elif kind == "name":
            value = match.group(0)[1:]
        elif kind == "open":
            arrays.append([])
            continue
        elif kind == "close":
            value = arrays.pop() if arrays else []
        elif kind in ("dict", "comment"):
            continue
        else:
            word = match.group(0)
            if re.fullmatch(rb"[+-]?(\d+\.?\d*|\.\d+)", word):
                value = float(word)
            else:
                # An operator.
                if word == b"Tf" and len(operands) >= 2 and isinstance(operands[-2], bytes):
                    font = fonts.get(operands[-2], ({}, 1))
                elif word in (b"Tj", b"'", b'"') and operands and isinstance(operands[-1], bytes):
                    if word != b"Tj":
                        end_line()
                    current.append(decode(operands[-1]))
                elif word == b"TJ" and operands and isinstance(operands[-1], list):
                    for item in operands[-1]:
                        if isinstance(item, bytes):
                            current.append(decode(item))
                elif word in (b"Td", b"TD", b"T*", b"ET", b"Tm"):
                    end_line()
                operands.clear()
                continue
        if arrays:
            arrays[-1].append(value)
        else:
            operands.append(value)
    end_line()
    return lines


def _font_resources(head: bytes, objects: dict[int, bytes]) -> dict[bytes, int]:
    """A page's /Font resources: {resource name: font object number}."""
    resources = head
    number = _ref(head, b"Resources")
    if number is not None:
        resources = objects.get(number, b"")
    match = re.search(rb"/Font\s*(<<.*?>>|" + _REF + rb")", resources, re.DOTALL)
    if match is None:
        return {}
    fonts = match.group(1)
    if match.group(2):
        fonts = objects.get(int(match.group(2)), b"")
    return {name: int(ref) for name, ref in re.findall(rb"/([^\s/<>\[\]()]+)\s+" + _REF, fonts)}


def _embedded(font_head: bytes, objects: dict[int, bytes]) -> bool:
    descendant = re.search(rb"/DescendantFonts\s*\[\s*" + _REF, font_head)
    if descendant:
        font_head = objects.get(int(descendant.group(1)), b"")
    descriptor = _ref(font_head, b"FontDescriptor")
    if descriptor is None:
        return False
    head = objects.get(descriptor, b"")
    for key in (b"FontFile", b"FontFile2", b"FontFile3"):
        number = _ref(head, key)
        if number is not None and _stream(objects.get(number, b"")):
            return True
    return False


def read_pdf(data: bytes) -> PdfFacts:
    """The text and the fonts of a PDF written by reportlab."""
    if not data.startswith(b"%PDF-"):
        raise PdfReadError("not a PDF file (no %PDF- header)")
    objects = _objects(data)
    if not objects:
        raise PdfReadError("no objects found")
    facts = PdfFacts(text="")
    font_maps: dict[int, tuple[dict[bytes, str], int]] = {}
    for number, body in objects.items():
        head = _dictionary(body)
        if not re.search(rb"/Type\s*/Font\b", head) or b"/BaseFont" not in head:
            continue
        base = re.search(rb"/BaseFont\s*/([^\s/<>\[\]()]+)", head)
        name = base.group(1).decode("latin-1") if base else f"font {number}"
        if re.search(rb"/Subtype\s*/(Type3|CIDFontType[02])\b", head):
            continue  # descendants are judged through their Type0 parent
        (facts.embedded_fonts if _embedded(head, objects) else facts.unembedded_fonts).append(name)
        to_unicode = _ref(head, b"ToUnicode")
        font_maps[number] = (
            _unicode_map(_stream(objects.get(to_unicode, b""))) if to_unicode else ({}, 1)
        )
    lines: list[str] = []
    for _number, body in sorted(objects.items()):
        head = _dictionary(body)
        if not re.search(rb"/Type\s*/Page(?!s)\b", head):
            continue
        facts.pages += 1
        resources = _font_resources(head, objects)
        fonts = {name: font_maps.get(number, ({}, 1)) for name, number in resources.items()}
        contents = re.search(rb"/Contents\s*(\[[^\]]*\]|" + _REF + rb")", head)
        if contents is None:
            continue
        refs = [int(n) for n in re.findall(_REF, contents.group(1))]
        for ref in refs:
            lines.extend(_content_text(_stream(objects.get(ref, b"")), fonts))
    facts.text = "\n".join(lines)
    return facts
