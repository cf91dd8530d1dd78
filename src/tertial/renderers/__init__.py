"""Renderers turn a core.document.Document into a file format. They format; they never compute."""
