"""The web UI: server-rendered pages (Jinja2, autoescaped), usable without JavaScript."""
