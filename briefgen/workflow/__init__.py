"""Everyday workflow around the build: starters, many builds at once, watching, previews."""
