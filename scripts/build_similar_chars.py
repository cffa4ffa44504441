"""Build rules/tables/similar_chars.tsv: which Chinese characters look alike to OCR.

Each character of GB 2312 (the 6,763 ideographs that cover everyday simplified
text) is rendered from the Noto CJK fonts that Debian ships (fonts-noto-cjk,
SIL Open Font License 1.1), in a serif face (print is mostly Song/Ming) and a
sans face, at a fixed origin so that position inside the em square counts.
Each rendering is downsampled to 24x24, blurred a little (a stroke shifted by a
pixel should still match) and normalised; the similarity of two characters is
the mean over both faces of the cosine of their vectors. For every character
the script keeps its closest neighbours above a threshold.

The output holds only characters and similarity scores, no glyph data.

Run (build-time only; not a dependency of the package):

    apt-get install -y fonts-noto-cjk python3-pil python3-numpy
    /usr/bin/python3 scripts/build_similar_chars.py            # writes the table
    /usr/bin/python3 scripts/build_similar_chars.py --check 干  # show one row
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "rules" / "tables" / "similar_chars.tsv"
FONTS = [  # (path, face index of the Simplified Chinese face in the collection)
    ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc", 2),
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),
]
SIZE = 64  # rendering size in pixels
GRID = 24  # comparison grid
THRESHOLD = 0.70  # keep neighbours at least this similar
TOP = 10  # and at most this many per character


def gb2312_ideographs() -> list[str]:
    """The 6,763 ideographs of GB 2312, levels 1 and 2, in code order."""
    chars = []
    for hi in range(0xB0, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                ch = bytes([hi, lo]).decode("gb2312")
            except UnicodeDecodeError:
                continue
            chars.append(ch)
    return chars


def render(font: ImageFont.FreeTypeFont, ch: str) -> np.ndarray:
    image = Image.new("L", (SIZE, SIZE), 0)
    ImageDraw.Draw(image).text((0, 0), ch, fill=255, font=font, anchor="lt")
    small = image.filter(ImageFilter.GaussianBlur(1.5)).resize((GRID, GRID), Image.BILINEAR)
    vector = np.asarray(small, dtype=np.float32).ravel()
    vector -= vector.mean()
    norm = np.linalg.norm(vector)
    return vector / norm if norm else vector


def similarity_matrix(chars: list[str]) -> np.ndarray:
    total = np.zeros((len(chars), len(chars)), dtype=np.float32)
    for path, index in FONTS:
        font = ImageFont.truetype(path, SIZE - 4, index=index)
        vectors = np.stack([render(font, ch) for ch in chars])
        total += vectors @ vectors.T
    total /= len(FONTS)
    np.fill_diagonal(total, -1.0)
    return total


def font_digest() -> str:
    digest = hashlib.sha256()
    for path, _ in FONTS:
        digest.update(Path(path).read_bytes())
    return digest.hexdigest()[:16]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", help="print the neighbours of these characters instead of writing the table")
    parser.add_argument("-o", "--output", type=Path, default=OUT)
    args = parser.parse_args()
    chars = gb2312_ideographs()
    sims = similarity_matrix(chars)
    rows = []
    for i, ch in enumerate(chars):
        order = np.argsort(-sims[i])[:TOP]
        near = [(chars[j], float(sims[i, j])) for j in order if sims[i, j] >= THRESHOLD]
        if near:
            rows.append((ch, near))
    if args.check:
        index = {ch: i for i, ch in enumerate(chars)}
        for ch in args.check:
            order = np.argsort(-sims[index[ch]])[:12]
            print(ch, " ".join(f"{chars[j]}{sims[index[ch], j]:.2f}" for j in order))
        return 0
    rows.sort()
    lines = [
        "# Visually similar characters, made by scripts/build_similar_chars.py (do not edit by hand).",
        "# Glyphs of GB 2312 rendered from Debian's fonts-noto-cjk (Noto Serif/Sans CJK SC, SIL OFL 1.1),",
        f"# font files sha256 {font_digest()}; {GRID}x{GRID} blurred bitmaps, cosine similarity averaged",
        f"# over both faces; neighbours with similarity >= {THRESHOLD}, at most {TOP} per character.",
        "# Columns: a character, then its neighbours as character:similarity, closest first.",
        "from\tsimilar",
    ]
    for ch, near in rows:
        lines.append(ch + "\t" + " ".join(f"{c}:{s:.2f}" for c, s in near))
    args.output.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {args.output}: {len(rows)} characters with neighbours", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
