"""The data that flows between pipeline stages: plain dataclasses, nothing else.

read → split → recognise → resolve → relate → quantify → rdf. Each stage takes a
``Document`` (or what the previous stage made of it) and returns it enriched.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

#: The seven primary classes of the ontology (local names in the fp: namespace).
CLASSES = (
    "Government",
    "Enterprise",
    "Institution",
    "Program",
    "Person",
    "BeneficiaryGroup",
    "Place",
)

#: The eleven relation properties of the ontology.
PREDICATES = (
    "implements",
    "participatesIn",
    "funds",
    "employs",
    "benefits",
    "supports",
    "partnersWith",
    "locatedIn",
    "leads",
    "founded",
    "partOf",
)

ORGANIZATION = frozenset({"Government", "Enterprise", "Institution"})


@dataclass
class Token:
    """A segmented word with its part-of-speech or NER tag and offset in its sentence."""

    text: str
    tag: str
    start: int
    end: int = -1

    def __post_init__(self) -> None:
        if self.end < 0:
            self.end = self.start + len(self.text)


@dataclass
class Mention:
    """A span of a sentence that names (or refers to) an entity."""

    text: str
    start: int  # offset in the sentence
    end: int
    cls: str  # one of CLASSES
    source: str = "rule"  # which recogniser found it (lac, lexicon, suffix, quote, ...)
    name: str | None = None  # canonical name, set by resolve
    confidence: float = 0.8
    acting: bool = False  # a place acting as its government (set by resolve)

    @property
    def key(self) -> tuple[str, str]:
        return (self.cls, self.name or self.text)


@dataclass
class Sentence:
    text: str
    start: int  # offset in the document text
    index: int
    item: int = 0
    tokens: list[Token] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)


@dataclass
class NewsItem:
    """One news item of a document (a newspaper page may hold several)."""

    index: int
    title: str | None
    start: int
    end: int
    place: str | None = None  # the county/city the item is about, for qualifying 县民政局 etc.
    places: list[str] = field(default_factory=list)  # the item's place context, most specific first
    context: list[int] = field(default_factory=list)  # the same as gazetteer division indices


@dataclass
class Document:
    """One input article."""

    id: str
    text: str
    path: str | None = None
    title: str | None = None
    format: str = "txt"
    encoding: str = "utf-8"
    digest: str = ""  # sha256 of the source bytes, for incremental builds
    items: list[NewsItem] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    entities: dict[tuple[str, str], Entity] = field(default_factory=dict)
    relations: list[Relation] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass
class Quantity:
    """A number that qualifies a relation: money in yuan, or a count of people/households/units."""

    text: str
    amount: Decimal | None = None
    count: int | None = None
    unit: str | None = None


@dataclass
class Entity:
    """A resolved entity of one document: canonical name, class and every surface form."""

    name: str
    cls: str
    aliases: set[str] = field(default_factory=set)
    docs: set[str] = field(default_factory=set)
    background: bool = False  # known from the gazetteer only, not mentioned
    conditional: bool = False  # kept only as a party to a relation that passes the confidence floor

    @property
    def key(self) -> tuple[str, str]:
        return (self.cls, self.name)


@dataclass
class Relation:
    """One relation read from one sentence (becomes a plain triple plus an rdf:Statement)."""

    subject: tuple[str, str]  # entity key (class, name)
    predicate: str  # one of PREDICATES
    object: tuple[str, str]
    doc_id: str
    sentence: str
    confidence: float = 0.7
    quantity: Quantity | None = None
    source: str = "document"  # "document", or "gazetteer" for background facts
    pattern: str = ""  # which pattern produced it, for error analysis
    coord: int = 0  # position in a coordination (A、B、C): only the first takes the count


@dataclass
class Skipped:
    """An input that could not be read, with the reason in one line."""

    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"
