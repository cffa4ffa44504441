"""Helpers for the tests that run real programs (Tesseract)."""
