"""An agreement as a document, in its own language (not the reader's): title block, each party's
number, the opening with the date in words, the parties as PIHAK PERTAMA / KEDUA…, the numbered
articles with their placeholders filled, the place-and-date line and the signature table.

`build` makes one neutral description; `as_docx` and `as_pdf` draw it. Both refuse an agreement
whose articles would leave a blank (services.document_problems)."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError

from mitra.agreements import placeholders, services
from mitra.agreements.models import Agreement
from mitra.documents import lists, typst_pdf, word
from mitra.documents.dates import date_in_words, place_and_date
from mitra.documents.letterhead import Letterhead, letterhead_of
from mitra.schools.money import rupiah

METERAI = 10000  # the duty stamp's one rate, UU 10/2020

# Document words by the agreement's language. They belong to the document, not to the interface.
WORDS = {
    "id": {
        "mou": "NOTA KESEPAHAMAN",
        "pks": "PERJANJIAN KERJA SAMA",
        "ia": "PENGATURAN PELAKSANAAN",
        "between": "ANTARA",
        "and": "DAN",
        "about": "TENTANG",
        "number": "Nomor",
        "article": "Pasal",
        "parties": ["PIHAK PERTAMA", "PIHAK KEDUA", "PIHAK KETIGA", "PIHAK KEEMPAT", "PIHAK KELIMA"],
        "nth_party": "PIHAK KE-{n}",
        "opening": "Pada {date}, bertempat di {place}, yang bertanda tangan di bawah ini:",
        "party": "{name}, {position}, dalam hal ini bertindak untuk dan atas nama {institution}{address}, "
        "selanjutnya disebut {called}.",
        "address": ", berkedudukan di {address}",
        "together": "{names} selanjutnya secara bersama-sama disebut PARA PIHAK.",
        "agree": "PARA PIHAK sepakat untuk mengadakan {kind} tentang {title} dengan ketentuan sebagai berikut:",
        "witnesses": "Mengetahui,",
        "meterai": f"Meterai {rupiah(METERAI, 'id')}",
        "unknown_date": "hari ………… tanggal ………… bulan ………… tahun …………",
        "unknown_place": "…………",
    },
    "en": {
        "mou": "MEMORANDUM OF UNDERSTANDING",
        "pks": "COOPERATION AGREEMENT",
        "ia": "IMPLEMENTATION ARRANGEMENT",
        "between": "BETWEEN",
        "and": "AND",
        "about": "ON",
        "number": "Number",
        "article": "Article",
        "parties": ["FIRST PARTY", "SECOND PARTY", "THIRD PARTY", "FOURTH PARTY", "FIFTH PARTY"],
        "nth_party": "PARTY {n}",
        "opening": "On {date}, at {place}, the undersigned:",
        "party": "{name}, {position}, acting for and on behalf of {institution}{address}, "
        "hereinafter called the {called}.",
        "address": ", of {address}",
        "together": "{names} are hereinafter together called THE PARTIES.",
        "agree": "THE PARTIES agree to enter into this {kind} on {title} on the following terms:",
        "witnesses": "Witnessed by,",
        "meterai": f"Duty stamp {rupiah(METERAI, 'en')}",
        "unknown_date": "the ………… day of ………… in the year …………",
        "unknown_place": "…………",
    },
}


@dataclass(frozen=True)
class ArticleText:
    heading: str
    title: str
    paragraphs: list[str]


@dataclass(frozen=True)
class Signature:
    called: str
    position: str
    institution: str
    name: str
    id_line: str
    meterai: bool


@dataclass(frozen=True)
class AgreementDocument:
    letterhead: Letterhead
    title_lines: list[str]
    numbers: list[str]
    opening: str
    parties: list[str]
    together: str
    agree: str
    articles: list[ArticleText]
    date_line: str
    signatures: list[Signature]
    witness_heading: str
    witnesses: list[tuple[str, str]]
    meterai_label: str


def _called(words: dict, index: int) -> str:
    names = words["parties"]
    return names[index] if index < len(names) else words["nth_party"].format(n=index + 1)


def build(agreement: Agreement) -> AgreementDocument:
    problems = services.document_problems(agreement)
    if problems:
        raise ValidationError(problems)
    words = WORDS[agreement.language]
    parties = list(agreement.parties.select_related("partner"))
    title_lines = [words[agreement.kind], words["between"]]
    for i, party in enumerate(parties):
        if i:
            title_lines.append(words["and"])
        title_lines.append(party.name().upper())
    title_lines += [words["about"], agreement.title.upper()]
    day, place = agreement.signed_on, agreement.signing_place or words["unknown_place"]
    party_lines = []
    for i, party in enumerate(parties):
        name = party.signatory_name or "…………"
        if party.signatory_id:
            name = f"{name}, NIP/NIY {party.signatory_id}"
        address = party.address().replace("\n", ", ").strip()
        party_lines.append(
            words["party"].format(
                name=name,
                position=party.signatory_position or "…………",
                institution=party.name(),
                # No address on record: the clause is left out rather than printed as a blank.
                address=words["address"].format(address=address) if address else "",
                called=_called(words, i),
            )
        )
    return AgreementDocument(
        letterhead=letterhead_of(agreement.school),
        title_lines=title_lines,
        numbers=[f"{words['number']}: {party.document_number or '…………'}" for party in parties],
        opening=words["opening"].format(
            date=date_in_words(day, agreement.language) if day else words["unknown_date"], place=place
        ),
        parties=party_lines,
        together=words["together"].format(
            names=placeholders.joined([_called(words, i) for i in range(len(parties))], agreement.language)
        ),
        agree=words["agree"].format(kind=words[agreement.kind].title(), title=agreement.title),
        articles=[
            ArticleText(
                heading=f"{words['article']} {article.number}",
                title=placeholders.fill(article.title, agreement),
                paragraphs=[
                    line.strip() for line in placeholders.fill(article.body, agreement).splitlines() if line.strip()
                ],
            )
            for article in agreement.articles.all()
        ],
        date_line=(
            place_and_date(
                agreement.signing_place,
                day,
                language=agreement.language,
                hijri=agreement.with_hijri_date,
                offset=agreement.school.hijri_offset,
            )
            if day
            else f"{place}, …………"
        ),
        signatures=[
            Signature(
                called=_called(words, i),
                position=party.signatory_position,
                institution=party.name(),
                name=party.signatory_name or "…………",
                id_line=f"NIP/NIY {party.signatory_id}" if party.signatory_id else "",
                # The duty stamp goes where the school signs: the partner keeps the school's copy.
                meterai=agreement.meterai_required and party.is_school,
            )
            for i, party in enumerate(parties)
        ],
        witness_heading=words["witnesses"],
        witnesses=[(w.name, w.position) for w in agreement.witnesses.all()],
        meterai_label=words["meterai"],
    )


def file_name(agreement: Agreement, extension: str) -> str:
    stem = "".join(ch if ch.isalnum() else "-" for ch in agreement.title)[:60].strip("-") or "agreement"
    # The kind's code, not its label: the label is in the reader's language and long.
    return f"{agreement.kind.upper()}-{stem}-v{agreement.version}.{extension}"


def as_docx(agreement: Agreement) -> bytes:
    doc = build(agreement)
    out = word.new_document(title=agreement.title, author=agreement.school.name, language=agreement.language)
    word.letterhead(out, doc.letterhead)
    # The title lines are one heading (the top of the navigation pane); each article is a heading under it.
    word.heading(out, 1, doc.title_lines, before=12)
    for i, number in enumerate(doc.numbers):
        word.centred(out, number, after=18 if i == len(doc.numbers) - 1 else 0)
    word.text(out, doc.opening)
    parties = word.new_list(out)
    for line in doc.parties:
        word.list_item(out, line, parties)
    word.text(out, doc.together)
    word.text(out, doc.agree, after=12)
    for article in doc.articles:
        word.heading(out, 2, [article.heading, article.title])
        word.typed_text(out, article.paragraphs)
    # The last words, the date and the signatures stay on one page.
    word.keep_with_next(out)
    word.text(out, doc.date_line, before=18, after=12).paragraph_format.keep_with_next = True
    blocks = []
    for signature in doc.signatures:
        block = [(signature.called, True)]
        block += [(signature.position, False)] if signature.position else []
        block += [(signature.institution, False), ("", False)]
        block += [(f"[{doc.meterai_label}]", False)] if signature.meterai else [("", False)]
        block += [("", False), (signature.name, True)]
        if signature.id_line:
            block.append((signature.id_line, False))
        blocks.append(block)
    word.signature_table(out, blocks)
    if doc.witnesses:
        word.centred(out, doc.witness_heading, after=6).paragraph_format.keep_with_next = True
        word.signature_table(
            out,
            [[(position, False), ("", False), ("", False), (name, True)] for name, position in doc.witnesses],
            columns=min(2, len(doc.witnesses)),  # one witness signs in the middle
        )
    word.page_footer(out)
    return word.to_bytes(out)


def typst_data(agreement: Agreement) -> tuple[dict, typst_pdf.Files]:
    """The agreement as the data of templates/documents/typst/agreement.typ."""
    doc, files = build(agreement), typst_pdf.Files()
    data = {
        "lang": agreement.language,
        "title": doc.title_lines[-1],
        "author": doc.letterhead.name,
        "letterhead": typst_pdf.letterhead(doc.letterhead, files),
        "title_lines": doc.title_lines,
        "numbers": doc.numbers,
        "opening": doc.opening,
        "parties": doc.parties,
        "together": doc.together,
        "agree": doc.agree,
        "articles": [
            {"heading": a.heading, "title": a.title, "paragraphs": typst_pdf.marked(lists.items(a.paragraphs))}
            for a in doc.articles
        ],
        "date_line": doc.date_line,
        "signatures": [
            {
                "called": s.called,
                "position": s.position,
                "institution": s.institution,
                "name": s.name,
                "id_line": s.id_line,
                "meterai": s.meterai,
            }
            for s in doc.signatures
        ],
        "meterai_label": doc.meterai_label,
        "witness_heading": doc.witness_heading,
        "witnesses": [{"name": name, "position": position} for name, position in doc.witnesses],
    }
    return data, files


def as_pdf(agreement: Agreement) -> bytes:
    return typst_pdf.render("agreement.typ", *typst_data(agreement))
