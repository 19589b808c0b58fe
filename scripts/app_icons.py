"""Draw the installable app's icons (static/mitra/app/) from the logo's geometry (static/mitra/favicon.svg:
a green rounded square and a white "M" drawn as one line), with Pillow, so no SVG renderer is needed.

    .venv/bin/python scripts/app_icons.py

"any" icons are the logo itself; the "maskable" one fills the square with green and keeps the M inside
the middle 60 %, as launchers cut it into a circle or a squircle."""

from pathlib import Path

from PIL import Image, ImageDraw

GREEN, WHITE = (15, 107, 79), (255, 255, 255)
OUT = Path(__file__).resolve().parent.parent / "static" / "mitra" / "app"
M = [(7, 23), (7, 9), (16, 17), (25, 9), (25, 23)]  # favicon.svg's path, on its 32 × 32 grid


def draw(size: int, *, maskable: bool) -> Image.Image:
    scale = 4  # drawn large, then shrunk: smooth edges without an anti-aliasing renderer
    big = size * scale
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    if maskable:
        pen.rectangle([0, 0, big, big], fill=GREEN)
        unit, offset = big * 0.6 / 32, big * 0.2
    else:
        pen.rounded_rectangle([0, 0, big - 1, big - 1], radius=big * 6 / 32, fill=GREEN)
        unit, offset = big / 32, 0
    points = [(offset + x * unit, offset + y * unit) for x, y in M]
    pen.line(points, fill=WHITE, width=round(3 * unit), joint="curve")
    return image.resize((size, size), Image.LANCZOS)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for size in (192, 512):
        draw(size, maskable=False).save(OUT / f"icon-{size}.png", optimize=True)
    draw(512, maskable=True).save(OUT / "icon-maskable-512.png", optimize=True)
    for path in sorted(OUT.glob("*.png")):
        print(path.name, path.stat().st_size)


if __name__ == "__main__":
    main()
