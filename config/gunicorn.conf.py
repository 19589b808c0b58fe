"""gunicorn's settings for Mitra (scripts/web). Every value comes from the environment, like the
rest of the configuration; the defaults suit one small server behind nginx on the same machine."""

import os

bind = os.environ.get("MITRA_BIND", "127.0.0.1:8000")
# Sync workers: Mitra's pages are short database round trips; long work (reports, imports) goes to
# the task worker, so no request should need more than a few seconds.
workers = int(os.environ.get("MITRA_WEB_WORKERS", str(2 * (os.cpu_count() or 1) + 1)))
timeout = int(os.environ.get("MITRA_WEB_TIMEOUT", "60"))
graceful_timeout = 30
# A worker is replaced after this many requests, so slow growth of memory never accumulates.
max_requests = int(os.environ.get("MITRA_WEB_MAX_REQUESTS", "2000"))
max_requests_jitter = max_requests // 10
# The proxy on the same machine may tell the client's address and scheme.
forwarded_allow_ips = os.environ.get("MITRA_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# One JSON object per request on stdout, beside the application's own JSON lines.
accesslog = "-"
access_log_format = (
    '{"time": "%(t)s", "logger": "gunicorn.access", "method": "%(m)s", "path": "%(U)s", '
    '"status": %(s)s, "bytes": "%(B)s", "ms": %(M)s, "client": "%(h)s", "agent": "%(a)s"}'
)
errorlog = "-"
loglevel = os.environ.get("MITRA_LOG_LEVEL", "info").lower()
