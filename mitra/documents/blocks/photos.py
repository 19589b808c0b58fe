import io
from dataclasses import dataclass

from docx.shared import Mm, Pt

from mitra.documents.blocks.base import GREY, Block


@dataclass
class Photo:
    data: bytes
    content_type: str
    caption: str

    @property
    def data_uri(self) -> str:
        import base64

        return f"data:{self.content_type};base64,{base64.b64encode(self.data).decode()}"


@dataclass
class Photos(Block):
    items: list[Photo]
    kind: str = "photos"

    def typst(self, files) -> dict:
        return {
            "kind": self.kind,
            "items": [{"image": files.add(p.data, p.content_type), "caption": str(p.caption)} for p in self.items],
        }

    def word(self, document) -> None:
        captions = any(str(photo.caption).strip() for photo in self.items)
        table = document.add_table(rows=2 if captions else 1, cols=len(self.items))
        for c, photo in enumerate(self.items):
            table.rows[0].cells[c].paragraphs[0].add_run().add_picture(io.BytesIO(photo.data), width=Mm(75))
            if captions:
                caption = table.rows[1].cells[c].paragraphs[0].add_run(photo.caption)
                caption.font.size, caption.font.color.rgb = Pt(8), GREY
