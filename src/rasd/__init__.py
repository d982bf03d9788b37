"""Rasd: Arabic conflict-monitoring reports to evidence-linked event data."""

from rasd.text import NormText, normalize

__version__ = "0.1.0"
__all__ = ["NormText", "__version__", "normalize"]
