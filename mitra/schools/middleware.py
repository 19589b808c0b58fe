"""An id in a URL that no row can have is a 404, before any view or query sees it.

`<int:…>` accepts any run of digits; a number beyond a 64-bit signed integer cannot be a primary key,
and the databases refuse it with an error instead of "no such row" (SQLite's OverflowError). The
answer is the same "not found" a missing row gets, as JSON on the API.
"""

from django.http import Http404

LARGEST_ID = 2**63 - 1


class OutOfRangeIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if all(not isinstance(value, int) or 0 <= value <= LARGEST_ID for value in (*view_args, *view_kwargs.values())):
            return None
        raise Http404  # answered as JSON under /api/ (config.urls.handler404)
