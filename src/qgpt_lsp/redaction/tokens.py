"""Token-shaped secrets: the rule set of Yelp's ``detect-secrets`` plus the few it lacks.

Every regex-based detector ``detect-secrets`` ships (AWS, GitHub, GitLab, Stripe, Slack,
Twilio, SendGrid, JWT, Discord, Telegram, Mailchimp, PyPI, npm, Azure, IBM, Square,
Artifactory, credentials in URLs...) is used as it is, by its ``denylist``; upgrading the
package upgrades the rules. Two are left out: public IPv4 addresses are not secrets, and
private keys are masked as whole blocks (:data:`PRIVATE_KEY`). :data:`_EXTRA_RULES` adds
token formats the package has no detector for (gitleaks names them too).

A match is widened to the whole token it sits in, so a longer key of a known prefix
(Stripe's keys grew past the 24 characters the rule names) is masked to its end.

The rules run only on the lines that could hold a token (a run of 16+ token characters
other than a lower-case name, or a URL), which keeps indexing a
large workspace fast; every rule's secret is such a run or sits in a URL.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import cast

from detect_secrets.core.plugins.util import get_mapping_from_secret_type_to_class
from detect_secrets.plugins.base import RegexBasedDetector
from detect_secrets.plugins.ip_public import IPPublicDetector
from detect_secrets.plugins.private_key import PrivateKeyDetector

from .lines import LineBlock, line_starts_mentioning

__all__ = ["PRIVATE_KEY", "token_spans"]

PRIVATE_KEY = re.compile(
    r"-----BEGIN [A-Z ]*PRIVATE KEY[A-Z ]*-----.*?(?:-----END [A-Z ]*PRIVATE KEY[A-Z ]*-----|\Z)",
    re.DOTALL,
)

_LEFT_OUT = (IPPublicDetector, PrivateKeyDetector)
_EXTRA_RULES = tuple(
    re.compile(pattern)
    for pattern in (
        r"github_pat_[A-Za-z0-9_]{40,}",  # GitHub fine-grained token
        r"(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{30,}",  # GitHub, any length
        r"sk-(?:proj-|ant-(?:api\d\d-)?|svcacct-)?[A-Za-z0-9_\-]{20,}",  # OpenAI / Anthropic
        r"(?:sk|rk)_(?:live|test)_[0-9A-Za-z]{16,}",  # Stripe secret / restricted
        r"whsec_[A-Za-z0-9]{24,}",  # Stripe webhook secret
        r"AIza[0-9A-Za-z_\-]{35}",  # Google API key
        r"xox[abeposr]-[A-Za-z0-9\-]{10,}",  # Slack, any shape
        r"xapp-\d-[A-Z0-9]+-\d+-[a-z0-9]+",  # Slack app-level token
        r"npm_[A-Za-z0-9]{36}",  # npm
        r"hf_[A-Za-z0-9]{34,}",  # Hugging Face
        r"shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}",  # Shopify
        r"dop_v1_[a-f0-9]{64}",  # DigitalOcean
        r"SK[0-9a-fA-F]{32}",  # Twilio API key (upper-case hex)
        r"AC[0-9a-fA-F]{32}",  # Twilio account SID
        r"glpat-[A-Za-z0-9_\-]{20,}",  # GitLab
        r"AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}",  # age
        r"sq0atp-[0-9A-Za-z\-_]{22}",  # Square access token
        r"SG\.[A-Za-z0-9_\-]{16,}\.[A-Za-z0-9_\-]{16,}",  # SendGrid, any length
        r"[a-f0-9]{32}-us\d{1,2}",  # Mailchimp
        r"(?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}",  # AWS access key id
        r"(?i:bearer)\s+([A-Za-z0-9_\-.=+/]{20,})",  # an Authorization header's value
    )
)
_TOKEN_CHARACTER = re.compile(r"[A-Za-z0-9_\-]")
_EDGE = " \t\r\n\"'=:`"


def _rules() -> tuple[re.Pattern[str], ...]:
    chosen: list[re.Pattern[str]] = []
    detector: type
    for detector in get_mapping_from_secret_type_to_class().values():
        if issubclass(detector, RegexBasedDetector) and not issubclass(detector, _LEFT_OUT):
            # each detector class sets ``denylist`` to its patterns (a property on the base)
            chosen.extend(cast("Iterable[re.Pattern[str]]", detector.denylist))
    return (*chosen, *_EXTRA_RULES)


#: Rules written as ``<prefix>_<key|pwd|pass|token...> = "<secret>"`` (detect-secrets'
#: ``build_assignment_regex``: Cloudant, IBM, SoftLayer) run only on lines naming one of
#: these words, which each of them requires; they are slow on any other line.
_ASSIGNMENT_RULE = "(?:(?<=\\W)|(?<=^))"
_ASSIGNMENT_WORDS = ("key", "pw", "pass", "token", "secret")


_RULES = _rules()
_RULES_ON_NAMED_LINES = tuple(r for r in _RULES if r.pattern.startswith(_ASSIGNMENT_RULE))
_RULES_ANYWHERE = tuple(r for r in _RULES if r not in _RULES_ON_NAMED_LINES)


_RUN = re.compile(r"[A-Za-z0-9_\-+/=.]{16,}|://")
_PLAIN_NAME = re.compile(r"[a-z_.]+")  # snake_case and dotted names: never a token


def token_spans(text: str) -> Iterator[tuple[int, int]]:
    """The ``(start, end)`` of every token-shaped secret in ``text``."""
    block = LineBlock(text, _candidate_lines(text))
    for start, end in _spans(block.text, _RULES_ANYWHERE):
        yield block.to_text(start, end)
    named = LineBlock(block.text, line_starts_mentioning(block.text, _ASSIGNMENT_WORDS))
    for start, end in _spans(named.text, _RULES_ON_NAMED_LINES):
        yield block.to_text(*named.to_text(start, end))


def _spans(text: str, rules: Iterable[re.Pattern[str]]) -> Iterator[tuple[int, int]]:
    for rule in rules:
        for match in rule.finditer(text):
            yield from _value_spans(text, match)


def _candidate_lines(text: str) -> set[int]:
    """Lines with a long run of token characters (but a lower-case name), or a URL."""
    starts = set()
    for match in _RUN.finditer(text):
        run = match.group(0)
        if not _PLAIN_NAME.fullmatch(run):
            starts.add(text.rfind("\n", 0, match.start()) + 1)
    return starts


def _value_spans(text: str, match: re.Match[str]) -> Iterator[tuple[int, int]]:
    """The secret of a match: its non-empty groups, else the whole match less its edges."""
    groups = [index for index in range(1, len(match.groups()) + 1) if match.group(index)]
    if not groups:
        start, end = match.span()
        while start < end and text[start] in _EDGE:
            start += 1
        while end > start and text[end - 1] in _EDGE:
            end -= 1
        yield _widened(text, start, end)
        return
    for index in groups:
        yield _widened(text, *match.span(index))


def _widened(text: str, start: int, end: int) -> tuple[int, int]:
    """``start, end`` grown over the token characters either side (the whole token)."""
    while start > 0 and _TOKEN_CHARACTER.match(text, start - 1):
        start -= 1
    while end < len(text) and _TOKEN_CHARACTER.match(text, end):
        end += 1
    return start, end
