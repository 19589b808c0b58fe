"""What a written report is made of, independent of how it is printed: paragraphs, subheadings, key
figures, tables, charts and photos. One module per kind of block; each block knows how it is written
into the PDF's data and laid out in Word (base.Block), so the two files always say the same thing.

The registry below is the one list of block kinds. Adding one: its module beside these, one line
here, and its drawing function in templates/documents/typst/report.typ (its `drawers` dictionary:
Typst cannot be told from Python how to draw). tests/documents/test_block_kinds.py checks all three."""

from mitra.documents.blocks.base import Block
from mitra.documents.blocks.figure import Figure
from mitra.documents.blocks.figures import Figures
from mitra.documents.blocks.paragraph import Paragraph
from mitra.documents.blocks.photos import Photo, Photos
from mitra.documents.blocks.subheading import Subheading
from mitra.documents.blocks.table import LINE, Table


def registry(*kinds: type[Block]) -> dict[str, type[Block]]:
    """{kind: class}; a class that is not a whole block (a rendering missing, no kind of its own) is refused."""
    found = {}
    for cls in kinds:
        missing = sorted(getattr(cls, "__abstractmethods__", ()))
        kind = getattr(cls, "__dataclass_fields__", {}).get("kind")
        if missing or kind is None or not isinstance(kind.default, str) or not kind.default:
            raise TypeError(f"{cls.__name__} is not a whole block: missing {missing or ['its kind']}")
        if kind.default in found:
            raise TypeError(f"Two block kinds are called {kind.default!r}")
        found[kind.default] = cls
    return found


KINDS = registry(
    Paragraph,
    Subheading,
    Figures,
    Table,
    Figure,
    Photos,
)

__all__ = ["KINDS", "LINE", "Block", "Figure", "Figures", "Paragraph", "Photo", "Photos", "Subheading", "Table"]
