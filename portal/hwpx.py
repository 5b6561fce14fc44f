"""Documents in HWPX (OWPML, the format of Hancom's Hangul that district staff work in), built with
python-hwpx from the same data as the PDF: headings, paragraphs, two-column tables and images.

Only this module touches python-hwpx (its API moves between major versions: the calls here are its
6.x names, and the pinned version is tested by extracting the text back). See docs/exemptions.md for
why the library and not a hand-built template.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from hwpx import HwpxDocument

Align = Literal["LEFT", "CENTER", "RIGHT", "JUSTIFY"]


@dataclass(frozen=True)
class Paragraph:
    text: str
    size: float | None = None
    bold: bool = False
    align: Align | None = None


@dataclass(frozen=True)
class Table:
    rows: list[tuple[str, str]]


@dataclass(frozen=True)
class Image:
    content: bytes
    format: Literal["png", "jpg", "jpeg"]
    width_mm: float
    height_mm: float
    align: Align = "RIGHT"


@dataclass
class HwpxBuilder:
    """Blocks added in order; `render()` gives the file's bytes."""

    blocks: list[Paragraph | Table | Image] = field(default_factory=list)

    def paragraph(self, text: str, *, size: float | None = None, bold: bool = False,
                  align: Align | None = None) -> HwpxBuilder:
        self.blocks.append(Paragraph(text=text, size=size, bold=bold, align=align))
        return self

    def table(self, rows: list[tuple[str, str]]) -> HwpxBuilder:
        if rows:
            self.blocks.append(Table(rows=[(str(a), str(b)) for a, b in rows]))
        return self

    def image(self, content: bytes, *, format: str, width_mm: float, height_mm: float,
              align: Align = "RIGHT") -> HwpxBuilder:
        self.blocks.append(Image(content=content, format=format, width_mm=width_mm, height_mm=height_mm,
                                 align=align))
        return self

    def render(self) -> bytes:
        doc = HwpxDocument.new()
        for block in self.blocks:
            if isinstance(block, Paragraph):
                style = None
                if block.bold or block.size:
                    style = doc.styles.ensure_run(bold=block.bold, size=block.size)
                doc.add_paragraph(block.text, char_pr_id_ref=style)
                if block.align:
                    doc.styles.apply_paragraph_format(paragraph_index=len(doc.paragraphs) - 1,
                                                      alignment=block.align)
            elif isinstance(block, Table):
                table = doc.add_table(len(block.rows), 2)
                for row, (label, value) in enumerate(block.rows):
                    table.set_cell_text(row, 0, label)
                    table.set_cell_text(row, 1, value)
            else:
                doc.add_picture(block.content, "jpg" if block.format == "jpeg" else block.format,
                                width_mm=block.width_mm, height_mm=block.height_mm, align=block.align)
        return doc.to_bytes()


def hwpx_text(content: bytes) -> str:
    """The plain text of an HWPX file (paragraphs and table cells), e.g. to check a rendered document."""
    return HwpxDocument.open(content).text.plain()
