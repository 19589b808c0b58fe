from dataclasses import dataclass

from mitra.documents.blocks.base import GREY, Block, paragraph


@dataclass
class Paragraph(Block):
    text: str
    muted: bool = False
    kind: str = "paragraph"

    def typst(self, files) -> dict:
        return {"kind": self.kind, "text": str(self.text), "muted": self.muted}

    def word(self, document) -> None:
        paragraph(document, self.text, colour=GREY if self.muted else None)
