"""The JSON API (``api``) and the web UI (``pages``, server-rendered with Jinja2, usable without JavaScript)
over one store."""
