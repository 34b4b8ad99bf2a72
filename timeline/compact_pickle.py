"""Dataclasses that pickle as a call of their constructor with their field values.

Results travel between processes (worker pools, Dask) by pickle. A slotted
dataclass pickles its state as a dictionary, restored attribute by
attribute; thousands of small mentions per document make that a visible
part of a parallel build. ``@compact_pickle`` makes an instance pickle as
``(cls, (value, value, ...))`` instead: a smaller payload, rebuilt by one
constructor call. Copies (``copy.copy``, ``copy.deepcopy``) go the same way.
"""

from __future__ import annotations

from dataclasses import fields


def compact_pickle(cls: type) -> type:
    """Class decorator for a dataclass whose every field is an ``__init__`` parameter."""
    names = tuple(f.name for f in fields(cls))
    if any(not f.init for f in fields(cls)):
        raise TypeError(f"{cls.__name__}: every field must be an __init__ parameter to pickle compactly")

    def __reduce__(self):
        return cls, tuple([getattr(self, n) for n in names])

    def __reduce_ex__(self, protocol):
        return __reduce__(self)

    cls.__reduce__ = __reduce__
    cls.__reduce_ex__ = __reduce_ex__
    return cls
