"""Draw the program's icon (resources/icons/office_app.ico and .png) with Pillow.

A blue rounded tile with the character 社 in the shipped CJK font. Run it again only to
change the icon; the files it writes are committed:

    .venv/bin/python installer/make_icon.py
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

REPO = Path(__file__).resolve().parent.parent
FONT = REPO / "resources" / "fonts" / "wqy-microhei-gbk.ttf"
OUT = REPO / "resources" / "icons"
SIZES = [16, 20, 24, 32, 40, 48, 64, 128, 256]
BLUE = (30, 136, 229, 255)  # the navigation icons' colour (views/icons.py)


def draw(size: int = 256) -> Image.Image:
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    paint = ImageDraw.Draw(image)
    margin = size // 32
    paint.rounded_rectangle(
        (margin, margin, size - margin - 1, size - margin - 1), radius=size // 5, fill=BLUE
    )
    font = ImageFont.truetype(str(FONT), int(size * 0.62))
    paint.text((size / 2, size / 2), "社", font=font, fill="white", anchor="mm")
    return image


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    big = draw(256)
    big.save(OUT / "office_app.ico", sizes=[(s, s) for s in SIZES])
    big.save(OUT / "office_app.png")
    print(OUT / "office_app.ico")


if __name__ == "__main__":
    main()
