"""HTML to PDF with WeasyPrint. Documents are drawn from Mitra's own templates; the only resources
they may load are data: URIs (the logo), so text a user typed can never make the server fetch a URL."""

from django.template.loader import render_to_string


def render_pdf(template_name: str, context: dict) -> bytes:
    # Imported here: WeasyPrint takes about 3 s to import on a modest machine, and every process
    # (each web worker, each management command) would pay it at start-up, most never making a PDF.
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    html = render_to_string(template_name, context)
    fetcher = URLFetcher(allowed_protocols={"data"}, timeout=5)
    return HTML(string=html, base_url=None, url_fetcher=fetcher).write_pdf()
