"""The package version, in a module of its own.

Modules inside the package read the version from here, never from ``trustcheck`` itself: the
package root re-exports the public API, so importing it from within would tie every stage into
one import cycle through ``trustcheck/__init__``.
"""

from __future__ import annotations

__version__ = "0.1.0"
