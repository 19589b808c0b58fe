"""Paging for list pages: the page, and the query string that keeps the filters on page links."""

from django.core.paginator import Page, Paginator

PAGE_SIZE = 25


def paginate(request, items, per_page: int = PAGE_SIZE) -> tuple[Page, str]:
    page = Paginator(items, per_page).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()
