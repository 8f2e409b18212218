"""Plain-SQL writes the ORM has no single statement for."""

from __future__ import annotations

from django.db import connection, models


def insert_new(rows: list[models.Model], *, conflict: tuple[str, ...]) -> list[int]:
    """INSERT … ON CONFLICT (conflict) DO NOTHING RETURNING id: the ids of the rows that
    were new, in one statement and without a savepoint (a row a concurrent transaction inserted
    first is skipped, as one already there is). `conflict`: the fields of a unique constraint.
    PostgreSQL and SQLite ≥ 3.35. All rows are of one model."""
    if not rows:
        return []
    meta = rows[0]._meta
    fields = [f for f in meta.concrete_fields if not f.primary_key]
    quote = connection.ops.quote_name
    one = f"({', '.join(['%s'] * len(fields))})"
    params = [f.get_db_prep_save(f.pre_save(row, True), connection) for row in rows for f in fields]
    sql = (f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) "
           f"VALUES {', '.join([one] * len(rows))} "
           f"ON CONFLICT ({', '.join(quote(meta.get_field(f).column) for f in conflict)}) DO NOTHING "
           f"RETURNING {quote(meta.pk.column)}")
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [pk for (pk,) in cursor.fetchall()]
