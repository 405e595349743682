"""The painters: one module per format, each painting what the layout stage made."""

from briefgen.render import lazy_patterns

lazy_patterns.install()
