"""Plain text of the PDFs this package renders, read with pyHanko's own PDF reader.

pypdf is not a dependency; WeasyPrint's output is regular enough (Type 0 fonts with ToUnicode maps, text in
TJ/Tj operators placed by Tm) that fifty lines recover the text for tests and for the verification page's
preview (ADR 0066). Not a general-purpose extractor.
"""

from __future__ import annotations

import io
import re
import unicodedata

from pyhanko.pdf_utils.reader import PdfFileReader

_TOKEN = re.compile(
    rb"/(?P<font>[^\s/\[\]<>()]+)\s+[-\d.]+\s+Tf"
    rb"|(?P<tm>(?:[-\d.]+\s+){6})Tm"
    rb"|\[(?P<tj_array>(?:[^\]\\]|\\.)*)\]\s*TJ"
    rb"|<(?P<tj_hex>[0-9A-Fa-f\s]*)>\s*Tj"
)
_HEX = re.compile(rb"<([0-9A-Fa-f\s]*)>")


def _cmap(data: bytes) -> dict[int, str]:
    mapping: dict[int, str] = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
        for src, dst in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            mapping[int(src, 16)] = bytes.fromhex(dst.decode()).decode("utf-16-be")
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", data, re.S):
        for lo, hi, dst in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            start = int(dst, 16)
            for offset, code in enumerate(range(int(lo, 16), int(hi, 16) + 1)):
                mapping[code] = chr(start + offset)
    return mapping


def _decode(hex_text: bytes, cmap: dict[int, str]) -> str:
    raw = bytes.fromhex(re.sub(rb"\s", b"", hex_text).decode())
    return "".join(cmap.get(int.from_bytes(raw[i : i + 2], "big"), "") for i in range(0, len(raw) - 1, 2))


def _contents(page) -> bytes:
    contents = page["/Contents"]
    contents = contents.get_object()
    if isinstance(contents, list):
        return b"\n".join(part.get_object().data for part in contents)
    return contents.data


def page_texts(pdf_bytes: bytes) -> list[str]:
    """Text of each page (lines separated by newlines, NFC)."""
    reader = PdfFileReader(io.BytesIO(pdf_bytes), strict=False)
    texts = []
    for page_number in range(int(reader.root["/Pages"]["/Count"])):
        page = reader.find_page_for_modification(page_number)[0].get_object()
        resources = (
            page["/Resources"].get_object()
            if hasattr(page["/Resources"], "get_object")
            else page["/Resources"]
        )
        fonts = resources.get("/Font", {})
        fonts = fonts.get_object() if hasattr(fonts, "get_object") else fonts
        cmaps = {
            name.lstrip("/"): _cmap(fonts[name].get_object()["/ToUnicode"].get_object().data)
            for name in fonts
        }
        current: dict[int, str] = {}
        out: list[str] = []
        last_y: bytes | None = None
        for match in _TOKEN.finditer(_contents(page)):
            if match["font"]:
                current = cmaps.get(match["font"].decode(), {})
            elif match["tm"]:
                y = match["tm"].split()[5]
                out.append(" " if y == last_y else "\n")
                last_y = y
            elif match["tj_array"] is not None:
                out.append("".join(_decode(h, current) for h in _HEX.findall(match["tj_array"])))
            elif match["tj_hex"] is not None:
                out.append(_decode(match["tj_hex"], current))
        texts.append(unicodedata.normalize("NFC", "".join(out)).strip())
    return texts


def pdf_text(pdf_bytes: bytes) -> str:
    """Text of the whole document, pages separated by form feeds."""
    return "\f".join(page_texts(pdf_bytes))


def page_count(pdf_bytes: bytes) -> int:
    """Number of pages."""
    return int(PdfFileReader(io.BytesIO(pdf_bytes), strict=False).root["/Pages"]["/Count"])
