"""Build rules/tables/similar_chars.tsv: which Chinese characters look alike to OCR.

Each character of GB 2312 (the 6,763 ideographs that cover everyday simplified
text) is rendered from the Noto CJK fonts that Debian ships (fonts-noto-cjk,
SIL Open Font License 1.1), in a serif face (print is mostly Song/Ming) and a
sans face, at a fixed origin so that position inside the em square counts.
Each rendering is downsampled to 24x24, blurred a little (a stroke shifted by a
pixel should still match) and normalised; the similarity of two characters is
the mean over both faces of the cosine of their vectors. For every character
the script keeps its closest neighbours above a threshold.

The blurred cosine sees the overall shape at a fixed place in the em square; it
underrates pairs that differ by one stroke but sit differently (天/夭 0.72, 干/千 0.79,
今/令 0.79, 候/侯 0.78) and misses some (市/布, 建/健, 万/刀, 吗/呜, 弓/亏, 孔/扎).
A second measure compares thin strokes: each glyph at
32x32 (area-averaged, so thin strokes survive), the share of one glyph's ink
within a pixel of the other's after the best shift of at most a pixel, corrected
for chance (a dense glyph is near every stroke) and taken the worse way round, so
that both glyphs must be nearly covered by each other. Dense glyphs still come
close to many others by this measure, so a pair counts only as *mutual* nearest
neighbours (each among the other's closest ``MUTUAL`` by it) and from
``STROKE_THRESHOLD``. It is computed for the 200 closest candidates of each
character by the cosine and by an unshifted version of itself, not all pairs.
A pair's similarity is the higher of the two measures.

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
STROKE_GRID = 32  # the thin-stroke comparison's grid
STROKE_THRESHOLD = 0.75  # a thin-stroke pair from this overlap
MUTUAL = 3  # ... when each is among the other's closest this many by it
CANDIDATES = 100  # per character and per pre-selection, the pairs the thin-stroke measure is computed for


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


def strokes(font: ImageFont.FreeTypeFont, ch: str) -> tuple[np.ndarray, np.ndarray]:
    """Thin-stroke ink of a glyph on the comparison grid (padded by a pixel) and the ink dilated by a pixel."""
    image = Image.new("L", (SIZE, SIZE), 0)
    ImageDraw.Draw(image).text((0, 0), ch, fill=255, font=font, anchor="lt")
    ink = np.pad(np.asarray(image.resize((STROKE_GRID, STROKE_GRID), Image.BOX)) >= 64, 1)
    near = np.asarray(Image.fromarray(ink.astype(np.uint8) * 255).filter(ImageFilter.MaxFilter(3))) > 0
    return ink, near


def _coverage(ink: np.ndarray, near: np.ndarray) -> np.ndarray:
    """Unshifted thin-stroke similarity of all pairs (the pre-selection): chance-corrected, worse way round."""
    cover = (ink @ near.T) / np.maximum(ink.sum(1), 1)[:, None]
    chance = near.sum(1) / near.shape[1]
    cover = (cover - chance[None, :]) / (1 - chance[None, :])
    return np.minimum(cover, cover.T)


def stroke_similarity(chars: list[str], cosine: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each character, its candidate partners and their thin-stroke similarity (mean over faces)."""
    g, n = STROKE_GRID, len(chars)
    glyphs = []
    for path, index in FONTS:
        font = ImageFont.truetype(path, SIZE - 4, index=index)
        inks, nears = zip(*(strokes(font, ch) for ch in chars))
        glyphs.append((np.array(inks), np.array(nears)))
    plain = sum(_coverage(ink[:, 1:-1, 1:-1].reshape(n, -1).astype(np.float32),
                          near[:, 1:-1, 1:-1].reshape(n, -1).astype(np.float32)) for ink, near in glyphs)
    np.fill_diagonal(plain, -np.inf)
    candidates = np.concatenate([np.argsort(-plain, 1)[:, :CANDIDATES], np.argsort(-cosine, 1)[:, :CANDIDATES]], 1)
    total = np.zeros(candidates.shape, dtype=np.float32)
    for ink, near in glyphs:
        inner = ink[:, 1 : 1 + g, 1 : 1 + g].reshape(n, -1).astype(np.float32)
        amount = np.maximum(inner.sum(1), 1)
        best = np.full(candidates.shape, -1.0, dtype=np.float32)
        for dy in (-1, 0, 1):
            for dx in (-1, 0, 1):
                # the partner shifted by (dy, dx), and the character shifted back
                there = near[:, 1 + dy : 1 + dy + g, 1 + dx : 1 + dx + g].reshape(n, -1).astype(np.float32)
                back = near[:, 1 - dy : 1 - dy + g, 1 - dx : 1 - dx + g].reshape(n, -1).astype(np.float32)
                there_chance, back_chance = there.sum(1) / g / g, back.sum(1) / g / g
                for lo in range(0, n, 128):
                    rows = np.arange(lo, min(n, lo + 128))
                    partners = candidates[rows]
                    mine = np.einsum("ikp,ip->ik", there[partners], inner[rows]) / amount[rows][:, None]
                    mine = (mine - there_chance[partners]) / (1 - there_chance[partners])
                    theirs = np.einsum("ikp,ip->ik", inner[partners], back[rows]) / amount[partners]
                    theirs = (theirs - back_chance[rows][:, None]) / (1 - back_chance[rows][:, None])
                    best[rows] = np.maximum(best[rows], np.minimum(mine, theirs))
        total += best
    return candidates, total / len(FONTS)


def mutual_stroke_pairs(chars: list[str], cosine: np.ndarray) -> dict[tuple[int, int], float]:
    """Thin-stroke pairs that are mutual nearest neighbours from STROKE_THRESHOLD: (i, j) -> similarity."""
    candidates, scores = stroke_similarity(chars, cosine)
    near: list[dict[int, float]] = []
    for i in range(len(chars)):
        mine: dict[int, float] = {}
        for j, score in zip(candidates[i].tolist(), scores[i].tolist()):
            if j != i and score > mine.get(j, -np.inf):
                mine[j] = score
        near.append(mine)
    closest = [set(sorted(mine, key=lambda j: (-mine[j], j))[:MUTUAL]) for mine in near]
    return {(i, j): near[i][j] for i in range(len(chars)) for j in closest[i]
            if i in closest[j] and near[i][j] >= STROKE_THRESHOLD}


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
    strokes_near: dict[int, dict[int, float]] = {}
    for (i, j), score in mutual_stroke_pairs(chars, sims).items():
        strokes_near.setdefault(i, {})[j] = score
    rows = []
    for i, ch in enumerate(chars):
        # at most TOP by the cosine, and the (at most MUTUAL) thin-stroke pairs on top of them
        near_i = {int(j): float(sims[i, j]) for j in np.argsort(-sims[i])[:TOP] if sims[i, j] >= THRESHOLD}
        for j, score in strokes_near.get(i, {}).items():
            near_i[j] = max(near_i.get(j, 0.0), score)
        near = [(chars[j], score) for j, score in sorted(near_i.items(), key=lambda x: (-x[1], x[0]))]
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
        "# over both faces, or where higher, a thin-stroke overlap (32x32, shifts of a pixel, chance-corrected)",
        f"# of mutual nearest neighbours (each among the other's {MUTUAL} closest) from {STROKE_THRESHOLD};",
        f"# neighbours with a cosine >= {THRESHOLD}, at most {TOP} per character, and the thin-stroke pairs on top.",
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
