"""A large synthetic ledger for the query benchmark, built without spaCy through the real store path.

Documents are written from templates (varied companies, French places from the gazetteer,
figures, dates, deadlines, statuses and events) with extraction dicts in the schema's form,
each checked against ``schema/extraction.schema.json``. They are stored with
``ledger.ingest.store_document`` (documents, sources, facts, companies, places, events) and
consolidated by it (``ledger.consolidation.update``), as ``pledgewatch ingest`` does, in
transactions of ``BATCH`` documents instead of one each. About one fact in five reports again a
pledge of a recent document, so that commitments gather several reports.
"""

from __future__ import annotations

import json
import random
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import date, timedelta
from importlib import resources

import sqlalchemy as sa
from jsonschema import Draft202012Validator
from sqlalchemy.engine import Connection, Engine

from pledgewatch.document import Document
from pledgewatch.extract import gazetteer
from pledgewatch.ledger import consolidation, store
from pledgewatch.ledger.ingest import store_document
from pledgewatch.ledger.keys import actor_key, event_key
from pledgewatch.ledger.store import open_store
from pledgewatch.read.reader import content_hash

FACTS_PER_DOCUMENT = 5
BATCH = 200
"""Documents stored per transaction."""
FIRST_DAY, LAST_DAY = date(2015, 1, 1), date(2026, 11, 30)
REPORTED_AGAIN = 0.2
"""Share of facts that report again a pledge of one of the last ``RECENT`` documents."""
RECENT = 400

KINDS = {  # kind: (weight, unit, low, high) with figures drawn log-uniformly in [low, high]
    "investment": (35, "EUR", 1e5, 5e9), "jobs_created": (20, "jobs", 5, 3000), "jobs_cut": (8, "jobs", 5, 2000),
    "site_opening": (8, None, 0, 0), "site_expansion": (6, "m2", 500, 200000), "site_closure": (4, None, 0, 0),
    "capacity": (5, "MW", 1, 800), "training": (4, "people", 10, 5000), "startup_support": (3, "startups", 5, 300),
    "energy_procurement": (3, "MWh", 1000, 5e6), "sustainability_target": (4, "%", 5, 100),
}
QUALIFIERS = {"exact": 70, "at_least": 12, "about": 8, "at_most": 3, "range": 7}
STATUSES = {"planned": 85, "completed": 10, "cancelled": 5}
SYLLABLES = ("Ar", "Bo", "Cor", "Dal", "El", "Fer", "Gal", "Hor", "Ir", "Jal", "Kor", "Lum", "Mar", "Nor",
             "Or", "Pal", "Quar", "Ros", "Sal", "Tor", "Ul", "Val", "Wel", "Xan", "Yor", "Zél")
ENDINGS = ("valis", "tech", "gène", "ia", "ix", "on", "ane", "ys", "or", "ex")
SUFFIXES = ("", "", " Industries", " Énergie", " SA", " Groupe")
VERBS = {"investment": "va investir", "jobs_created": "créera", "jobs_cut": "supprimera", "site_opening": "ouvrira un site",
         "site_expansion": "agrandira son site de", "site_closure": "fermera son site", "capacity": "installera",
         "training": "formera", "startup_support": "accompagnera", "energy_procurement": "achètera",
         "sustainability_target": "réduira ses émissions de"}


def _pick(rng: random.Random, weights: dict) -> str:
    return rng.choices(list(weights), [w if isinstance(w, int) else w[0] for w in weights.values()])[0]


def _figure(rng: random.Random, low: float, high: float) -> float:
    value = low * (high / low) ** rng.random()
    digits = max(0, 2 - len(str(int(value))))
    return float(round(value, digits)) if value < 100 else float(f"{value:.2g}")


class Vocabulary:
    """Companies, places and events to draw from, sized by the number of facts."""

    def __init__(self, rng: random.Random, facts: int) -> None:
        names: set[str] = set()
        while len(names) < max(50, facts // 40):
            names.add(rng.choice(SYLLABLES) + rng.choice(SYLLABLES).lower() + rng.choice(ENDINGS)
                      + rng.choice(SUFFIXES))
        self.actors = [(name, f"SYN{i:05d}" if i % 5 == 0 else None) for i, name in enumerate(sorted(names))]
        entries = gazetteer.entries().values()
        communes = sorted((e for e in entries if e.level == "commune"), key=lambda e: -e.population)
        self.communes = communes[:3000]
        self.areas = [e for e in entries if e.level in ("departement", "region")]
        self.events = [f"Choose France {y}" for y in range(2018, 2027)] + [f"Sommet de l'industrie {y}"
                                                                            for y in range(2015, 2027)]

    def places(self, rng: random.Random) -> list[dict]:
        """A fact's places: mostly one commune; else an area, France, two communes apart, or none."""
        draw = rng.random()
        if draw < 0.70:
            chosen = [rng.choice(self.communes)]
        elif draw < 0.82:
            chosen = [rng.choice(self.areas)]
        elif draw < 0.88:
            return [{"code": "country:FR", "name": "France"}]
        elif draw < 0.93:
            chosen = rng.sample(self.communes, 2)
        else:
            return []
        return [{"code": e.code, "name": e.name} for e in chosen]


def _fact(rng: random.Random, vocab: Vocabulary, published: date) -> dict:
    kind = _pick(rng, KINDS)
    _, unit, low, high = KINDS[kind]
    actor, actor_id = rng.choice(vocab.actors)
    value = _figure(rng, low, high) if unit else None
    if kind == "investment" and rng.random() < 0.1:
        unit = "USD"
    qualifier = _pick(rng, QUALIFIERS) if value is not None else "exact"
    deadline = None
    if rng.random() < 0.5:
        year = published.year + rng.randint(0, 6)
        deadline = f"{year}-{rng.randint(1, 12):02d}" if rng.random() < 0.3 else str(year)
    event = rng.choice(vocab.events) if kind == "investment" and rng.random() < 0.08 else None
    return {"kind": kind, "actor": actor, "actor_id": actor_id, "aggregate": False, "value": value,
            "value_max": round(value * 1.25, 2) if qualifier == "range" else None, "unit": unit,
            "qualifier": qualifier, "places": vocab.places(rng), "deadline": deadline,
            "status": _pick(rng, STATUSES), "event": event, "detail": None}


def _sentence(fact: dict) -> str:
    figure = f" {fact['value']:g} {fact['unit'] or ''}".rstrip() if fact["value"] is not None else ""
    where = f" à {fact['places'][0]['name']}" if fact["places"] else ""
    when = f" d'ici {fact['deadline']}" if fact["deadline"] else ""
    return f"{fact['actor'] or 'Le sommet'} {VERBS[fact['kind']]}{figure}{where}{when}."


def documents(facts: int, seed: int = 15) -> Iterator[tuple[Document, dict]]:
    """About ``facts`` facts in documents of FACTS_PER_DOCUMENT, in order of publication, each with
    its extraction (the schema's form); the same for the same arguments."""
    rng = random.Random(seed)
    vocab = Vocabulary(rng, facts)
    count = max(1, facts // FACTS_PER_DOCUMENT)
    recent: list[dict] = []
    span = (LAST_DAY - FIRST_DAY).days
    for i in range(count):
        day = FIRST_DAY + timedelta(days=span * i // count)
        published = day.isoformat() if rng.random() < 0.97 else day.isoformat()[:7] if rng.random() < 0.7 else None
        made = []
        for _ in range(FACTS_PER_DOCUMENT):
            again = recent and rng.random() < REPORTED_AGAIN
            fact = dict(rng.choice(recent)) if again else _fact(rng, vocab, day)
            made.append(fact)
            recent = (recent + [fact])[-RECENT:]
        if i % 500 == 250:  # an event's announced total
            made.append({**_fact(rng, vocab, day), "kind": "investment", "actor": None, "actor_id": None,
                         "aggregate": True, "value": 1e10, "unit": "EUR", "qualifier": "at_least",
                         "value_max": None, "event": rng.choice(vocab.events), "places": []})
        sentences = [_sentence(f) for f in made]
        text = f"Dépêche n° {i}.\n" + " ".join(sentences)
        start, out = text.index("\n") + 1, []
        for fact, sentence in zip(made, sentences):
            start = text.index(sentence, start)
            out.append({**fact, "evidence": {"text": sentence, "start": start, "end": start + len(sentence)}})
            start += len(sentence)
        doc_id = content_hash(text)
        document = Document(id=doc_id, text=text, lang="fr", published=published, source=f"synthetic:{i}",
                            title=f"Dépêche {i}")
        yield document, {"document": {"id": doc_id, "lang": "fr", "published": published, "title": document.title,
                                      "source": document.source}, "facts": out, "quotes": []}


def _validated(facts: int, seed: int) -> Iterator[tuple[Document, dict]]:
    schema = json.loads((resources.files("pledgewatch") / "schema" / "extraction.schema.json").read_text("utf-8"))
    validator = Draft202012Validator(schema)
    for document, extraction in documents(facts, seed):
        validator.validate(extraction)
        yield document, extraction


def build_stored(db: str, facts: int, seed: int = 15) -> int:
    """Store the synthetic documents into the new ledger ``db`` with ``store_document``; how many."""
    engine = open_store(db)
    stored = 0
    for batch in _batches(_validated(facts, seed), BATCH):
        with engine.begin() as conn:
            for document, extraction in batch:
                store_document(conn, document, extraction)
        stored += len(batch)
    engine.dispose()
    return stored


def _batches(items: Iterable, size: int) -> Iterator[list]:
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


class _Rows:
    """The rows ``store_document`` and ``consolidation.update`` would write, made in memory."""

    def __init__(self) -> None:
        self.named: dict[str, dict[str, dict]] = {"companies": {}, "events": {}, "places": {}}
        self.tables: dict[str, list[dict]] = defaultdict(list)
        self.members: dict[str, consolidation.Member] = {}  # fact id: the fact as consolidation sees it
        self.commitment_of: dict[str, str] = {}  # fact id: its commitment's id
        self.commitments: dict[str, list[consolidation.Member]] = {}
        self.by_actor: dict[tuple, list[str]] = defaultdict(list)  # (kind, actor_key): fact ids

    def _named(self, table: str, key: str, name: str, **extra: object) -> bool:
        """As ``ingest._ensure_named``: insert, or rename to the shorter (then smaller) name."""
        known = self.named[table].get(key)
        if known is None:
            column = {"companies": "key", "events": "key", "places": "code"}[table]
            self.named[table][key] = {column: key, "name": name, **extra}
        elif (len(name), name) < (len(known["name"]), known["name"]):
            known["name"] = name
        return known is None

    def add(self, document: Document, extraction: dict) -> None:
        """The rows of one new document and its facts, then its facts consolidated one by one."""
        self.tables["documents"].append({"id": document.id, "title": document.title, "lang": document.lang,
                                         "published": document.published, "text": document.text,
                                         "decoding": document.decoding})
        self.tables["document_sources"].append({"document_id": document.id, "source": document.source})
        for ordinal, fact in enumerate(extraction["facts"]):
            key = actor_key(fact.get("actor"), fact.get("actor_id"))
            if key:
                self._named("companies", key, fact.get("actor") or fact["actor_id"], company_id=fact.get("actor_id"))
            ekey = event_key(fact.get("event"))
            if ekey:
                year = re.search(r"\b(19|20)\d{2}\b", fact["event"])
                self._named("events", ekey, fact["event"], year=int(year.group()) if year else None)
            named: dict[str, str] = {}  # code: the name it first has in this fact
            for place in fact["places"]:
                named.setdefault(place["code"], place["name"])
            codes = list(named)
            for code, name in named.items():
                entry = gazetteer.lookup(code)
                if self._named("places", code, entry.name if entry else name, level=code.split(":", 1)[0]):
                    self.tables["place_parents"] += [{"code": code, "parent": p} for p in gazetteer.ancestors(code)]
            fact_id = f"{document.id}-{ordinal}"
            evidence = fact["evidence"]
            row = {"id": fact_id, "document_id": document.id, "ordinal": ordinal, "kind": fact["kind"],
                   "actor": fact.get("actor"), "actor_id": fact.get("actor_id"), "actor_key": key,
                   "aggregate": bool(fact.get("aggregate")), "value": fact.get("value"),
                   "value_max": fact.get("value_max"), "unit": fact.get("unit"), "qualifier": fact["qualifier"],
                   "deadline": fact.get("deadline"), "status": fact["status"], "event": fact.get("event"),
                   "event_key": ekey, "detail": fact.get("detail"), "evidence_text": evidence["text"],
                   "evidence_start": evidence["start"], "evidence_end": evidence["end"]}
            self.tables["facts"].append(row)
            self.tables["fact_places"] += [{"fact_id": fact_id, "code": c, "position": i} for i, c in enumerate(codes)]
            fields = {f: row[f] for f in consolidation.Member.__dataclass_fields__ if f in row}
            self.members[fact_id] = consolidation.Member(**fields, commitment_id=None, published=document.published,
                                                         places=tuple(codes))
        for ordinal in range(len(extraction["facts"])):
            self._consolidate(self.members[f"{document.id}-{ordinal}"])

    def _consolidate(self, fact: consolidation.Member) -> None:
        """As ``consolidation.update`` for one new fact: merge the commitments it matches."""
        candidates = [self.members[i] for i in self.by_actor[(fact.kind, fact.actor_key)]]
        merged = {self.commitment_of[c.id] for c in candidates
                  if c.document_id != fact.document_id and consolidation.same_commitment(fact, c)}
        members = [fact] + [m for cid in sorted(merged) for m in self.commitments.pop(cid)]
        new_id = min(members, key=lambda m: m.order).id
        self.commitments[new_id] = members
        for m in members:
            self.commitment_of[m.id] = new_id
        self.by_actor[(fact.kind, fact.actor_key)].append(fact.id)

    def write(self, engine: Engine) -> None:
        """Insert every row, in the order of the foreign keys, in one transaction (the database's
        triggers fill each commitment's region and department as its places are inserted)."""
        for table in ("companies", "events", "places"):
            self.tables[table] = list(self.named[table].values())
        for row in self.tables["facts"]:
            row["commitment_id"] = self.commitment_of[row["id"]]
        for members in self.commitments.values():
            row, codes, moves = consolidation.summarize(members)
            self.tables["commitments"].append(row)
            self.tables["commitment_places"] += [{"commitment_id": row["id"], "code": c, "position": i}
                                                 for i, c in enumerate(codes)]
            self.tables["commitment_status"] += [{"commitment_id": row["id"], "seq": i, **m} for i, m in enumerate(moves)]
        with engine.begin() as conn:
            for table in store.metadata.sorted_tables:
                if self.tables.get(table.name):
                    _insert(conn, table, self.tables[table.name])


def _insert(conn: Connection, table: sa.Table, rows: list[dict]) -> None:
    """Insert ``rows`` (all with the same keys): PostgreSQL's COPY, else batches of INSERT."""
    if conn.dialect.name != "postgresql":
        for batch in _batches(rows, 5000):
            conn.execute(table.insert(), batch)
        return
    columns = list(rows[0])
    with conn.connection.driver_connection.cursor() as cursor, \
            cursor.copy(f"COPY {table.name} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row([row[c] for c in columns])


def build_bulk(db: str, facts: int, seed: int = 15) -> int:
    """The same ledger as ``build_stored``, its rows made in memory and inserted in bulk; how many documents."""
    rows = _Rows()
    for document, extraction in _validated(facts, seed):
        rows.add(document, extraction)
    engine = open_store(db)
    rows.write(engine)
    engine.dispose()
    return len(rows.tables["documents"])


def table_rows(db: str) -> dict[str, list[tuple]]:
    """Every row of every table of the ledger ``db``, sorted: to compare two ledgers (but the
    generation of ``ledger_state``, which counts writes, not what they wrote)."""
    engine = open_store(db, read_only=True)
    with engine.connect() as conn:
        found = {t.name: sorted(map(tuple, conn.execute(t.select())), key=repr) for t in store.metadata.sorted_tables
                 if t is not store.ledger_state}
    engine.dispose()
    return found
