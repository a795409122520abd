"""Desktop simulator for streaming AI chat in WeChat mini-programs."""

__version__ = "0.1.0"
