from dataclasses import dataclass

from mitra.documents import word
from mitra.documents.blocks.base import Block


@dataclass
class Subheading(Block):
    text: str
    kind: str = "subheading"

    def typst(self, files) -> dict:
        return {"kind": self.kind, "text": str(self.text)}

    def word(self, document) -> None:
        word.heading(document, 3, str(self.text))
