"""Lists typed into a text: an agreement's article says "1. ..." / "a. ..." at the start of its
paragraphs. The documents draw those as lists (the PDF hangs the lines under the text, Word makes
real numbered lists) rather than as characters at the start of a line."""

import re
from dataclasses import dataclass

# "1." "12)" "(3)" — and "a." "b)" "(c)": a marker, then the text.
MARKER = re.compile(r"^\s*(\(?(?:(\d{1,2})|([a-z]))[.)])\s+(\S.*)$", re.DOTALL)


@dataclass(frozen=True)
class Item:
    text: str
    marker: str = ""  # as typed: "1.", "a)", "(2)"; "" for a plain paragraph
    lettered: bool = False
    depth: int = 0  # 1 for a lettered item under a numbered one


def items(paragraphs: list[str]) -> list[Item]:
    """The paragraphs with their typed markers taken apart. A lettered item is nested when a
    numbered one came before it in the same text; a plain paragraph ends the nesting."""
    found, numbered = [], False
    for paragraph in paragraphs:
        match = MARKER.match(paragraph)
        if not match or (match.group(1).startswith("(") and not match.group(1).endswith(")")):
            found.append(Item(text=paragraph))
            numbered = False
            continue
        lettered = match.group(3) is not None
        numbered = numbered or not lettered
        found.append(
            Item(text=match.group(4), marker=match.group(1), lettered=lettered, depth=1 if lettered and numbered else 0)
        )
    return found
