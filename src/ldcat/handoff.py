"""How ldcat's plain data crosses process boundaries: a slots dataclass pickled as its fields.

A `--jobs` worker sends every record's outcome (its problems, SHACL results, the record's summary)
to the writing process. For a slots dataclass, `dataclasses` pickles through a `__getstate__` and
`__setstate__` that look up the class's fields again for every object; the writing process spent a
quarter of its time there. `by_fields` pickles an object as its class and its field values, in
order, so unpickling is one call of the class: the same object, at a fraction of the cost.
"""

from __future__ import annotations

import dataclasses
import operator
from typing import Any, TypeVar

T = TypeVar("T")


def by_fields(cls: type[T]) -> type[T]:
    """Class decorator (over `@dataclass(slots=True)`): pickle instances as ``cls(*fields)``. Every
    field must be an `__init__` argument, in the order declared."""
    fields = dataclasses.fields(cls)  # type: ignore[arg-type]
    if any(not f.init for f in fields):
        raise TypeError(f"{cls.__name__}: by_fields needs every field in __init__")
    values = operator.attrgetter(*(f.name for f in fields))
    single = len(fields) == 1

    def __reduce__(self: T) -> tuple[type[T], tuple[Any, ...]]:
        got = values(self)
        return cls, (got,) if single else got

    cls.__reduce__ = __reduce__  # type: ignore[assignment,method-assign]
    return cls
