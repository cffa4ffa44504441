"""Moved to :mod:`cleaner.batch.guard`; this path stays for code that imports it from here."""

from cleaner.batch.guard import BatchLocked, Terminated, is_link, lock_outdir, outside_outdir, terminate_on_signals

__all__ = ["BatchLocked", "Terminated", "is_link", "lock_outdir", "outside_outdir", "terminate_on_signals"]
