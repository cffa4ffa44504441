"""Render short pages of Chinese text with the Noto CJK font and read them with real Tesseract.

The pages look like a printed report: a running header (title and 第N页) and a footer
(— N —), paragraphs indented by two ideographic spaces that flow across pages, and a
centred heading. Tesseract reads all pages in one run (``-l chi_sim --psm 6``, as a
user's OCR step would) and writes its plain text, hOCR and ALTO of the same run.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

FONT = Path("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc")
TITLE = "城市绿地建设情况汇编"

# Our own text (not from any evaluation set): a short report in four paragraphs and a heading.
PARAGRAPHS = [
    "各位同事：",
    "　　今年以来，我们围绕城市绿地建设的主要任务，扎实推进各项工作，取得了明显成效。"
    "全年新建公园十二座，改造街头绿地八十六处，新增绿道四十五公里，城市绿化覆盖率达到百分之四十三。",
    "一、主要工作",
    "　　一是加强规划引领。编制了绿地系统专项规划，明确了近期建设项目和年度计划，"
    "做到每个项目都有责任单位、完成时限和资金来源。二是坚持因地制宜。老城区见缝插绿，"
    "新城区成片布局，充分利用边角地和闲置地建设口袋公园，方便群众就近休闲。",
    "　　三是完善管护机制。推行绿地认养和网格化管理，组织志愿者参与日常养护，"
    "全年开展病虫害防治二百余次，树木成活率保持在较高水平。同时，我们也清醒地看到，"
    "部分绿地设施老化、养护经费不足等问题仍然存在，需要在今后的工作中认真加以解决。",
]


@dataclass(frozen=True)
class TesseractRun:
    pages: int
    txt: Path
    hocr: Path
    alto: Path


def tesseract_missing() -> str | None:
    """Why the real-OCR tests cannot run here, or None."""
    if shutil.which("tesseract") is None:
        return "tesseract is not installed (make system-deps installs tesseract-ocr and tesseract-ocr-chi-sim)"
    langs = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True).stdout.split()
    if "chi_sim" not in langs:
        return "Tesseract's chi_sim language data is missing (Debian: tesseract-ocr-chi-sim)"
    if not FONT.exists():
        return f"the Noto CJK font {FONT} is missing (Debian: fonts-noto-cjk)"
    try:
        import PIL  # noqa: F401
    except ImportError:
        return "Pillow is missing (pip install -e '.[test]')"
    return None


def render_pages(paragraphs: list[str], directory: Path, chars_per_line: int = 24, lines_per_page: int = 9) -> list[Path]:
    """Typeset ``paragraphs`` on pages with a running header and footer; return the images."""
    from PIL import Image, ImageDraw, ImageFont

    size, leading, margin = 36, 60, 110
    font = ImageFont.truetype(str(FONT), size)
    small = ImageFont.truetype(str(FONT), 28)
    width = 2 * margin + chars_per_line * size
    height = 2 * margin + 160 + lines_per_page * leading
    lines: list[tuple[str, bool]] = []  # (text, centred)
    for paragraph in paragraphs:
        if not paragraph.startswith("　") and len(paragraph) < chars_per_line:
            lines.append((paragraph, paragraph[0] not in "各"))  # a heading is centred
            continue
        lines.extend((paragraph[i : i + chars_per_line], False) for i in range(0, len(paragraph), chars_per_line))
    images = []
    for number, start in enumerate(range(0, len(lines), lines_per_page), 1):
        image = Image.new("L", (width, height), 255)
        draw = ImageDraw.Draw(image)
        draw.text((margin, margin - 50), TITLE, font=small, fill=0)
        page_mark = f"第{number}页"
        draw.text((width - margin - draw.textlength(page_mark, font=small), margin - 50), page_mark, font=small, fill=0)
        draw.line((margin, margin - 8, width - margin, margin - 8), fill=0, width=2)
        y = margin + 40
        for text, centred in lines[start : start + lines_per_page]:
            x = (width - draw.textlength(text, font=font)) / 2 if centred else margin
            draw.text((x, y), text, font=font, fill=0)
            y += leading
        footer = f"— {number} —"
        draw.text(((width - draw.textlength(footer, font=small)) / 2, height - margin + 20), footer, font=small, fill=0)
        path = directory / f"page-{number:03d}.png"
        image.save(path, dpi=(300, 300))
        images.append(path)
    return images


def run_tesseract(images: list[Path], directory: Path) -> TesseractRun:
    """One Tesseract run over all pages, writing its text, hOCR and ALTO."""
    listing = directory / "pages.txt"
    listing.write_text("".join(f"{p}\n" for p in images), encoding="utf-8")
    base = directory / "scan"
    subprocess.run(["tesseract", str(listing), str(base), "-l", "chi_sim", "--psm", "6", "txt", "hocr", "alto"],
                   check=True, capture_output=True)
    return TesseractRun(len(images), base.with_suffix(".txt"), base.with_suffix(".hocr"), Path(f"{base}.xml"))
