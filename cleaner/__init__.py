"""cleaner: a rule-driven cleaner for OCR'd Chinese documents.

The public API is what this module exports (``__all__``); everything else is internal.

Clean a text; the edits replay onto the source exactly:

>>> from cleaner import clean_text, apply_edits, Config
>>> result = clean_text("社会主义核心价值观观深入人心。")
>>> result.text
'社会主义核心价值观深入人心。\\n'
>>> [(e.before, e.after, e.applied) for e in result.edits]  # LX10 (the language model's) or LX02
[('观', '', True), ('', '\\n', True)]
>>> apply_edits(result.source, result.edits) == result.text
True

A :class:`Config` says what to run; it takes any iterable of rule codes and ``str`` or
``Path`` for rule packs, and refuses a bad value with a clear :class:`ValueError`:

>>> clean_text("正文。", Config(disable=["LY14"])).text
'正文。'
>>> clean_text("第一行\\n第二行", Config(unit="record")).text  # a JSONL record keeps its form
'第一行\\n第二行'

Clean a file (any encoding the decoder can tell): :func:`clean_file` returns the
:class:`Decoded` input (text, encoding, sha256, size) and the :class:`CleanResult`:

>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "gbk.txt"
>>> _ = path.write_bytes("发展初性明显增强。".encode("gb18030"))
>>> decoded, result = clean_file(path)
>>> decoded.encoding, result.text
('gb18030', '发展韧性明显增强。\\n')

Errors: :class:`InputError` (input that cannot be read or decoded) and :class:`RuleError`
(a rule pack that cannot be used) carry a one-line message naming the file.
"""

from cleaner.api import clean_file, clean_text
from cleaner.edits import CleanResult, Edit, Suspect, apply_edits
from cleaner.io import Decoded, InputError
from cleaner.pipeline import Cleaner, Config
from cleaner.rules import RuleError
from cleaner.version import __version__

__all__ = [
    "CleanResult",
    "Cleaner",
    "Config",
    "Decoded",
    "Edit",
    "InputError",
    "RuleError",
    "Suspect",
    "__version__",
    "apply_edits",
    "clean_file",
    "clean_text",
]
