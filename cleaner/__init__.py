"""cleaner: a rule-driven cleaner for OCR'd Chinese documents.

>>> from cleaner import clean_text, apply_edits
>>> result = clean_text("社会主义核心价值观观深入人心。")
>>> result.text
'社会主义核心价值观深入人心。\\n'
>>> apply_edits(result.source, result.edits) == result.text
True
"""

from cleaner.api import clean_file, clean_text
from cleaner.edits import CleanResult, Edit, Suspect, apply_edits
from cleaner.io import InputError
from cleaner.pipeline import Cleaner, Config
from cleaner.rules import RuleError

__version__ = "0.1.0"
__all__ = [
    "CleanResult",
    "Cleaner",
    "Config",
    "Edit",
    "InputError",
    "RuleError",
    "Suspect",
    "__version__",
    "apply_edits",
    "clean_file",
    "clean_text",
]
