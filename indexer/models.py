"""The one domain model shared by every stage of vanban.

Stages pass these dataclasses, never ad-hoc dicts. Identity types are frozen and hashable so
they can be graph nodes and dict keys. What was written is kept beside what it means
(``Mention.text`` beside ``Citation.key``), as eyecite keeps ``matched_text()``.

Vocabulary (one English name per Vietnamese term):

==========================  ===============
Vietnamese                  English name
==========================  ===============
số ký hiệu                  ``ref``
loại văn bản                ``doc_type``
cơ quan ban hành            ``issuer``
quận/huyện                  ``district``
ngày ban hành               ``date`` (ISO ``YYYY-MM-DD``)
trích yếu                   ``title``
người ký                    ``signer``
căn cứ / thực hiện / nhắc   ``Relation.BASIS`` / ``IMPLEMENTS`` / ``MENTIONS``
==========================  ===============
"""
from __future__ import annotations

from dataclasses import dataclass, field

from indexer.terms import InstrumentRelationType, Relation


@dataclass(frozen=True)
class InstrumentKey:
    """Identity of an instrument: normalized số ký hiệu, issuer and year.

    Normalized ``ref`` means NFC, uppercase, no spaces, one kind of dash, ``Đ`` kept
    (``HĐ`` and ``HD`` differ). Instruments cited by name only (``Luật Giáo dục 2019``) have
    ``ref=None`` and a ``name``.

    Examples: ``InstrumentKey("19-CT/TU")``, ``InstrumentKey("33/2021/NĐ-CP")``,
    ``InstrumentKey("84/KH-UBND", issuer="UBND TP.HCM", year=2022)``,
    ``InstrumentKey(None, name="Luật Giáo dục", year=2019)``.
    """

    ref: str | None
    issuer: str | None = None
    year: int | None = None
    name: str | None = None

    @property
    def administrative(self) -> bool:
        """``n/TYPE-ISSUER`` numbers restart yearly and per body: identity needs issuer and year."""
        if not self.ref:
            return False
        parts = self.ref.split("/")
        return len(parts) == 2 and "-" not in parts[0]

    @property
    def id(self) -> str:
        """A stable string id (graph node id, URL path).

        Normative and Party numbers are unique by themselves; administrative numbers carry
        issuer and year; named instruments are ``name`` (+ year).
        """
        if self.ref:
            if self.administrative:
                return "|".join([self.ref, self.issuer or "?", str(self.year or "?")])
            return self.ref
        return f"{self.name}|{self.year}" if self.year else (self.name or "?")


@dataclass(frozen=True)
class Mention:
    """One place where an instrument is cited: the surface as written and its 1-based file line."""

    text: str
    line: int
    start: int = 0  # character offset in the document text
    end: int = 0


@dataclass(frozen=True)
class Citation:
    """One distinct instrument cited by a document, with every mention of it.

    ``flags`` holds facts about resolution: ``short_form`` (``33/NĐ-CP`` → ``33/2021/NĐ-CP``),
    ``typo_fixed`` (``23-CT/QU`` → ``23-CT/TU``), ``issuer_inferred``, ``impossible_year``,
    ``body_implements`` (a body task says to carry it out), ``unresolved``, ``invalid_date`` (a
    stated date that does not exist, ``31 tháng 02``: ``date`` stays ``None``).
    """

    key: InstrumentKey
    doc_type: str | None
    relation: Relation
    mentions: tuple[Mention, ...]
    date: str | None = None
    sentence: str = ""  # the sentence of the first (strongest) mention
    flags: frozenset[str] = frozenset()

    @property
    def line(self) -> int:
        return self.mentions[0].line if self.mentions else 0


@dataclass(frozen=True)
class InstrumentRelation:
    """A relation between two instruments stated in a text, with the sentence that states it."""

    source: InstrumentKey
    target: InstrumentKey
    relation: InstrumentRelationType
    sentence: str
    line: int
    file: str = ""


@dataclass(frozen=True)
class SourceText:
    """A file read and normalized: ``text`` keeps the file's ``\\n`` line structure exactly."""

    path: str
    text: str
    format: str  # txt, md, html, docx, doc, pdf, rtf
    encoding: str = "utf-8"
    warnings: tuple[str, ...] = ()

    @property
    def lines(self) -> list[str]:
        return self.text.split("\n")


@dataclass
class DocumentMeta:
    """What a document's header says of it, the same fields wherever a document is described (its
    parsed header, the document itself, the context its citations are read in); ``None`` where
    nothing readable is said."""

    number: str | None = None
    doc_type: str | None = None
    issuer: str | None = None
    district: str | None = None
    date: str | None = None
    title: str | None = None
    signer: str | None = None

    @property
    def year(self) -> int | None:
        return int(self.date[:4]) if self.date and self.date[:4].isdigit() else None


@dataclass(kw_only=True)
class Document(DocumentMeta):
    """One document of a file (a cover letter and the plan it forwards are two).

    ``line_start``/``line_end`` are 1-based, inclusive lines of the file; ``text`` is those lines.
    Unknown metadata is ``None``.
    """

    id: str
    file: str
    line_start: int
    line_end: int
    text: str
    number_variants: tuple[str, ...] = ()
    citations: tuple[Citation, ...] = ()
    relations: tuple[InstrumentRelation, ...] = ()
    warnings: tuple[str, ...] = field(default_factory=tuple)

    def key(self) -> InstrumentKey | None:
        """The instrument identity of this document, so citations of it meet it in the graph."""
        if not self.number:
            return None
        return InstrumentKey(self.number, issuer=self.issuer, year=self.year)
