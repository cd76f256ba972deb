"""Draw the app's icons (two people, side by side, on the site's green) as PNGs, with the standard library only.

`python scripts/make_icons.py` writes mentorship/static/icons/: icon-192/512 (rounded square, transparent
corners, purpose "any"), maskable-192/512 (full bleed, the drawing inside the 80% safe zone), and
apple-touch-icon (180, full bleed: iOS rounds it itself), favicon-32.
"""

import struct
import zlib
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "mentorship" / "static" / "icons"
GREEN = (0x2F, 0x6F, 0x5E)
WHITE = (0xFF, 0xFF, 0xFF)
LIGHT = (0xE3, 0xF0, 0xEC)
SAMPLES = 3  # per axis: 9 samples a pixel smooth the edges


def person(x: float, y: float, cx: float, scale: float) -> bool:
    """A head and shoulders centred on cx, in unit coordinates (0..1), drawn at `scale` around the centre."""
    x, y = 0.5 + (x - 0.5) / scale, 0.5 + (y - 0.5) / scale
    head = (x - cx) ** 2 + (y - 0.36) ** 2 <= 0.105**2
    body = ((x - cx) / 0.2) ** 2 + ((y - 0.78) / 0.27) ** 2 <= 1 and y <= 0.74
    return head or body


def colour_at(x: float, y: float, scale: float, rounded: bool) -> tuple[int, int, int, int]:
    if rounded:
        r = 0.18  # corner radius of the rounded square
        dx, dy = max(r - x, x - (1 - r), 0), max(r - y, y - (1 - r), 0)
        if dx * dx + dy * dy > r * r:
            return (0, 0, 0, 0)
    if person(x, y, 0.63, scale):
        return (*LIGHT, 255)
    if person(x, y, 0.37, scale):
        return (*WHITE, 255)
    return (*GREEN, 255)


def draw(size: int, scale: float, rounded: bool) -> bytes:
    rows = []
    for py in range(size):
        row = bytearray([0])
        for px in range(size):
            total = [0, 0, 0, 0]
            for sy in range(SAMPLES):
                for sx in range(SAMPLES):
                    c = colour_at(
                        (px + (sx + 0.5) / SAMPLES) / size, (py + (sy + 0.5) / SAMPLES) / size, scale, rounded
                    )
                    for i in range(4):
                        total[i] += c[i]
            row += bytes(v // (SAMPLES * SAMPLES) for v in total)
        rows.append(bytes(row))
    return png(size, b"".join(rows))


def png(size: int, raw: bytes) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, size, scale, rounded in (
        ("icon-192.png", 192, 0.9, True),
        ("icon-512.png", 512, 0.9, True),
        ("maskable-192.png", 192, 0.7, False),
        ("maskable-512.png", 512, 0.7, False),
        ("apple-touch-icon.png", 180, 0.8, False),
        ("favicon-32.png", 32, 1.0, True),
    ):
        (OUT / name).write_bytes(draw(size, scale, rounded))
        print(name)


if __name__ == "__main__":
    main()
