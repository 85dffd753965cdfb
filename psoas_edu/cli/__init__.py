"""The ``psoas-edu`` command: ``main`` dispatches to one module per command group.

The top layer: may import everything, and nothing imports it.
"""

from .main import main

__all__ = ["main"]
