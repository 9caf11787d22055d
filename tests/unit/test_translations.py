"""Translations are a build step, checked here: complete, placeholders kept, loadable."""

from __future__ import annotations

import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
import translations  # noqa: E402

TS = ROOT / "resources" / "translations" / "office_app_zh_CN.ts"


def _messages() -> list[tuple[str, str, str]]:
    found = []
    for context in ET.parse(TS).getroot().iter("context"):
        for message in context.iter("message"):
            translation = message.find("translation")
            found.append(
                (
                    context.findtext("name") or "",
                    message.findtext("source") or "",
                    (translation.text or "") if translation is not None else "",
                )
            )
    return found


def test_every_source_string_is_translated() -> None:
    """lupdate on the current sources finds nothing unfinished, missing or vanished."""
    assert translations.check("zh_CN") == []


def test_placeholders_survive_translation() -> None:
    for context, source, text in _messages():
        assert set(re.findall(r"\{\w+\}", source)) == set(re.findall(r"\{\w+\}", text)), (
            context,
            source,
        )


def test_translations_are_chinese() -> None:
    for _context, source, text in _messages():
        words = re.sub(r"\{\w+\}", "", source)  # placeholders are not words to translate
        if re.search("[A-Za-z]{3}", words):
            assert re.search("[\u4e00-\u9fff]", text), source


def test_built_catalogue_translates(tmp_path: Path) -> None:
    from PySide6.QtCore import QTranslator

    qm = translations.build("zh_CN", tmp_path)
    translator = QTranslator()
    assert translator.load(str(qm))
    assert translator.translate("Pages", "Overview") == "总览"
    assert translator.translate("Listing", "Document number") == "证件号码"


@pytest.mark.parametrize("context", ["Listing", "Pages", "MainWindow"])
def test_contexts_exist(context: str) -> None:
    assert any(c == context for c, _s, _t in _messages())
