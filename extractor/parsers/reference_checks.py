"""The ``REF_*`` checks moved to :mod:`extractor.parsers.references.checks`; this name
stays for the modules and scripts that import it."""
from vanban.extractor.parsers.references.checks import RULES, check_references

__all__ = ["RULES", "check_references"]
