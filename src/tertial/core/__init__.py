"""Tertial's pure domain core: dataclasses and functions, no Django, no I/O, no clock."""
