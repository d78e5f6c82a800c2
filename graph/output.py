"""The former name of :mod:`graph.text`, kept so that old imports keep working."""

from .text import *  # noqa: F401,F403
from .text import UNSAFE_IN_JSON  # noqa: F401
