"""Font choice for the PDF: Times New Roman when the server has it (NĐ 30, Appendix I), else Noto Serif.

Noto Serif comes from the pip package ``fontpkg-noto-serif`` and is loaded by file:// URL through
@font-face, so a server without Times New Roman renders the same pages everywhere (ADR 0061).
"""

from __future__ import annotations

import functools
import shutil
import subprocess
from dataclasses import dataclass
from typing import Literal

FontChoice = Literal["auto", "times", "noto"]
FALLBACK_FAMILY = "ND30 Noto Serif"


@dataclass(frozen=True)
class FontSetup:
    """The CSS family to use and the @font-face rules that make it available."""

    family: str
    font_face_css: str
    description: str
    # NĐ 30 allows 13–14 pt for the body; Noto Serif sets wider than Times New Roman, so it takes 13.
    body_size: str = "14pt"


@functools.cache
def times_new_roman_installed() -> bool:
    """True when fontconfig knows a real "Times New Roman" (not a substitute)."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return False
    result = subprocess.run(
        [fc_list, "Times New Roman", "family"], capture_output=True, text=True, timeout=20, check=False
    )
    return "Times New Roman" in result.stdout


def noto_serif_font_face() -> str:
    """@font-face rules for the variable Noto Serif files shipped by fontpkg-noto-serif."""
    import fontpkg_noto_serif

    files = fontpkg_noto_serif.ROOT / "files"
    upright = (files / "NotoSerif[wdth,wght].ttf").as_uri()
    italic = (files / "NotoSerif-Italic[wdth,wght].ttf").as_uri()
    return (
        f"@font-face {{ font-family: '{FALLBACK_FAMILY}'; src: url('{upright}'); "
        "font-style: normal; }\n"
        f"@font-face {{ font-family: '{FALLBACK_FAMILY}'; src: url('{italic}'); "
        "font-style: italic; }\n"
    )


def font_setup(choice: FontChoice = "auto") -> FontSetup:
    """Resolve ``choice``: "auto" takes Times New Roman if installed, otherwise Noto Serif."""
    if choice == "times" or (choice == "auto" and times_new_roman_installed()):
        return FontSetup("Times New Roman", "", "Times New Roman (phông hệ thống)")
    return FontSetup(FALLBACK_FAMILY, noto_serif_font_face(), "Noto Serif (gói fontpkg-noto-serif)", "13pt")
