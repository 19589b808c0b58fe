"""Pages, JSON and calendars compressed for slow connections; files that are compressed already (PDF,
Word, spreadsheets, photos, zip) sent as they are, rather than spending the server's time on them.

Django's GZipMiddleware, which pads each compressed body with random bytes against BREACH. Static
files are compressed ahead of time by WhiteNoise and never reach it."""

from django.middleware.gzip import GZipMiddleware

COMPRESSED = ("text/", "application/json", "application/javascript", "image/svg+xml")


class TextGZipMiddleware(GZipMiddleware):
    def process_response(self, request, response):
        if not response.get("Content-Type", "").startswith(COMPRESSED):
            return response
        return super().process_response(request, response)
