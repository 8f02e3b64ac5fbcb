"""A mypy plugin: rows of ``.tuples()``, ``.dicts()``, ``.namedtuples()`` and ``.objects()`` are not models.

peewee's own stubs type those calls as returning the same ``ModelSelect[Model]``,
so ``for client_id, day in Attendance.select(...).tuples()`` reads as unpacking an
Attendance. After one of these calls the rows are typed ``Any`` instead (what they
are depends on the columns selected). Loaded by ``[tool.mypy] plugins`` in pyproject.toml.
"""

from __future__ import annotations

from collections.abc import Callable

from mypy.plugin import MethodContext, Plugin
from mypy.types import AnyType, Instance, Type, TypeOfAny

ROW_SHAPES = ("tuples", "dicts", "namedtuples", "objects")


def _rows_of_any(ctx: MethodContext) -> Type:
    query = ctx.default_return_type
    if isinstance(query, Instance) and query.args:
        return query.copy_modified(args=[AnyType(TypeOfAny.special_form)] * len(query.args))
    return query


class PeeweeRows(Plugin):
    def get_method_hook(self, fullname: str) -> Callable[[MethodContext], Type] | None:
        module, _, name = fullname.rpartition(".")
        if name in ROW_SHAPES and module.startswith("peewee."):
            return _rows_of_any
        return None


def plugin(version: str) -> type[Plugin]:
    return PeeweeRows
