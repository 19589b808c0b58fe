# The one date style of the interface (settings.FORMAT_MODULE_PATH), over Django's own for Indonesian:
# "5 Des 2026" and "14.58" (PUEBI writes the hour with a full stop), never "5 Des. 2026" or seconds.
# Documents (reports, letters, agreements) write the month in full, as letters do.
DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j M Y H.i"
TIME_FORMAT = "H.i"
MONTH_DAY_FORMAT = "j M"
YEAR_MONTH_FORMAT = "F Y"
