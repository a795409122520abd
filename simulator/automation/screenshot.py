"""App.captureScreenshot without a window: a PNG of the phone's size showing the navigation
bar's title and the page's visible text, line by line.

The headless view has no layout engine (linkedom), so there are no pixels of the WXSS to
capture: this image is a text snapshot, not a render (colours, sizes and positions are not the
page's). The window's view (QtWebEngine) answers with a real capture.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw, ImageFont

# a CJK-capable font if the machine has one (Chinese text), else Pillow's own
_FONTS = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
)
_SIZE = 15
_BAR = 44


def _font() -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for path in _FONTS:
        if Path(path).is_file():
            return ImageFont.truetype(path, _SIZE)
    return ImageFont.load_default()


def _wrap(draw: ImageDraw.ImageDraw, line: str, font: Any, width: int) -> list[str]:
    out: list[str] = []
    current = ""
    for ch in line:
        if current and draw.textlength(current + ch, font=font) > width:
            out.append(current)
            current = ""
        current += ch
    out.append(current)
    return out


def headless_png(text: str, ui: dict[str, Any], device: Any) -> bytes:
    """The PNG bytes (device width × the window height, in CSS pixels)."""
    width = int(getattr(device, "screen_width", 375))
    height = int(getattr(device, "screen_height", 667))
    image = Image.new("RGB", (width, height), "#ffffff")
    draw = ImageDraw.Draw(image)
    font = _font()
    bar = ui.get("navigationBar") or {}
    draw.rectangle((0, 0, width, _BAR), fill=str(bar.get("backgroundColor") or "#ffffff"))
    title = str(bar.get("title") or "")
    title_w = draw.textlength(title, font=font)
    draw.text(
        ((width - title_w) / 2, 12), title, fill=str(bar.get("frontColor") or "#000000"), font=font
    )
    y = _BAR + 10
    for line in text.splitlines():
        for part in _wrap(draw, line, font, width - 24):
            if y > height - _SIZE:
                break
            draw.text((12, y), part, fill="#000000", font=font)
            y += _SIZE + 7
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    return buf.getvalue()
