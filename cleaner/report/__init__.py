"""Renderers of a :class:`~cleaner.edits.CleanResult`: JSON report, unified diff, summary."""
