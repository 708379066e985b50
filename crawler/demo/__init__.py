"""Bundled demo news site (a local imitation of hanoionline.vn) for tests and ``solieu demo``."""

from .site import DemoServer, DemoSite, serve, slugify

__all__ = ["DemoServer", "DemoSite", "serve", "slugify"]
