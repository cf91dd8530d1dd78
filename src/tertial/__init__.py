"""Tertial: management reporting for Norwegian municipalities."""

__version__ = "0.1.0"
