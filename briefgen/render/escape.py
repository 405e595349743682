"""Escaping text for reportlab's paragraph markup and for XML packets.

The same three replacements as ``xml.sax.saxutils.escape``, whose module imports
``urllib.request`` (and with it http, email and ssl): about 70 ms of every cold start.
"""

from __future__ import annotations

__all__ = ["escape"]


def escape(text: str, quote: bool = False) -> str:
    """``&``, ``<`` and ``>`` (and ``"`` when ``quote``) as XML entities."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if quote and '"' in text:
        text = text.replace('"', "&quot;")
    return text
