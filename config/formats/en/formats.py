# The one date style of the interface in English (settings.FORMAT_MODULE_PATH): the Indonesian pages'
# order and month, "5 Dec 2026" and "14:58", rather than Django's "Dec. 5, 2026" and "2:58 p.m.".
DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j M Y H:i"
TIME_FORMAT = "H:i"
MONTH_DAY_FORMAT = "j M"
YEAR_MONTH_FORMAT = "F Y"
