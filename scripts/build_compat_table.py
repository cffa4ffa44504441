"""Build rules/tables/compat_ideographs.tsv: compatibility code points to unified ideographs.

PDF text extraction and some OCR engines emit look-alike code points instead of
the ideographs: Kangxi radicals (U+2F00-U+2FD5, e.g. ⼀ for 一), CJK Radicals
Supplement (U+2E80-U+2EFF, e.g. ⻓ for 长) and CJK compatibility ideographs
(U+F900-U+FAFF, U+2F800-U+2FA1F). The mapping comes from the Unicode Character
Database (Unicode License v3): EquivalentUnifiedIdeograph.txt for the radicals
and the NFKC decomposition (Python's unicodedata) for the compatibility
ideographs. Only mappings to a unified ideograph are kept.

Run (build-time only):

    apt-get install -y unicode-data
    python3 scripts/build_compat_table.py
"""

from __future__ import annotations

import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "rules" / "tables" / "compat_ideographs.tsv"
EQUIVALENT = Path("/usr/share/unicode/EquivalentUnifiedIdeograph.txt")


def is_unified(ch: str) -> bool:
    cp = ord(ch)
    return 0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0x20000 <= cp <= 0x3134F


def radicals() -> dict[str, str]:
    pairs = {}
    for line in EQUIVALENT.read_text(encoding="utf-8").splitlines():
        line = line.split("#")[0].strip()
        if not line:
            continue
        span, target = (part.strip() for part in line.split(";"))
        lo, _, hi = span.partition("..")
        for cp in range(int(lo, 16), int(hi or lo, 16) + 1):
            if 0x2E80 <= cp <= 0x2FDF:  # radicals only; strokes (U+31C0..) are not ideographs
                pairs[chr(cp)] = chr(int(target, 16))
    return pairs


def compatibility() -> dict[str, str]:
    pairs = {}
    for lo, hi in ((0xF900, 0xFAFF), (0x2F800, 0x2FA1F)):
        for cp in range(lo, hi + 1):
            ch = chr(cp)
            mapped = unicodedata.normalize("NFKC", ch)
            if mapped != ch and len(mapped) == 1:
                pairs[ch] = mapped
    return pairs


def main() -> int:
    pairs = {**radicals(), **compatibility()}
    pairs = {k: v for k, v in pairs.items() if is_unified(v)}
    version = EQUIVALENT.read_text(encoding="utf-8").splitlines()[0].lstrip("# ").strip()
    lines = [
        "# Compatibility code points to unified ideographs, made by scripts/build_compat_table.py",
        f"# (do not edit by hand). Sources: Unicode {version} and NFKC of Unicode",
        f"# {unicodedata.unidata_version} (Unicode License v3). Sorted by 'from'.",
        "from\tto",
    ]
    lines += [f"{k}\t{v}" for k, v in sorted(pairs.items())]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {OUT}: {len(pairs)} pairs", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
