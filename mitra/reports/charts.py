"""The charts live in mitra/documents/charts.py: a report's blocks draw them, and the blocks are a layer
below the apps (an evaluation question kind makes its own chart). The dashboards and the report's
sections still name them here."""

from mitra.documents.charts import *  # noqa: F403
