"""The language model and the noisy channel behind the lexical stage's model-backed rules.

- :mod:`cleaner.model.lm`: the KenLM word trigram, loaded once; segmentation into its words.
- :mod:`cleaner.model.channel`: candidate repairs found by cheap scans (doubles, drops, look-alikes).
- :mod:`cleaner.model.judge`: the margin of a repair, text with and without it over one window.
"""

from cleaner.model.lm import LanguageModel, default_model, model_status

__all__ = ["LanguageModel", "default_model", "model_status"]
