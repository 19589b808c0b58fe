from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination


class Pagination(PageNumberPagination):
    """Pages of 50 (up to 200 with `page_size`). A `page` or `page_size` that is not a positive whole
    number is refused with a 400 naming it, as the schema says, rather than quietly read as page 1."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200

    def _positive(self, request, name: str) -> int | None:
        raw = request.query_params.get(name)
        if raw is None:
            return None
        if not raw.isascii() or not raw.isdigit() or int(raw) < 1:
            raise ValidationError({name: [_("Give a whole number from 1.")]})
        return int(raw)

    def get_page_number(self, request, paginator):
        if request.query_params.get(self.page_query_param) in self.last_page_strings:
            return paginator.num_pages
        return self._positive(request, self.page_query_param) or 1

    def get_page_size(self, request):
        size = self._positive(request, self.page_size_query_param)
        return self.page_size if size is None else min(size, self.max_page_size)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
            if parameter["name"] == self.page_size_query_param:  # more is served as the largest page
                parameter["description"] = f"Rows per page, {self.page_size} by default; at most {self.max_page_size}."
        return parameters
