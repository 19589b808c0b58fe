"""Lists typed into a text: an agreement's article says "1. ..." / "a. ..." / "(1) ..." at the start
of its paragraphs. Both documents draw those as lists, at the same levels: Word as lists it numbers
itself (documents.word.typed_text), the PDF with the lines hanging under the text (typst `marked`)."""

import re
from dataclasses import dataclass

# "1. ", "2) ", "(3) ", "a. ", "b) ", "(c) " at the start of a typed paragraph.
TYPED_MARKER = re.compile(
    r"^\s*(?:(?P<open>\()?(?:(?P<number>\d{1,2})|(?P<letter>[a-z]))(?P<close>[.)]))\s+(?P<text>\S.*)$", re.S
)
MAX_LEVELS = 9  # as many as Word's lists have


def typed_marker(line: str) -> tuple[str, int, str] | None:
    """(the marker's style: "1.", "1)", "(1)", "a.", "a)" or "(a)"; its value; the text after it), or
    None for a paragraph that does not start with one."""
    found = TYPED_MARKER.match(line)
    if found is None or (found["open"] and found["close"] != ")"):
        return None
    value = int(found["number"]) if found["number"] else ord(found["letter"]) - ord("a") + 1
    style = ("1" if found["number"] else "a") + found["close"]
    return (f"({style}" if found["open"] else style), value, found["text"].strip()


@dataclass(frozen=True)
class Item:
    text: str
    marker: str = ""  # as typed: "1.", "a)", "(2)"; "" for a plain paragraph
    style: str = ""  # the marker's style, as typed_marker names it
    value: int = 0
    level: int = 0  # each style is a level, in the order the styles first appear


def items(paragraphs: list[str]) -> list[Item]:
    """The paragraphs with their typed markers taken apart and their levels: "1." then "a." nests
    the letters under the numbers."""
    markers = [typed_marker(paragraph) for paragraph in paragraphs]
    styles = tuple(dict.fromkeys(marker[0] for marker in markers if marker))[:MAX_LEVELS]
    found = []
    for paragraph, marker in zip(paragraphs, markers, strict=True):
        if marker is None:
            found.append(Item(text=paragraph))
            continue
        style, value, rest = marker
        level = styles.index(style) if style in styles else len(styles) - 1
        typed = paragraph.strip()[: len(paragraph.strip()) - len(rest)].strip()
        found.append(Item(text=rest, marker=typed, style=style, value=value, level=level))
    return found
