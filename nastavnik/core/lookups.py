"""`__in` on integer columns ignores numbers the column cannot hold (issue 13, defect 6).

Django already answers `pk=10**30` with "no rows" (`IntegerFieldOverflow` on exact, gt, lt…), but not
`pk__in=[10**30]`: SQLite's driver raises OverflowError (a 500) while binding the parameter. Form fields
that choose several objects (`ModelMultipleChoiceField`) run exactly that query on whatever the client posts,
so the bound belongs here, once, for every integer column, not in each form.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db.models import IntegerField
from django.db.models.lookups import In


class IntegerFieldIn(In):
    """`In` that drops integers outside the column's range: they can match nothing."""

    def process_rhs(self, compiler: Any, connection: Any) -> Any:
        if self.rhs_is_direct_value():
            low, high = connection.ops.integer_field_range(self.lhs.output_field.get_internal_type())
            values = list(self.rhs)
            kept = [
                v
                for v in values
                if not isinstance(v, int) or ((low is None or v >= low) and (high is None or v <= high))
            ]
            if len(kept) != len(values):
                if not kept:
                    raise EmptyResultSet
                self.rhs = kept
        return super().process_rhs(compiler, connection)


def register() -> None:
    IntegerField.register_lookup(IntegerFieldIn)
