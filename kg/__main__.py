"""``python -m kg`` = the ``kg`` command."""

from .cli import app

app()
