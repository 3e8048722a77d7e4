"""Score a built graph (Turtle, output contract) against gold files (gold/GUIDELINES.md).

Why its own module: extractor tuning needs one number that does not depend on the order of
entities in a file, so both entity and relation matching are maximum bipartite matchings, and
every rule of "How `kg eval` scores" lives here and nowhere else.
"""

from __future__ import annotations

import json
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS

from .namespaces import FP, PROV

CLASSES = ("Government", "Enterprise", "Institution", "Program", "Person", "BeneficiaryGroup", "Place")
PREDICATES = ("implements", "participatesIn", "funds", "employs", "benefits", "supports",
              "partnersWith", "locatedIn", "leads", "founded", "partOf")
SYMMETRIC = {"partnersWith"}
QUOTES = set("“”‘’\"'《》「」『』")
MODES = ("strict", "lenient")


class EvalError(Exception):
    """A gold file or the prediction cannot be read; the message names the file."""


# ---------------------------------------------------------------- names

def normalise(name: str) -> str:
    """NFKC, no white space, no quotation marks, Latin letters lower-cased."""
    out = []
    for ch in unicodedata.normalize("NFKC", name or ""):
        if ch.isspace() or ch in QUOTES:
            continue
        if ch.isalpha() and "LATIN" in unicodedata.name(ch, ""):
            ch = ch.lower()
        out.append(ch)
    return "".join(out)


def names_match(a: str, b: str, lenient: bool = False) -> bool:
    """Normalised names equal; lenient: one contains the other and the shorter is >= 60%."""
    if not a or not b:
        return False
    if a == b:
        return True
    if not lenient:
        return False
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    return short in long_ and len(short) >= 0.6 * len(long_)


def _any_match(label: str, names: Iterable[str], lenient: bool) -> bool:
    return any(names_match(label, n, lenient) for n in names)


def max_matching(n_left: int, n_right: int, edge: Callable[[int, int], bool]) -> dict[int, int]:
    """Maximum bipartite matching (augmenting paths): left index → right index."""
    adj = [[j for j in range(n_right) if edge(i, j)] for i in range(n_left)]
    match_right: dict[int, int] = {}

    def augment(i: int, seen: set[int]) -> bool:
        for j in adj[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in match_right or augment(match_right[j], seen):
                match_right[j] = i
                return True
        return False

    for i in range(n_left):
        if adj[i]:
            augment(i, set())
    return {i: j for j, i in match_right.items()}


# ---------------------------------------------------------------- inputs

@dataclass
class GoldEntity:
    id: str
    name: str
    type: str
    aliases: list[str]
    alt_types: list[str]

    @property
    def names(self) -> list[str]:
        return [normalise(n) for n in [self.name, *self.aliases] if normalise(n)]

    @property
    def types(self) -> set[str]:
        return {self.type, *self.alt_types}


@dataclass
class GoldRelation:
    s: GoldEntity
    p: str
    o: GoldEntity
    count: float | None = None
    amount: float | None = None
    evidence: str = ""


@dataclass
class GoldDoc:
    doc: str
    entities: list[GoldEntity]
    relations: list[GoldRelation]


@dataclass
class PredEntity:
    iri: str
    label: str
    cls: str

    @property
    def norm(self) -> str:
        return normalise(self.label)


@dataclass
class PredRelation:
    s_label: str
    p: str
    o_label: str
    counts: list[Decimal] = field(default_factory=list)
    amounts: list[Decimal] = field(default_factory=list)
    sentences: list[str] = field(default_factory=list)


def load_gold(gold_dir: str | Path) -> list[GoldDoc]:
    """Every ``*.json`` gold file in a folder, sorted by document id."""
    folder = Path(gold_dir)
    if not folder.is_dir():
        raise EvalError(f"{folder}: gold folder not found")
    docs = []
    for path in sorted(folder.glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            ents = {e["id"]: GoldEntity(e["id"], e["name"], e["type"], list(e.get("aliases") or []),
                                        list(e.get("alt_types") or []))
                    for e in data["entities"]}
            rels = [GoldRelation(ents[r["s"]], r["p"], ents[r["o"]], r.get("count"), r.get("amount"),
                                 r.get("evidence", "")) for r in data["relations"]]
            docs.append(GoldDoc(str(data["doc"]), list(ents.values()), rels))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError) as exc:
            raise EvalError(f"{path}: not a valid gold file ({type(exc).__name__}: {exc})") from None
    if not docs:
        raise EvalError(f"{folder}: no gold *.json files")
    return docs


def load_graph(ttl_path: str | Path) -> Graph:
    path = Path(ttl_path)
    if not path.is_file():
        raise EvalError(f"{path}: prediction file not found (run `kg build` first)")
    g = Graph()
    try:
        g.parse(path, format="ox-turtle")
    except Exception:  # noqa: BLE001 - fall back to rdflib's parser for its error message
        try:
            g = Graph()
            g.parse(path, format="turtle")
        except Exception as exc:  # noqa: BLE001
            raise EvalError(f"{path}: not valid Turtle ({str(exc).splitlines()[0][:200]})") from None
    return g


def _local(iri: URIRef) -> str:
    s = str(iri)
    ns = str(FP._NS)
    return s[len(ns):] if s.startswith(ns) else ""


def _numbers(g: Graph, node, prop) -> list[Decimal]:
    out = []
    for v in g.objects(node, prop):
        try:
            out.append(Decimal(str(v)))
        except (InvalidOperation, ValueError):
            pass
    return out


def predictions(g: Graph) -> dict[str, tuple[list[PredEntity], list[PredRelation]]]:
    """Per document id: the predicted entities and distinct (s, p, o) relations."""
    doc_ids: dict = {}
    for d in g.subjects(RDF.type, FP.Document):
        ident = g.value(d, DCTERMS.identifier)
        if ident is not None:
            doc_ids[d] = str(ident)

    def label(node) -> str:
        lab = g.value(node, RDFS.label)
        return str(lab) if lab is not None else ""

    def cls(node) -> str:
        found = {_local(t) for t in g.objects(node, RDF.type)} & set(CLASSES)
        return next((c for c in CLASSES if c in found), "")

    out: dict[str, tuple[list[PredEntity], list[PredRelation]]] = {i: ([], []) for i in doc_ids.values()}
    for e, d in g.subject_objects(FP.mentionedIn):
        if d in doc_ids:
            out[doc_ids[d]][0].append(PredEntity(str(e), label(e), cls(e)))
    triples: dict[str, dict[tuple, PredRelation]] = defaultdict(dict)
    for st, d in g.subject_objects(PROV.wasDerivedFrom):
        if d not in doc_ids or (st, RDF.type, RDF.Statement) not in g:
            continue
        s, p, o = g.value(st, RDF.subject), g.value(st, RDF.predicate), g.value(st, RDF.object)
        if s is None or p is None or o is None:
            continue
        pred = _local(p)
        key = (pred, *sorted((str(s), str(o)))) if pred in SYMMETRIC else (pred, str(s), str(o))
        rel = triples[doc_ids[d]].setdefault(key, PredRelation(label(s), pred, label(o)))
        rel.counts += _numbers(g, st, FP.count)
        rel.amounts += _numbers(g, st, FP.amount)
        sent = g.value(st, FP.sentence)
        if sent is not None:
            rel.sentences.append(str(sent))
    for doc_id, rels in triples.items():
        out[doc_id][1].extend(sorted(rels.values(), key=lambda r: (r.p, r.s_label, r.o_label)))
    for ents, _ in out.values():
        ents.sort(key=lambda e: (e.label, e.cls, e.iri))
    return out


# ---------------------------------------------------------------- scores

@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: Score) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    def as_dict(self) -> dict:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": round(self.precision, 4),
                "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


@dataclass
class ClassScore:
    """Per class: recall counted by gold type, precision by predicted class."""
    gold: int = 0
    predicted: int = 0
    tp_gold: int = 0
    tp_predicted: int = 0

    @property
    def precision(self) -> float:
        return self.tp_predicted / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.tp_gold / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict:
        return {"gold": self.gold, "predicted": self.predicted, "precision": round(self.precision, 4),
                "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


@dataclass
class Quantities:
    total: int = 0
    correct: int = 0

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0

    def as_dict(self) -> dict:
        return {"total": self.total, "correct": self.correct, "accuracy": round(self.accuracy, 4)}


@dataclass
class DocErrors:
    """Strict-mode errors of one document, for `--show-errors`."""
    missed_entities: list[dict] = field(default_factory=list)
    spurious_entities: list[dict] = field(default_factory=list)
    missed_relations: list[dict] = field(default_factory=list)
    spurious_relations: list[dict] = field(default_factory=list)


@dataclass
class EvalReport:
    documents: list[str]
    missing: list[str]  # gold documents with no fp:Document in the prediction
    entities: dict[str, Score]
    relations: dict[str, Score]
    quantities: dict[str, Quantities]
    entity_classes: dict[str, ClassScore]  # strict
    relation_predicates: dict[str, Score]  # strict
    confusion: dict[str, dict[str, int]]  # gold type → predicted class → n (strict names)
    per_document: dict[str, dict[str, Score]]  # doc → "entities"/"relations" → strict score
    errors: dict[str, DocErrors]

    def as_dict(self) -> dict:
        return {
            "documents": self.documents,
            "missing": self.missing,
            "entities": {m: s.as_dict() for m, s in self.entities.items()},
            "relations": {m: s.as_dict() for m, s in self.relations.items()},
            "quantities": {m: q.as_dict() for m, q in self.quantities.items()},
            "entity_classes": {c: s.as_dict() for c, s in self.entity_classes.items()},
            "relation_predicates": {p: s.as_dict() for p, s in self.relation_predicates.items()},
            "confusion": self.confusion,
            "per_document": {d: {k: s.as_dict() for k, s in v.items()} for d, v in self.per_document.items()},
            "errors": {d: asdict(e) for d, e in self.errors.items()},
        }

    def summary_lines(self) -> list[str]:
        """The compact 4-line summary (last lines of the table output)."""
        def pr(s: Score) -> str:
            return f"P={s.precision:.3f} R={s.recall:.3f} F1={s.f1:.3f}"
        q = self.quantities
        return [
            f"entities  strict {pr(self.entities['strict'])} | lenient {pr(self.entities['lenient'])}",
            f"relations strict {pr(self.relations['strict'])} | lenient {pr(self.relations['lenient'])}",
            (f"quantities strict {q['strict'].correct}/{q['strict'].total} acc={q['strict'].accuracy:.3f}"
             f" | lenient {q['lenient'].correct}/{q['lenient'].total} acc={q['lenient'].accuracy:.3f}"),
            f"documents {len(self.documents)}" + (f" (no prediction: {len(self.missing)})" if self.missing else ""),
        ]


def _close(value: Decimal, gold: float) -> bool:
    g = Decimal(str(gold))
    return abs(value - g) <= abs(g) * Decimal("0.01")


def _quantity_ok(gold: GoldRelation, pred: PredRelation) -> bool:
    """Every number the gold states (count, amount) is carried by one of the statements."""
    ok = True
    if gold.count is not None:
        ok &= any(_close(v, gold.count) for v in pred.counts)
    if gold.amount is not None:
        ok &= any(_close(v, gold.amount) for v in pred.amounts)
    return ok


def _rel_edge(gold: GoldRelation, pred: PredRelation, lenient: bool) -> bool:
    if gold.p != pred.p:
        return False
    s, o = normalise(pred.s_label), normalise(pred.o_label)
    if _any_match(s, gold.s.names, lenient) and _any_match(o, gold.o.names, lenient):
        return True
    return gold.p in SYMMETRIC and _any_match(o, gold.s.names, lenient) and _any_match(s, gold.o.names, lenient)


def _match_entities(gold: list[GoldEntity], pred: list[PredEntity], lenient: bool,
                    check_class: bool) -> dict[int, int]:
    names = [g.names for g in gold]
    return max_matching(len(gold), len(pred), lambda i, j: (
        (not check_class or pred[j].cls in gold[i].types) and _any_match(pred[j].norm, names[i], lenient)))


def _match_relations(gold: list[GoldRelation], pred: list[PredRelation], lenient: bool) -> dict[int, int]:
    return max_matching(len(gold), len(pred), lambda i, j: _rel_edge(gold[i], pred[j], lenient))


def _one_line(text: str) -> str:
    return " ".join(text.split())


def evaluate(ttl_path: str | Path, gold_dir: str | Path, max_errors: int | None = None) -> EvalReport:
    """Score the Turtle file against every gold file in ``gold_dir`` (micro-averaged)."""
    gold_docs = load_gold(gold_dir)
    pred = predictions(load_graph(ttl_path))
    ents = {m: Score() for m in MODES}
    rels = {m: Score() for m in MODES}
    qty = {m: Quantities() for m in MODES}
    classes = {c: ClassScore() for c in CLASSES}
    preds = {p: Score() for p in PREDICATES}
    confusion: dict[str, Counter] = defaultdict(Counter)
    per_doc: dict[str, dict[str, Score]] = {}
    errors: dict[str, DocErrors] = {}
    missing = []
    for gd in gold_docs:
        if gd.doc not in pred:
            missing.append(gd.doc)
        p_ents, p_rels = pred.get(gd.doc, ([], []))
        for mode in MODES:
            lenient = mode == "lenient"
            # entities
            em = _match_entities(gd.entities, p_ents, lenient, check_class=True)
            es = Score(len(em), len(p_ents) - len(em), len(gd.entities) - len(em))
            ents[mode].add(es)
            # relations
            rm = _match_relations(gd.relations, p_rels, lenient)
            rs = Score(len(rm), len(p_rels) - len(rm), len(gd.relations) - len(rm))
            rels[mode].add(rs)
            for i, j in rm.items():
                g = gd.relations[i]
                if g.count is not None or g.amount is not None:
                    qty[mode].total += 1
                    qty[mode].correct += _quantity_ok(g, p_rels[j])
            if lenient:
                continue
            per_doc[gd.doc] = {"entities": es, "relations": rs}
            for i, e in enumerate(gd.entities):
                classes.setdefault(e.type, ClassScore()).gold += 1
                classes[e.type].tp_gold += i in em
            matched_pred = set(em.values())
            for j, e in enumerate(p_ents):
                classes.setdefault(e.cls or "(none)", ClassScore()).predicted += 1
                classes[e.cls or "(none)"].tp_predicted += j in matched_pred
            # type confusion: among what is left, pair names that match with the class ignored
            lg = [e for i, e in enumerate(gd.entities) if i not in em]
            lp = [e for j, e in enumerate(p_ents) if j not in matched_pred]
            for i, j in _match_entities(lg, lp, lenient=False, check_class=False).items():
                confusion[lg[i].type][lp[j].cls or "(none)"] += 1
            for k, r in enumerate(gd.relations):
                preds.setdefault(r.p, Score())
                if k in rm:
                    preds[r.p].tp += 1
                else:
                    preds[r.p].fn += 1
            matched_rel = set(rm.values())
            for j, r in enumerate(p_rels):
                if j not in matched_rel:
                    preds.setdefault(r.p or "(unknown)", Score()).fp += 1
            n = max_errors if max_errors is not None else 10**9
            errors[gd.doc] = DocErrors(
                missed_entities=[{"name": e.name, "type": e.type} for i, e in enumerate(gd.entities)
                                 if i not in em][:n],
                spurious_entities=[{"label": e.label, "class": e.cls} for j, e in enumerate(p_ents)
                                   if j not in matched_pred][:n],
                missed_relations=[{"s": r.s.name, "p": r.p, "o": r.o.name, "evidence": _one_line(r.evidence)}
                                  for k, r in enumerate(gd.relations) if k not in rm][:n],
                spurious_relations=[{"s": r.s_label, "p": r.p, "o": r.o_label,
                                     "sentence": _one_line(r.sentences[0]) if r.sentences else ""}
                                    for j, r in enumerate(p_rels) if j not in matched_rel][:n],
            )
    return EvalReport(
        documents=[gd.doc for gd in gold_docs], missing=missing, entities=ents, relations=rels,
        quantities=qty, entity_classes={c: s for c, s in classes.items() if s.gold or s.predicted},
        relation_predicates={p: s for p, s in preds.items() if s.tp or s.fp or s.fn},
        confusion={g: dict(c) for g, c in sorted(confusion.items())}, per_document=per_doc, errors=errors,
    )


# ---------------------------------------------------------------- table output

def render_table(report: EvalReport, console, show_errors: int = 0) -> None:
    """Rich tables, then the errors if asked, then the 4 summary lines (always last)."""
    from rich.table import Table

    def f3(x: float) -> str:
        return f"{x:.3f}"

    if report.missing:
        console.print("gold documents with no prediction: " + ", ".join(report.missing), highlight=False)
    t = Table(title="documents (strict)")
    for col in ("document", "ent P", "ent R", "ent F1", "rel P", "rel R", "rel F1"):
        t.add_column(col, justify="left" if col == "document" else "right")
    for doc, s in report.per_document.items():
        e, r = s["entities"], s["relations"]
        t.add_row(doc, f3(e.precision), f3(e.recall), f3(e.f1), f3(r.precision), f3(r.recall), f3(r.f1))
    console.print(t)
    t = Table(title="entities by class (strict; recall by gold type, precision by predicted class)")
    for col in ("class", "gold", "predicted", "P", "R", "F1"):
        t.add_column(col, justify="left" if col == "class" else "right")
    for c, s in report.entity_classes.items():
        t.add_row(c, str(s.gold), str(s.predicted), f3(s.precision), f3(s.recall), f3(s.f1))
    console.print(t)
    if report.confusion:
        preds = sorted({p for row in report.confusion.values() for p in row})
        t = Table(title="type confusion (name matches, class does not): gold type × predicted class")
        t.add_column("gold \\ predicted")
        for p in preds:
            t.add_column(p, justify="right")
        for g, row in report.confusion.items():
            t.add_row(g, *[str(row.get(p, "")) for p in preds])
        console.print(t)
    t = Table(title="relations by predicate (strict)")
    for col in ("predicate", "TP", "FP", "FN", "P", "R", "F1"):
        t.add_column(col, justify="left" if col == "predicate" else "right")
    for p, s in report.relation_predicates.items():
        t.add_row(p, str(s.tp), str(s.fp), str(s.fn), f3(s.precision), f3(s.recall), f3(s.f1))
    console.print(t)
    if show_errors:
        for doc, e in report.errors.items():
            console.print(f"[bold]{doc}[/]")
            for m in e.missed_entities:
                console.print(f"  missed entity    {m['name']} ({m['type']})", highlight=False, markup=False)
            for m in e.spurious_entities:
                console.print(f"  spurious entity  {m['label']} ({m['class']})", highlight=False, markup=False)
            for m in e.missed_relations:
                console.print(f"  missed relation  {m['s']} {m['p']} {m['o']}  « {m['evidence']} »",
                              highlight=False, markup=False)
            for m in e.spurious_relations:
                console.print(f"  spurious relation {m['s']} {m['p']} {m['o']}  « {m['sentence']} »",
                              highlight=False, markup=False)
    for line in report.summary_lines():
        console.print(line, highlight=False, markup=False, soft_wrap=True)


__all__ = ["EvalError", "EvalReport", "Score", "evaluate", "max_matching", "names_match", "normalise", "render_table"]
