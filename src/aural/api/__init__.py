"""The HTTP API (FastAPI). Everything web-specific lives here and nowhere below."""
