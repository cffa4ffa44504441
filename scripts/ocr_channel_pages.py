"""Typesetting corpus text as book pages and "scanning" them, for scripts/build_ocr_channel.py.

The pages follow ../shared/eval/tesseract/README.md: A4, Noto Serif or Sans CJK SC
at 10.5-11 pt, 32-35 characters a line, justified, paragraphs indented by two ems
and flowing across pages, centred headings, a running header with a rule and a
footer, drawn at 600 dpi; each page is then scanned in one of five conditions (or, for
``scan --hard``, printed at 9-9.5 pt and scanned in one of three harder ones).
Runs with Debian's python3 (python3-pil, python3-numpy), imported lazily.
"""

from __future__ import annotations

import random
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
FONT_DIR = "/usr/share/fonts/opentype/noto/"
FONTS = {  # family -> (regular, bold) file; face 2 of each collection is Simplified Chinese
    "serif": ("NotoSerifCJK-Regular.ttc", "NotoSerifCJK-Bold.ttc"),
    "sans": ("NotoSansCJK-Regular.ttc", "NotoSansCJK-Bold.ttc"),
}
FACE_SC = 2
MASTER_DPI = 600
PAGE_MM = (210.0, 297.0)
MARGIN_TOP_MM, MARGIN_BOTTOM_MM = 30.0, 28.0
HEADER_Y_MM, HEADER_PT, FOOTER_FROM_BOTTOM_MM = 20.0, 9.0, 16.0
CONDITIONS = ("clean300", "blur200", "rot_sp300", "light300", "lowres150")
# Harder conditions for a second run (scan --hard): smaller print, heavier or noisier scans, as
# cheap office scanners and photocopies give; more confusions per page of OCR time.
HARD_CONDITIONS = ("lowres120", "bold300", "noisy200")
SIZES_PT = (10.5, 11.0)
HARD_SIZES_PT = (9.0, 9.5)
NO_LINE_START = set("，。、；：？！）》」』”’%…—·,.;:?!)")
NO_LINE_END = set("（《「『“‘(")
SENTENCE_END = set("。；：！？，.;:!?,”）)")
TRADITIONAL_SHARE = 0.05  # a file with more Han characters outside GB 2312 than this is skipped


def mm_px(mm: float, dpi: int = MASTER_DPI) -> int:
    return round(mm / 25.4 * dpi)


def pt_px(pt: float, dpi: int = MASTER_DPI) -> float:
    return pt / 72 * dpi


# ---------------------------------------------------------------- typesetting


def document_title(stem: str) -> str:
    """The running header of a corpus file: 1985年政府工作报告, 第十二次全国代表大会报告."""
    parts = stem.split("_")
    if stem.startswith("gov_work_report_"):
        return f"{parts[-1]}年政府工作报告"
    digits = "零一二三四五六七八九"
    n = int(parts[2])
    tens = ("" if n < 20 else digits[n // 10]) + "十" if n >= 10 else ""
    return f"第{tens}{digits[n % 10] if n % 10 or n < 10 else ''}次全国代表大会报告"


def in_gb2312(ch: str) -> bool:
    try:
        ch.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def traditional(path: Path) -> bool:
    """A corpus file in traditional characters (1954's report): not what chi_sim documents look like."""
    han = [ch for ch in path.read_text(encoding="utf-8") if "\u4e00" <= ch <= "\u9fff"]
    return sum(not in_gb2312(ch) for ch in han) > TRADITIONAL_SHARE * len(han)


def is_heading(paragraph: str) -> bool:
    return len(paragraph) <= 25 and paragraph[-1] not in SENTENCE_END


def break_lines(text: str, advance, width: float, indent: float) -> list[tuple[str, bool]]:
    """Greedy line breaking with the simple kinsoku rules: (line, is last of paragraph)."""
    lines: list[str] = []
    current, used, room = "", 0.0, width - indent
    for ch in text:
        w = advance(ch)
        if current and used + w > room + 0.01:
            # no closing punctuation at a line start, no opening one at a line end
            carry = ""
            if ch in NO_LINE_START and len(current) > 1:
                carry, current = current[-1], current[:-1]
            while len(current) > 1 and current[-1] in NO_LINE_END:
                carry, current = current[-1] + carry, current[:-1]
            lines.append(current)
            current, room = carry, width
            used = sum(advance(c) for c in carry)
        current += ch
        used += w
    lines.append(current)
    return [(line, k == len(lines) - 1) for k, line in enumerate(lines)]


def typeset(paragraphs: list[str], style: dict) -> list[dict]:
    """The document as a list of lines: text, kind (body/heading/blank), justify, indent."""
    from PIL import ImageFont

    em = pt_px(style["font_pt"])
    font = ImageFont.truetype(FONT_DIR + FONTS[style["family"]][0], round(em), index=FACE_SC)
    cache: dict[str, float] = {}

    def advance(ch: str) -> float:
        if ch not in cache:
            cache[ch] = font.getlength(ch)
        return cache[ch]

    width = style["chars_per_line"] * em
    out: list[dict] = []
    for paragraph in paragraphs:
        paragraph = paragraph.strip()
        if not paragraph:
            continue
        if is_heading(paragraph):
            out.append({"kind": "blank", "text": ""})
            out.append({"kind": "heading", "text": paragraph})
            continue
        for k, (line, last) in enumerate(break_lines(paragraph, advance, width, 2 * em)):
            out.append({"kind": "body", "text": line, "indent": k == 0, "justify": not last})
    return out


def paginate(lines: list[dict], per_page: int) -> list[list[dict]]:
    pages, page = [], []
    for line in lines:
        if line["kind"] == "blank" and not page:
            continue
        page.append(line)
        if len(page) == per_page:
            pages.append(page)
            page = []
    if page:
        pages.append(page)
    return pages


def plan(n_pages: int, seed: int, conditions: tuple[str, ...] = CONDITIONS,
         sizes: tuple[float, ...] = SIZES_PT) -> list[dict]:
    """Choose the pages to scan: a style per document, a condition per page, spread over the corpus."""
    rng = random.Random(seed)
    documents = sorted(CORPUS.glob("*.txt"))
    every = []
    for path in documents:
        style = {
            "family": rng.choice(sorted(FONTS)),
            "font_pt": rng.choice(list(sizes)),
            "chars_per_line": rng.randint(32, 35),
            "line_spacing": round(rng.uniform(1.45, 1.75), 2),
        }
        paragraphs = path.read_text(encoding="utf-8").splitlines()
        lines = typeset(paragraphs, style)
        pitch = pt_px(style["font_pt"]) * style["line_spacing"]
        per_page = int((mm_px(PAGE_MM[1] - MARGIN_TOP_MM - MARGIN_BOTTOM_MM) - pt_px(style["font_pt"])) // pitch) + 1
        for number, page in enumerate(paginate(lines, per_page), 1):
            every.append({"doc": path.name, "page": number, "style": style, "lines": page})
    rng.shuffle(every)
    # conditions and noise seeds are drawn before the cut, so that a larger --pages
    # extends a smaller one (and its cache) instead of reshuffling it
    for k, page in enumerate(every):
        page["condition"] = conditions[k % len(conditions)]
        page["seed"] = rng.randrange(1 << 30)
        page["id"] = f"{Path(page['doc']).stem}-p{page['page']:03d}"
        page["run"] = seed
    skip = {path.name for path in documents if traditional(path)}
    return [page for page in every if page["doc"] not in skip][:n_pages]


# ---------------------------------------------------------------- scanning


def draw_page(page: dict):
    """The page at the master resolution: 255 where there is ink."""
    from PIL import Image, ImageDraw, ImageFont

    style = page["style"]
    em = pt_px(style["font_pt"])
    regular, bold = (FONT_DIR + f for f in FONTS[style["family"]])
    font = ImageFont.truetype(regular, round(em), index=FACE_SC)
    heading_font = ImageFont.truetype(bold, round(em), index=FACE_SC)
    small = ImageFont.truetype(regular, round(pt_px(HEADER_PT)), index=FACE_SC)
    w, h = mm_px(PAGE_MM[0]), mm_px(PAGE_MM[1])
    image = Image.new("L", (w, h), 0)
    draw = ImageDraw.Draw(image)
    width = style["chars_per_line"] * em
    left = (w - width) / 2
    # running header with a rule under it, footer
    header_y = mm_px(HEADER_Y_MM)
    draw.text((left, header_y), document_title(Path(page["doc"]).stem), font=small, fill=255, anchor="ls")
    draw.text((left + width, header_y), f"第{page['page']}页", font=small, fill=255, anchor="rs")
    draw.line([(left, header_y + 40), (left + width, header_y + 40)], fill=255, width=3)
    draw.text((w / 2, h - mm_px(FOOTER_FROM_BOTTOM_MM)), f"— {page['page']} —", font=small, fill=255, anchor="ms")
    pitch = em * style["line_spacing"]
    top = mm_px(MARGIN_TOP_MM) + em * 0.88
    for k, line in enumerate(page["lines"]):
        y = top + k * pitch
        text = line["text"]
        if line["kind"] == "heading":
            draw.text((w / 2, y), text, font=heading_font, fill=255, anchor="ms")
            continue
        if not text:
            continue
        x = left + (2 * em if line.get("indent") else 0)
        advances = [font.getlength(ch) for ch in text]
        gap = 0.0
        if line.get("justify") and len(text) > 1:
            gap = (left + width - x - sum(advances)) / (len(text) - 1)
        for ch, a in zip(text, advances):
            draw.text((x, y), ch, font=font, fill=255, anchor="ls")
            x += a + gap
    return image


def scan(page: dict):
    """Print and scan the page in its condition; returns the image and what was done."""
    import numpy as np
    from PIL import Image, ImageFilter

    rng = random.Random(page["seed"])
    nprng = np.random.default_rng(page["seed"])
    condition = page["condition"]
    dpi = {"blur200": 200, "lowres150": 150, "lowres120": 120, "noisy200": 200}.get(condition, 300)
    done: dict = {"condition": condition, "dpi": dpi}
    if condition == "light300":
        ink, paper = rng.randint(135, 170), rng.randint(205, 228)
    else:
        ink, paper = rng.randint(0, 30), rng.randint(240, 252)
    master = draw_page(page)
    if condition == "bold300":  # heavy ink: every stroke a third of a point wider
        master = master.filter(ImageFilter.MaxFilter(3))
    coverage = master.reduce(MASTER_DPI // dpi)
    blur = {"blur200": (0.8, 1.2), "light300": (0.3, 0.6), "lowres150": (0.3, 0.5), "lowres120": (0.3, 0.5),
            "bold300": (0.4, 0.7), "noisy200": (0.5, 0.8)}.get(condition)
    if blur:
        done["blur_radius_px"] = round(rng.uniform(*blur), 2)
        coverage = coverage.filter(ImageFilter.GaussianBlur(done["blur_radius_px"]))
    if condition == "rot_sp300":
        done["rotation_deg"] = round(rng.choice([-1, 1]) * rng.uniform(0.3, 0.8), 2)
        coverage = coverage.rotate(done["rotation_deg"], resample=Image.BICUBIC, fillcolor=0)
    c = np.asarray(coverage, dtype=np.float32) / 255.0
    pixels = paper + (ink - paper) * c
    sigma = {"clean300": 2.0, "light300": 6.0, "lowres150": 2.5, "noisy200": 12.0}.get(condition, 3.0)
    pixels += nprng.normal(0.0, sigma, pixels.shape)
    if condition in ("rot_sp300", "noisy200"):
        done["salt_pepper_density"] = round(rng.uniform(0.003, 0.008) if condition == "rot_sp300"
                                            else rng.uniform(0.001, 0.003), 4)
        hit = nprng.random(pixels.shape) < done["salt_pepper_density"]
        pixels[hit] = np.where(nprng.random(int(hit.sum())) < 0.5, 0.0, 255.0)
    done.update(ink=ink, paper=paper, noise_sigma=sigma)
    return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8)), done
