"""The sanity check of the uploaded files: every row's file is there with its checksum, and every
file on disk belongs to a row. A crash between writing a file and committing its row, or a disk
restored from the wrong day, shows up here."""

from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

from mitra.files.models import StoredFile
from mitra.files.pipeline import file_sha256
from mitra.schools.models import Job


@dataclass
class FilesReport:
    checked: int = 0
    missing: list[str] = field(default_factory=list)  # a row says a file is there; it is not
    mismatched: list[str] = field(default_factory=list)  # the file's sha256 is not the row's
    orphans: list[str] = field(default_factory=list)  # a file no row speaks of

    @property
    def clean(self) -> bool:
        return not (self.missing or self.mismatched or self.orphans)


def check(media_root: Path | None = None) -> FilesReport:
    root = Path(media_root or settings.MEDIA_ROOT)
    report = FilesReport()
    known: set[str] = set()
    for path, thumbnail, sha256 in StoredFile.all_schools.values_list("path", "thumbnail_path", "sha256").iterator():
        known.add(path)
        report.checked += 1
        absolute = root / path
        if not absolute.is_file():
            report.missing.append(path)
        elif file_sha256(absolute) != sha256:
            report.mismatched.append(path)
        if thumbnail:
            known.add(thumbnail)
            if not (root / thumbnail).is_file():
                report.missing.append(thumbnail)
    # A finished job's file has no checksum (it is made, not uploaded); it only has to be there.
    for path in Job.all_schools.exclude(file_path="").values_list("file_path", flat=True).iterator():
        known.add(path)
        report.checked += 1
        if not (root / path).is_file():
            report.missing.append(path)
    if root.is_dir():
        for absolute in sorted(root.rglob("*")):
            relative = absolute.relative_to(root).as_posix()
            if absolute.is_file() and relative not in known:
                report.orphans.append(relative)
    return report
