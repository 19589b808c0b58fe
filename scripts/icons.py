"""Build static/mitra/icons.svg, the one sprite of interface icons, from a Lucide package (ISC).

    python scripts/icons.py path/to/lucide-static/package

Only the icons named in ICONS go in; each becomes a <symbol id="name">, used as
{% icon "name" %} (mitra/schools/templatetags/ui.py). To add one: name it here, run this
with `npm pack lucide-static` unpacked (or any copy of its icons/ folder), commit the sprite.
"""

import re
import sys
from pathlib import Path

ICONS = [
    # The cycle's stages (the bottom navigation on phones)
    "house",
    "clipboard-list",
    "handshake",
    "list-checks",
    "chart-column",
    "file-text",
    "users",
    # What to do next
    "clock",
    "calendar-clock",
    "image-off",
    "triangle-alert",
    "circle-check",
    "hourglass",
    # Actions
    "camera",
    "plus",
    "search",
    "copy",
    "share-2",
    "message-circle",
    "qr-code",
    "chevron-right",
    "bell",
    "log-out",
    "menu",
    "check",
    "printer",
    "download",
    "pencil",
    "trash-2",
]

OUT = Path(__file__).resolve().parent.parent / "static" / "mitra" / "icons.svg"


def symbol(name: str, svg: str) -> str:
    body = svg.split(">", 2)[2] if svg.lstrip().startswith("<!--") else svg.split(">", 1)[1]
    body = body.rsplit("</svg>", 1)[0]
    body = re.sub(r"\s*\n\s*", "", body).replace(" />", "/>")
    return f'<symbol id="{name}" viewBox="0 0 24 24">{body}</symbol>'


def main(package: Path) -> None:
    version = re.search(r'"version":\s*"([^"]+)"', (package / "package.json").read_text())[1]
    symbols = [symbol(name, (package / "icons" / f"{name}.svg").read_text()) for name in ICONS]
    OUT.write_text(
        f"<!-- Lucide {version} (ISC, see icons-LICENSE.txt), built by scripts/icons.py -->\n"
        '<svg xmlns="http://www.w3.org/2000/svg" fill="none" stroke="currentColor" stroke-width="2" '
        'stroke-linecap="round" stroke-linejoin="round">\n' + "\n".join(symbols) + "\n</svg>\n"
    )
    print(f"{OUT}: {len(symbols)} icons, {OUT.stat().st_size} bytes")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
