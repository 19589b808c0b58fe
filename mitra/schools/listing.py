"""Paging for list pages: the page, and the query string that keeps the filters on page links;
and the text of a list's search box."""

from django.core.paginator import Page, Paginator

PAGE_SIZE = 25


def paginate(request, items, per_page: int = PAGE_SIZE) -> tuple[Page, str]:
    page = Paginator(items, per_page).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()


SEARCH_LENGTH = 100


def search_text(query) -> str:
    """The `q` of a list's search box, trimmed and capped (a query string is not a place for essays)."""
    return (query.get("q") or "").strip()[:SEARCH_LENGTH]
