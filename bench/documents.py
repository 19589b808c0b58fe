"""How long the documents take, old engine against new, on the data `bench/run` builds (the L dataset:
1,000 schools; the first school of the bench foundation, as `pages.py` uses):

- the annual report of the school, as PDF and as Word;
- one agreement PDF and one letter PDF, each made 30 times in a warm process (p50, p95);
- the peak resident memory of the process that made them (as the report worker would).

Each engine runs in a process of its own (`--child ENGINE`), the two taking turns round by round, so
both see the same machine and the same data; the ratio old ÷ new is taken within each round and its
median printed. The old engine is the code of another checkout (`--old-tree`, e.g. a `git worktree` of
the last commit before issue 22 moved the PDFs to Typst: b07ca70), where the HTML templates
were drawn by WeasyPrint; it needs WeasyPrint in the virtual environment (`pip install weasyprint`).
Without `--old-tree` only the current code is measured.

    MITRA_DB_NAME=/tmp/mitra-bench/sqlite-L/mitra.sqlite3 MITRA_MEDIA_ROOT=/tmp/mitra-bench/sqlite-L/files \\
        .venv/bin/python bench/documents.py [--old-tree /tmp/mitra-old] [--rounds 2] [--repeat 3] [--documents 30]
"""

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LETTER_PARAGRAPH = (
    "Dalam rangka meningkatkan mutu layanan pendidikan, madrasah kami bermaksud menjalin kerja sama dengan "
    "instansi Bapak/Ibu dalam bidang kesehatan peserta didik, keamanan lingkungan dan pembinaan karakter."
)


def child(engine: str, tree: str, repeat: int, documents: int) -> dict:
    sys.path.insert(0, tree)
    os.chdir(tree)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.conf import settings

    try:
        from bench.data import FOUNDATION_NAME
    except ImportError:  # an --old-tree from before the builder moved to bench/ (issue 23)
        from mitra.operations.benchdata import FOUNDATION_NAME
    from mitra.agreements import document as agreement_document
    from mitra.agreements.models import Agreement
    from mitra.letters import document as letter_document
    from mitra.letters.models import Letter
    from mitra.reports import generate
    from mitra.reports.scope import Kind, Scope
    from mitra.schools.access import access_for
    from mitra.schools.models import Membership, School
    from mitra.schools.roles import Role
    from mitra.schools.services import current_year

    school = School.objects.filter(foundation__name=FOUNDATION_NAME).order_by("pk").first()
    principal = Membership.objects.get(school=school, role=Role.PRINCIPAL).user
    scope = Scope(access=access_for(principal, school.pk), kind=Kind.ANNUAL, year=current_year(school), language="id")

    def printable(model, problems):
        for item in model.objects.for_school(school).order_by("pk"):
            if not problems(item):
                return item
        raise SystemExit(f"no {model.__name__} of {school} can be printed")

    from mitra.agreements import services as agreement_services
    from mitra.letters import services as letter_services

    agreement = printable(Agreement, agreement_services.document_problems)
    # The bench's letters are numbered records without a text: the first is given one of a usual
    # length (in memory only), so that it prints as a letter would.
    letter = Letter.objects.for_school(school).order_by("pk").first()
    letter.body = letter.body or "\n\n".join(["Dengan hormat,"] + [LETTER_PARAGRAPH] * 4 + ["Demikian, terima kasih."])
    letter.signatory_name = letter.signatory_name or "Ahmad Fauzi, S.Pd."
    letter.signatory_position = letter.signatory_position or "Kepala Madrasah"
    if letter_services.issue_problems(letter):
        raise SystemExit(f"the letter cannot be printed: {letter_services.issue_problems(letter)}")
    if engine == "weasyprint":
        from mitra.documents.pdf import render_pdf

        settings.PDF_ENGINE = "weasyprint"

        def agreement_pdf():
            doc = agreement_document.build(agreement)
            return render_pdf("documents/agreement.html", {"doc": doc, "language": agreement.language})

        def letter_pdf():
            return render_pdf(
                "documents/letter.html", {"doc": letter_document.build(letter), "language": letter.language}
            )
    else:
        settings.PDF_ENGINE = "typst"
        agreement_pdf, letter_pdf = (
            (lambda: agreement_document.as_pdf(agreement)),
            (lambda: letter_document.as_pdf(letter)),
        )

    def timed(make, n):
        make()  # warm: imports, fonts, templates
        samples = []
        for _ in range(n):
            started = time.perf_counter()
            data = make()
            samples.append(time.perf_counter() - started)
        samples.sort()
        data = data.data if hasattr(data, "data") else data
        return {"p50": statistics.median(samples), "p95": samples[int(0.95 * (len(samples) - 1))], "bytes": len(data)}

    found = {
        "annual report PDF": timed(lambda: generate.make(scope, "pdf"), repeat),
        "agreement PDF": timed(agreement_pdf, documents),
        "letter PDF": timed(letter_pdf, documents),
    }
    found["annual report Word"] = timed(lambda: generate.make(scope, "docx"), repeat)
    found["peak MiB"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return found


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--child")
    parser.add_argument("--tree", default=str(ROOT))
    parser.add_argument("--old-tree")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--documents", type=int, default=30)
    options = parser.parse_args()
    if options.child:
        print(json.dumps(child(options.child, options.tree, options.repeat, options.documents)))
        return
    trees = {"typst": str(ROOT)}
    if options.old_tree:
        trees = {"weasyprint": options.old_tree, **trees}
    engines = list(trees)
    runs = {engine: [] for engine in engines}
    for round_ in range(options.rounds):
        for engine in engines:
            command = [sys.executable, __file__, "--child", engine, "--tree", trees[engine]]
            command += ["--repeat", str(options.repeat)]
            command += ["--documents", str(options.documents)]
            out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
            runs[engine].append(json.loads(out.strip().splitlines()[-1]))
            print(f"round {round_ + 1} {engine}: {runs[engine][-1]}", file=sys.stderr)
    kinds = ["annual report PDF", "annual report Word", "agreement PDF", "letter PDF"]
    print(
        "| document | engine | p50 | p95 | size | peak memory of the process | old ÷ new |\n|---|---|---:|---:|---:|---:|---:|"
    )
    for kind in kinds:
        for engine in engines:
            rows = [r[kind] for r in runs[engine] if kind in r]
            if not rows:
                continue
            ratio = ""
            if engine == "typst" and "weasyprint" in runs and all(kind in r for r in runs["weasyprint"]):
                pairs = zip(runs["weasyprint"], runs["typst"], strict=True)
                ratio = f"{statistics.median(old[kind]['p50'] / new[kind]['p50'] for old, new in pairs):.1f}×"
            p50 = statistics.median(r["p50"] for r in rows)
            p95 = max(r["p95"] for r in rows)
            peak = max(r["peak MiB"] for r in runs[engine])
            unit = (lambda s: f"{s * 1000:.0f} ms") if p50 < 1 else (lambda s: f"{s:.2f} s")
            print(
                f"| {kind} | {engine} | {unit(p50)} | {unit(p95)} | {rows[-1]['bytes'] / 1024:.0f} KB | {peak:.0f} MiB | {ratio} |"
            )


if __name__ == "__main__":
    main()
