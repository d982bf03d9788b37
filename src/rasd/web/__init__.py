"""The dashboard and REST API (`rasd serve`): one FastAPI app over the store."""

from __future__ import annotations

from rasd.web.app import Settings, create_app

__all__ = ["Settings", "create_app"]
