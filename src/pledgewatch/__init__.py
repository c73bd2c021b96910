"""pledgewatch: an evidence-linked, geocoded ledger of commitments stated in the news."""

__version__ = "0.1.0"
