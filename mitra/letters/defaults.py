"""The letter types every school starts with, their codes (DOMAIN.md §1: SPm, SU, SPb, ST, SKet; the
others are Mitra's suggestion) and their templates. Schools edit all of it; a madrasah under Kemenag
usually replaces the codes with archive classification codes such as PP.00.6."""

from dataclasses import dataclass


@dataclass(frozen=True)
class DefaultType:
    name: str
    code: str
    subject: str
    body: str
    layout: str = "addressed"


_CLOSING = "Demikian surat ini kami sampaikan. Atas perhatian dan kerja sama Bapak/Ibu, kami ucapkan terima kasih."

LETTER_TYPES = [
    DefaultType(
        "Permohonan kerja sama",
        "SPm",
        "Permohonan Kerja Sama",
        "Dengan hormat,\n\n"
        "Dalam rangka meningkatkan mutu layanan pendidikan, {school} bermaksud menjalin kerja sama dengan "
        "{partner} dalam bidang ………….\n\n"
        "Bentuk kerja sama yang kami harapkan antara lain:\n"
        "1. …………\n"
        "2. …………\n\n"
        "Sebagai tindak lanjut, kami mohon kesediaan Bapak/Ibu untuk bertemu guna membicarakan rencana "
        "kerja sama ini.\n\n" + _CLOSING,
    ),
    DefaultType(
        "Undangan",
        "SU",
        "Undangan",
        "Dengan hormat,\n\n"
        "Kami mengharap kehadiran Bapak/Ibu pada kegiatan yang akan dilaksanakan pada:\n\n"
        "Hari, tanggal : …………\n"
        "Waktu : …………\n"
        "Tempat : {school}\n"
        "Acara : …………\n\n"
        "Mengingat pentingnya acara tersebut, kami mohon Bapak/Ibu hadir tepat waktu. " + _CLOSING,
    ),
    DefaultType(
        "Pemberitahuan",
        "SPb",
        "Pemberitahuan",
        "Dengan hormat,\n\nBersama surat ini kami memberitahukan bahwa …………\n\n" + _CLOSING,
    ),
    DefaultType(
        "Surat tugas",
        "ST",
        "Surat Tugas",
        "Yang bertanda tangan di bawah ini, Kepala {school}, menugaskan kepada:\n\n"
        "Nama : …………\n"
        "NIP/NIY : …………\n"
        "Jabatan : …………\n\n"
        "untuk melaksanakan tugas …………, bersama {partner}, pada tanggal …………\n\n"
        "Demikian surat tugas ini dibuat untuk dilaksanakan dengan penuh tanggung jawab.",
        "titled",
    ),
    DefaultType(
        "Surat keterangan",
        "SKet",
        "Surat Keterangan",
        "Yang bertanda tangan di bawah ini, Kepala {school}, menerangkan bahwa:\n\n"
        "Nama : …………\n"
        "Jabatan/Instansi : …………\n\n"
        "telah …………\n\n"
        "Demikian surat keterangan ini dibuat untuk dipergunakan sebagaimana mestinya.",
        "titled",
    ),
    DefaultType(
        "Ucapan terima kasih",
        "UTK",
        "Ucapan Terima Kasih",
        "Dengan hormat,\n\n"
        "Atas nama keluarga besar {school}, kami menyampaikan terima kasih yang sebesar-besarnya kepada "
        "{partner} atas dukungan dan kerja sama dalam kegiatan …………\n\n"
        "Semoga kerja sama yang baik ini terus terjalin dan membawa manfaat bagi peserta didik. "
        "Jazakumullahu khairan.",
    ),
    DefaultType(
        "Berita acara",
        "BA",
        "Berita Acara",
        "Pada hari ini, {date}, bertempat di {school}, telah dilaksanakan …………\n\n"
        "Kegiatan tersebut dihadiri oleh:\n"
        "1. …………\n"
        "2. …………\n\n"
        "Hasil kegiatan:\n"
        "1. …………\n\n"
        "Demikian berita acara ini dibuat dengan sebenarnya untuk dipergunakan sebagaimana mestinya.",
        "titled",
    ),
]
