#!/usr/bin/env python3
"""Build resources/fonts/wqy-microhei-gbk.ttf, the CJK font the program ships.

Takes face 0 of WenQuanYi Micro Hei (Debian package ``fonts-wqy-microhei``,
``/usr/share/fonts/truetype/wqy/wqy-microhei.ttc``) and subsets it with fontTools to:

* every character the GBK codec can encode (GB2312 alone misses common name
  characters such as 喆 堃 玥 赟 珺 昇 彧),
* ASCII, General Punctuation U+2000-206F, CJK Symbols and Punctuation U+3000-303F,
  Halfwidth and Fullwidth Forms U+FF00-FFEF,
* a few symbols the reports use: · × — ①-⑩ → ✓.

TrueType (glyf) outlines, cmap, name and OS/2 are kept, hinting is dropped, and the
result is a single .ttf (not a collection), which both reportlab's ``TTFont`` and
Qt's ``QFontDatabase.addApplicationFont`` load. The family name stays
"WenQuanYi Micro Hei". The output is reproducible (the head timestamp is not touched).

Usage (needs fontTools, which is in the project's ``dev`` extra)::

    .venv/bin/python scripts/make_font.py /usr/share/fonts/truetype/wqy/wqy-microhei.ttc
    .venv/bin/python scripts/make_font.py SOURCE.ttc -o OUT.ttf
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

REPO = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
DEFAULT_OUTPUT = REPO / "resources" / "fonts" / "wqy-microhei-gbk.ttf"
FAMILY = "WenQuanYi Micro Hei"
EXTRA_TEXT = "·×—①②③④⑤⑥⑦⑧⑨⑩→✓"
SUBSET_NOTE = (
    " This file is a subset (GBK characters, ASCII and common punctuation, no hinting)"
    " made by the Community Office project with scripts/make_font.py."
)


def gbk_codepoints() -> set[int]:
    """Every code point that Python's 'gbk' codec can encode."""
    found: set[int] = set()
    for cp in range(0x110000):
        if 0xD800 <= cp <= 0xDFFF:  # lone surrogates never encode
            continue
        try:
            chr(cp).encode("gbk")
        except UnicodeEncodeError:
            continue
        found.add(cp)
    return found


def wanted_codepoints() -> set[int]:
    wanted = gbk_codepoints()
    wanted.update(range(0x20, 0x7F))  # printable ASCII
    wanted.update(range(0x2000, 0x2070))  # General Punctuation
    wanted.update(range(0x3000, 0x3040))  # CJK Symbols and Punctuation
    wanted.update(range(0xFF00, 0xFFF0))  # Halfwidth and Fullwidth Forms
    wanted.update(ord(c) for c in EXTRA_TEXT)
    return wanted


def build(source: Path, output: Path, font_number: int = 0) -> None:
    font = TTFont(str(source), fontNumber=font_number, recalcTimestamp=False)
    if "glyf" not in font:
        raise SystemExit(f"{source}: face {font_number} has no TrueType outlines (glyf)")

    cmap = font.getBestCmap()
    wanted = wanted_codepoints()
    present = sorted(cp for cp in wanted if cp in cmap)
    must_have = [ord(c) for c in "张建国喆堃玥赟珺昇彧0123456789ABCxyz:-" + EXTRA_TEXT]
    missing_required = [chr(cp) for cp in must_have if cp not in cmap]
    if missing_required:
        raise SystemExit(f"source font lacks required characters: {''.join(missing_required)}")

    options = subset.Options()
    options.hinting = False  # drop fpgm/prep/cvt and glyph instructions
    options.desubroutinize = True
    options.name_IDs = ["*"]  # keep every name record ...
    options.name_languages = ["*"]  # ... in every language (Chinese family names too)
    options.name_legacy = True  # keep the Macintosh-platform records as well
    options.notdef_outline = True
    options.glyph_names = False
    options.layout_features = ["*"]
    options.drop_tables += ["FFTM"]  # FontForge timestamp, useless here
    options.recalc_timestamp = False

    subsetter = subset.Subsetter(options=options)
    subsetter.populate(unicodes=present)
    subsetter.subset(font)

    # Apache-2.0 §4(b): say in the file itself that it was changed.
    name = font["name"]
    for record in list(name.names):
        if record.nameID == 10:
            text = record.toUnicode()
            if SUBSET_NOTE.strip() not in text:
                name.setName(
                    text + SUBSET_NOTE, 10, record.platformID, record.platEncID, record.langID
                )

    family = name.getDebugName(1)
    if family != FAMILY:
        raise SystemExit(f"unexpected family name {family!r}, wanted {FAMILY!r}")

    output.parent.mkdir(parents=True, exist_ok=True)
    font.save(str(output))

    check = TTFont(str(output))
    kept = len(check.getBestCmap())
    glyphs = check["maxp"].numGlyphs
    size = output.stat().st_size
    print(f"wanted {len(wanted)} code points, source has {len(present)}")
    print(
        f"wrote {output}: {size} bytes ({size / 1024 / 1024:.2f} MiB), "
        f"{kept} mapped code points, {glyphs} glyphs, family {family!r}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument(
        "source",
        nargs="?",
        default=DEFAULT_SOURCE,
        help=f"source .ttc/.ttf (default {DEFAULT_SOURCE})",
    )
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        default=DEFAULT_OUTPUT,
        help="output .ttf (default resources/fonts/wqy-microhei-gbk.ttf)",
    )
    parser.add_argument("--face", type=int, default=0, help="face index in a .ttc (default 0)")
    args = parser.parse_args(argv)
    source = Path(args.source)
    if not source.is_file():
        print(f"no such font file: {source} (apt-get install fonts-wqy-microhei)", file=sys.stderr)
        return 1
    build(source, args.output, args.face)
    return 0


if __name__ == "__main__":
    sys.exit(main())
