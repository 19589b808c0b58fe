"""Many rows of one model in one `executemany`, for building the benchmark data only.

`bulk_create` spends most of its time preparing each value through the ORM (about 8 µs a value
here, 200 µs for an activity's 27 columns); at a million activities that is the difference between
minutes and half an hour. A FastTable prepares through the field only the values whose database form
differs from the Python one (dates, times, decimals, JSON) and hands out the ids itself, so it is
for a database the builder has to itself: `sync()` after the ORM wrote to the same table, and
`finish()` before anyone else writes. On PostgreSQL each flush also moves the table's id sequence on,
since the product's services, called between flushes, insert through it.
"""

from django.core.management.color import no_style
from django.db import connection, models

_MISSING = object()
_PREPARED = (models.DateField, models.TimeField, models.DecimalField, models.JSONField)  # DateTimeField is a DateField


class FastTable:
    def __init__(self, model, *, now):
        self.model = model
        self.fields = list(model._meta.concrete_fields)
        self.pk = model._meta.pk
        self.defaults = {}
        for field in self.fields:
            if field.primary_key:
                continue
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                self.defaults[field.attname] = now
            elif field.has_default():
                self.defaults[field.attname] = field.get_default()
            elif field.null:
                self.defaults[field.attname] = None
            elif isinstance(field, (models.CharField, models.TextField)) and field.blank:
                self.defaults[field.attname] = ""
            else:
                self.defaults[field.attname] = _MISSING
        self.prepare = [
            (lambda value, f=field: f.get_db_prep_save(value, connection)) if isinstance(field, _PREPARED) else None
            for field in self.fields
        ]
        columns = ", ".join(connection.ops.quote_name(f.column) for f in self.fields)
        # Only the model's own table and column names, quoted, go into the text; the values are parameters.
        self.sql = (
            f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} ({columns}) "  # noqa: S608
            f"VALUES ({', '.join(['%s'] * len(self.fields))})"
        )
        self.rows = []
        self.next_id = 1
        self.sync()

    def sync(self) -> None:
        """Hand out ids after any the ORM wrote meanwhile (the product's services write history too)."""
        last = self.model._default_manager.aggregate(last=models.Max("pk"))["last"] or 0
        self.next_id = max(self.next_id, last + 1)

    def add(self, **values) -> int:
        pk = self.next_id
        self.next_id += 1
        row = {**self.defaults, **values, self.pk.attname: pk}
        missing = [name for name, value in row.items() if value is _MISSING]
        if missing:
            raise ValueError(f"{self.model.__name__}: no value for {', '.join(missing)}")
        self.rows.append(
            tuple(
                prepare(row[field.attname]) if prepare else row[field.attname]
                for field, prepare in zip(self.fields, self.prepare, strict=True)
            )
        )
        return pk

    def flush(self) -> None:
        if self.rows:
            with connection.cursor() as cursor:
                cursor.executemany(self.sql, self.rows)
            self.rows = []
            if connection.vendor == "postgresql":
                finish([self.model])  # the ORM's next insert into this table takes an id after these


def finish(models_written) -> None:
    """Move each id sequence past the ids handed out (PostgreSQL; SQLite follows by itself)."""
    statements = connection.ops.sequence_reset_sql(no_style(), list(models_written))
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
