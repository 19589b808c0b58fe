"""The kop surat: what heads every letter and agreement of a school — the logo, the lines above
the name (the foundation, the ministry), the school's name, its address and contacts."""

from dataclasses import dataclass, field

from mitra.files import pipeline


@dataclass(frozen=True)
class Letterhead:
    lines_above: list[str]
    name: str
    address: str
    contacts: str
    logo: bytes | None = field(default=None, repr=False)
    logo_type: str = ""


def _national(phone: str) -> str:
    """A kop surat writes the number as dialled in Indonesia: +62285421234 -> 0285421234."""
    return "0" + phone[3:] if phone.startswith("+62") else phone


def _bare(url: str) -> str:
    """The website without its scheme, so the contacts line does not break at "https://"."""
    return url.split("://", 1)[-1].rstrip("/")


def letterhead_of(school) -> Letterhead:
    contacts = [
        f"Telp. {_national(school.phone)}" if school.phone else "",
        school.email,
        _bare(school.website),
        f"NPSN {school.npsn}" if school.npsn else "",
        f"NSM {school.nsm}" if school.nsm else "",
    ]
    logo = pipeline.read(school.logo) if school.logo_id else None
    return Letterhead(
        lines_above=[line.strip() for line in school.letterhead_lines.splitlines() if line.strip()],
        name=school.name,
        address=" ".join(part for part in (school.address.replace("\n", ", ").strip(), school.region) if part),
        contacts=" · ".join(part for part in contacts if part),
        logo=logo,
        logo_type=school.logo.content_type if logo else "",
    )
