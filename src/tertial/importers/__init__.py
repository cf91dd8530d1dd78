"""Readers: files in, validated core values or aggregated frames out. They never write to the database."""
