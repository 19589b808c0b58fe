"""The "fragments" cache (settings.CACHES): Django's database cache, with a write of one statement.

Django's DatabaseCache counts the whole table before every write (to cull it when full), then reads
the key, then inserts or updates it, in a transaction of its own: four statements and a commit for
each part of a page computed afresh, and a count that grows with the table. Here a write is one
INSERT … ON CONFLICT DO UPDATE (SQLite and PostgreSQL both have it), several parts in one statement
(`set_many`), and the culling — expired copies first, then the oldest beyond MAX_ENTRIES — is done
by `cull()`, which the daily clean-up calls and one write in CULL_EVERY does on the way. Reading,
deleting and the table are Django's own (`createcachetable`)."""

import base64
import contextlib
import logging
import pickle
import random
from datetime import UTC, datetime

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.db import DatabaseCache
from django.db import DatabaseError, connections, router, transaction
from django.utils.timezone import now as tz_now

log = logging.getLogger("mitra.cache")

CULL_EVERY = 500  # on average, one write in this many also culls


def _culls_now() -> bool:
    """Whether this write also culls: one in CULL_EVERY, by chance."""
    return random.randrange(CULL_EVERY) == 0  # noqa: S311 (when to tidy, not a secret)


def _apart(connection, db):
    """Inside a transaction, a savepoint of its own (a failure undoes the cache's statement, not the
    caller's work); outside, nothing."""
    return transaction.atomic(using=db) if connection.in_atomic_block else contextlib.nullcontext()


class FragmentCache(DatabaseCache):
    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self.set_many({key: value}, timeout=timeout, version=version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        if not data:
            return []
        seconds = self.get_backend_timeout(timeout)
        expires = datetime.max if seconds is None else datetime.fromtimestamp(seconds, tz=UTC)
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        quote, ops = connection.ops.quote_name, connection.ops
        expires = ops.adapt_datetimefield_value(expires.replace(microsecond=0))
        rows = {
            self.make_and_validate_key(key, version=version): base64.b64encode(
                pickle.dumps(value, self.pickle_protocol)
            ).decode("latin1")
            for key, value in data.items()
        }
        key, value, expiry = quote("cache_key"), quote("value"), quote("expires")
        # Only names quoted by the database's own quoting (the table is settings.CACHES'); values are parameters.
        into = f"INSERT INTO {quote(self._table)} ({key}, {value}, {expiry}) VALUES "  # noqa: S608
        rows_sql = ", ".join(["(%s, %s, %s)"] * len(rows))
        upsert = f" ON CONFLICT ({key}) DO UPDATE SET {value} = excluded.{value}, {expiry} = excluded.{expiry}"
        sql = into + rows_sql + upsert
        params = [part for name, text in rows.items() for part in (name, text, expires)]
        try:  # a failed write costs the copy, not the page
            with _apart(connection, db), connection.cursor() as cursor:
                cursor.execute(sql, params)
        except DatabaseError:
            log.warning("a kept part could not be written to the fragments cache", exc_info=True)
            return list(data)
        if _culls_now():
            try:  # the tidying of a write that succeeded; the nightly run does it again if it fails
                with _apart(connection, db):
                    self.cull()
            except DatabaseError:
                log.warning("the fragments cache could not be culled", exc_info=True)
        return []

    def cull(self) -> int:
        """Delete the expired copies, then, beyond MAX_ENTRIES, 1/CULL_FREQUENCY of the rest, the
        oldest first (a copy expires TIMEOUT after it was written, to the second, so the earliest to
        expire are the oldest written; of one second, the first by key): a part written a moment ago
        goes only with a whole second's worth of others. How many are left."""
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        quote = connection.ops.quote_name
        table, key, expires = quote(self._table), quote("cache_key"), quote("expires")
        now = connection.ops.adapt_datetimefield_value(tz_now().replace(microsecond=0))
        # Only names quoted by the database's own quoting; values are parameters.
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {table} WHERE {expires} < %s", [now])  # noqa: S608
            cursor.execute(f"SELECT COUNT(*) FROM {table}")  # noqa: S608
            left = cursor.fetchone()[0]
            if left > self._max_entries and self._cull_frequency:
                oldest = f"SELECT {key} FROM {table} ORDER BY {expires}, {key} LIMIT %s"  # noqa: S608
                cursor.execute(f"DELETE FROM {table} WHERE {key} IN ({oldest})", [left // self._cull_frequency])  # noqa: S608
                left -= cursor.rowcount
            elif left > self._max_entries:  # CULL_FREQUENCY 0: Django's "empty it when full"
                cursor.execute(f"DELETE FROM {table}")  # noqa: S608
                left = 0
        return left
