"""Find a font with Chinese glyphs for chart labels.

Looks through the fonts matplotlib knows and, when the cache predates a newly installed
font, through the system's font files too. Without such a font, Chinese chart labels would
render as empty boxes, so the caller falls back to English labels.
"""

from __future__ import annotations

from functools import cache

from matplotlib import font_manager

#: font families with CJK glyphs, preferred first (simplified Chinese forms first)
CJK_FAMILIES = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "Noto Sans SC",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "Microsoft YaHei",
    "PingFang SC",
    "SimHei",
    "Noto Sans CJK JP",
    "Source Han Sans",
    "Noto Serif CJK SC",
)

#: parts of font file names that point to CJK fonts
_FILE_HINTS = (
    "notosanscjk",
    "notoserifcjk",
    "sourcehansans",
    "wqy",
    "wenquanyi",
    "simhei",
    "msyh",
    "pingfang",
)


def _known_family() -> str | None:
    names = {entry.name for entry in font_manager.fontManager.ttflist}
    for family in CJK_FAMILIES:
        if family in names:
            return family
    return next((name for name in sorted(names) if "CJK" in name), None)


@cache
def cjk_family() -> str | None:
    """Name of a font family with CJK glyphs, or None when the system has none."""
    family = _known_family()
    if family is not None:
        return family
    for path in font_manager.findSystemFonts():
        if any(hint in path.lower().replace("-", "").replace("_", "") for hint in _FILE_HINTS):
            try:
                font_manager.fontManager.addfont(path)
            except (OSError, RuntimeError, ValueError):
                continue
    return _known_family()
