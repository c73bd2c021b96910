"""pledgewatch: an evidence-linked, geocoded ledger of commitments stated in the news.

The library's entry point::

    import pledgewatch
    result = pledgewatch.extract("Renault va investir 300 millions d'euros à Douai ...",
                                 published="2024-05-13")
    for fact in result.facts:          # pledgewatch.Fact: kind, actor, value, unit, places, ...
        print(fact.kind, fact.value, fact.unit, fact.evidence.text)

``extract`` returns a typed ``Extraction`` (``extract/results.py``); ``to_dict()`` gives the
JSON of ``schema/extraction.schema.json``. The spaCy model loads on the first call only.
"""

__version__ = "0.1.0"

from pledgewatch import extract  # noqa: E402 (a callable package: pledgewatch.extract(text))
from pledgewatch.extract.results import Evidence, Extraction, Fact, Place, Quote  # noqa: E402

__all__ = ["Evidence", "Extraction", "Fact", "Place", "Quote", "__version__", "extract"]
