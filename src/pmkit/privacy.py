"""Find personal data and secrets in text: e-mail addresses, phone numbers, IP addresses,
payment card numbers and credentials. Pure standard library, no network.

Precision matters more than recall here: a postmortem is full of timestamps (``22:52``),
versions (``1.2.3``), IDs (``INC-2024-0042``), UUIDs and commit SHAs, and a privacy check
that calls those phone numbers gets switched off. Each detector therefore demands a shape
that the look-alikes cannot have, and then validates it:

- **e-mail**: ``local@domain.tld``; role mailboxes (``support@``, ``security@``, ``git@``),
  team and rota mailboxes (a word such as "oncall", "team", "sre", "alerts", "platform" between
  dots, dashes or underscores: ``platform-oncall@``, ``payments.team@``) and the reserved
  documentation domains (``example.com``, ``*.example``, ``*.test``,
  ``*.invalid``, ``*.localhost``; RFC 2606/6761) are not personal data;
- **phone**: an international number (``+41 44 668 18 00``, ``0041 44 ...``) with 8-15
  digits, a North-American number with its separators (``(555) 123-4567``, ``555-123-4567``)
  outside the fictional 555-01xx range, or a national number with a trunk ``0`` right after
  a word like "phone", "Tel.", "Handy" (``Telefon: 030 1234567``) or with its area code in
  brackets (``(030) 1234567``; a bare "Nr." numbers
  tickets and invoices, and no area code starts with 0); never a colon inside (times), never
  glued to letters (IDs), never part of a dotted run (versions, IPs); an international number
  needs a country code that exists (not ``+12 500 000``, ``0042 1234 5678``), and a signed
  number in millions (``+45 000 000 requests``) is a quantity unless a phone word leads to it;
- **IP address**: IPv4 or IPv6 that the ``ipaddress`` module accepts *and* calls global:
  private (10/8, 172.16/12, 192.168/16), shared (100.64/10), loopback, link-local and the
  documentation ranges (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24, 2001:db8::/32) are
  infrastructure detail or examples, not anybody's address; so is a network of many
  people's addresses in CIDR notation (``2a02:8108::/32``, ``81.2.69.0/24``) or with a netmask
  that leaves no host bits (``81.2.69.0 255.255.255.0``; ``81.2.69.160 255.255.255.0`` is a
  host), and a quad ending in ``.0`` unless a mask makes it a host; so are the public DNS
  resolvers everyone quotes (8.8.8.8, 1.1.1.1, 9.9.9.9...); a dotted quad that its context
  calls a version (``Version: 8.4.3.2``, ``build #8.4.3.2``, ``the 8.4.3.2 release``, the
  rest of a list or range after such a cue, ``@scope/pkg@8.4.3.2``) is none either;
- **card**: 13-19 digits (spaces or dashes only between groups of four, or Amex 4-6-5; dots
  only between four groups of four) with a
  card-network prefix, passing the Luhn checksum, and not one of the published test numbers;
  a run of digits that a word right before it calls an ID ("trace id", "order #",
  "transaction_id=", "Bestellnummer") is none, unless its sentence speaks of a card ("card",
  "Visa", "PAN", "Karte"); grouped in fours it is printed like a card and still reported;
- **secret**: token formats with a fixed prefix (AWS ``AKIA...``, GitHub ``ghp_``/
  ``github_pat_``, Slack ``xox?-`` and webhook URLs, GitLab ``glpat-``, Stripe ``sk_live_``,
  Google ``AIza``, npm ``npm_``), private key headers, JWTs, credentials in URLs
  (``https://user:pass@host``, ``?token=...``) and assignments such as ``password: hunter22``
  or ``api_key=...`` whose value looks like a secret, not a placeholder or a plain word.

Findings carry a masked form of the text, so that reporting a leak does not repeat it in
CI logs.
"""

from __future__ import annotations

import bisect
import dataclasses
import ipaddress
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from pmkit.overlaps import Claims

KINDS = ("secret", "card", "email", "ip", "phone")
_PRIORITY = {kind: i for i, kind in enumerate(KINDS)}


@dataclass(frozen=True)
class Finding:
    """One piece of personal data or one secret at ``text[start:end]``."""

    kind: str  # one of KINDS
    label: str  # "e-mail address", "GitHub token", ...
    start: int
    end: int
    masked: str


# --- allow list ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Allowlist:
    """What a team says is fine to publish: ``@domain`` (mail), networks, exact strings."""

    domains: tuple[str, ...] = ()
    networks: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...] = ()
    literals: frozenset[str] = frozenset()

    @classmethod
    def parse(cls, entries: Iterable[str]) -> Allowlist:
        domains: list[str] = []
        networks: list[ipaddress.IPv4Network | ipaddress.IPv6Network] = []
        literals: set[str] = set()
        for entry in entries:
            text = entry.strip()
            if text.startswith("@"):
                domains.append(text[1:].lower())
                continue
            try:
                networks.append(ipaddress.ip_network(text, strict=False))
                continue
            except ValueError:
                pass
            literals.add(text.lower())
        return cls(tuple(domains), tuple(networks), frozenset(literals))

    def allows(self, finding: Finding, text: str) -> bool:
        found = text[finding.start: finding.end]
        if found.lower() in self.literals:
            return True
        if finding.kind == "email":
            domain = found.rpartition("@")[2].lower()
            return any(domain == d or domain.endswith("." + d) for d in self.domains)
        if finding.kind == "ip" and self.networks:
            try:
                address = ipaddress.ip_address(found.split("/")[0].split("%")[0])
            except ValueError:
                return False
            return any(address in net for net in self.networks if net.version == address.version)
        return False


# --- masking ---------------------------------------------------------------------------------


#: A token's type prefix: "ghp_", "sk_live_", "xoxb-", "sk-proj-", "sk-ant-api03-", "SG.", a
#: webhook URL up to its last path segment.
_TYPE_PREFIX = re.compile(
    r"^(?:https://[^\s]*/|sk-(?:proj|svcacct|admin|ant-(?:api|admin)\d\d)-|SG\."
    r"|[A-Za-z]{2,10}[_-](?:[A-Za-z]{2,4}_)?)"
)


def mask_secret(value: str, keep: int = 4) -> str:
    """``ghp_…`` (40 characters): enough to find it, not enough to use it.

    A token's type prefix (``ghp_``, ``github_pat_``, ``xoxb-``, a webhook URL up to its last
    path segment) is kept when it is short relative to the whole; the secret part never is.
    ``keep`` is how many characters of a token whose prefix is not of that form say its type
    (``AKIA``, ``AIza``, ``eyJ``); a password or another value without a type keeps none
    (``keep=0``: "… (11 characters)").
    """
    # (a passphrase of words joined by hyphens has no type: its first word is a part of it)
    prefix = None if re.fullmatch(r"[a-z]+(?:[-_][a-z]+)+", value) else _TYPE_PREFIX.match(value)
    if prefix and len(prefix.group(0)) <= len(value) - 16:
        keep = len(prefix.group(0))
    else:
        keep = min(keep, max(0, len(value) // 4))
    return f"{value[:keep]}… ({len(value)} characters)"


def mask_email(value: str) -> str:
    """``j***@acme.com``: the first letter of the mailbox and the domain. A domain that holds a
    name of the mailbox as a whole part ("max@max-mustermann.de", "jane.doe@doe-family.org", not
    "max@maxar.com") is a personal one and names the person too: all of it but the top-level
    domain is masked (``m***@m***.de``)."""
    local, _, domain = value.partition("@")
    head, dot, top = domain.rpartition(".")
    names = {name for name in re.split(r"[._+\-]", local.lower()) if len(name) >= 3}
    # Whole parts of the domain: "max@maxar.com", "tom@atom.io" hold the name inside a word only.
    if dot and not names.isdisjoint(re.split(r"[.\-]", head.lower())):
        domain = f"{head[:1]}***.{top}"
    return f"{local[:1]}***@{domain}"


def mask_digits(value: str, visible: int = 2) -> str:
    """Every digit but the last ``visible`` ones becomes ``*``; separators stay."""
    total = sum(c.isdigit() for c in value)
    seen = 0
    out = []
    for char in value:
        if char.isdigit():
            seen += 1
            out.append(char if seen > total - visible else "*")
        else:
            out.append(char)
    return "".join(out)


def mask_ip(value: str) -> str:
    if ":" in value and "." in value:  # an IPv4 address in IPv6 ("::ffff:81.2.69.160")
        prefix, _, quad = value.rpartition(":")
        return f"{prefix}:{mask_ip(quad)}"
    if ":" in value:
        head = value.split(":")
        return ":".join(head[:2]) + ":…"
    parts = value.split(".")
    return ".".join([*parts[:2], "x", "x"])


# --- e-mail ----------------------------------------------------------------------------------

_EMAIL = re.compile(
    # The local part may hold any letter (jürgen.müller@, RFC 6531), the domain too (IDN).
    r"(?<![\w.+%-])[^\W_](?:[\w.%+-]{0,63})@(?:[^\W_](?:[\w-]{0,61}[^\W_])?\.)+"
    r"[^\W\d_]{2,24}(?![\w-]|\.[^\W_])"
)
#: Role and system mailboxes, and system accounts (``ssh root@db01.example.net``): they name
#: a function, not a person.
ROLE_MAILBOXES = frozenset({
    "root", "ubuntu", "ec2-user", "centos", "debian", "deploy", "deployer", "postgres", "www-data",
    "jenkins", "daemon", "nobody", "runner", "ci",
    # Monitoring and paging systems send the alerts a timeline quotes ("Alert from
    # alertmanager@acme.com fired"): a tool, not a person.
    "prometheus", "alertmanager", "grafana", "pagerduty", "opsgenie", "nagios", "zabbix", "icinga",
    "sentry", "datadog", "statuspage", "cron", "backup", "backups", "secops", "devsecops", "netops",
    "sysops", "noc", "soc", "cert", "csirt",
    "abuse", "admin", "administrator", "alerts", "billing", "compliance", "contact", "datenschutz",
    "donotreply", "do-not-reply", "dpo", "feedback", "git", "hello", "help", "helpdesk",
    "hostmaster", "incident", "incidents", "info", "kontakt", "legal", "mailer-daemon", "marketing",
    "news", "newsletter", "no-reply", "noreply", "notifications", "office", "oncall", "on-call",
    "ops", "postmaster", "presse", "press", "privacy", "sales", "security", "service", "sre",
    "status", "support", "team", "webmaster",
    # German role mailboxes: stand-by duty, customer service, hotline, control room, fault
    # reports, accounting, invoices.
    "rufbereitschaft", "kundenservice", "kundendienst", "kundensupport", "hotline", "leitstelle",
    "störung", "stoerung", "störungen", "stoerungen", "buchhaltung", "rechnung", "rechnungen",
    "vertrieb", "einkauf", "servicedesk",
})
#: Words that name a team, a rota or a function. A local part that holds one as a word between
#: dots, dashes or underscores ("platform-oncall", "payments.team", "sre-alerts",
#: "billing_noreply") is a shared mailbox: people's addresses are made of names ("jane.doe",
#: "jdoe", "first_last"), and none of these is a name.
GROUP_WORDS = frozenset({
    "team", "teams", "oncall", "on-call", "support", "security", "noreply", "no-reply", "donotreply",
    "do-not-reply", "ops", "devops", "sre", "incident", "incidents", "alert", "alerts", "alerting",
    "platform", "infra", "pager", "paging", "escalation", "escalations", "notifications", "helpdesk",
    "servicedesk", "monitoring", "bot", "admin", "admins", "status", "bereitschaft", "betrieb",
    "rufbereitschaft", "kundenservice", "kundendienst", "hotline", "leitstelle", "störung", "stoerung",
})
_LOCAL_WORD_SEP = re.compile(r"[._-]")
#: Documentation names (RFC 2606, 6761), and Google Cloud's service accounts
#: (``deployer@acme-prod.iam.gserviceaccount.com``), which name a workload: no address under
#: these is anybody's.
_RESERVED_DOMAIN = re.compile(
    r"(?:^|\.)(?:example\.(?:com|org|net)|example|test|invalid|localhost|local|gserviceaccount\.com)$",
    re.IGNORECASE,
)


def role_mailbox(local: str) -> bool:
    """Whether the local part of an address names a function or a group, not a person."""
    name = local.lower().split("+")[0]  # "oncall+payments@": a tag does not make it personal
    if name in ROLE_MAILBOXES:
        return True
    words = _LOCAL_WORD_SEP.split(name)
    # Runs of up to three words, joined by dashes, keep "on-call" and "do-not-reply" whole.
    runs = {"-".join(words[i:i + n]) for n in (1, 2, 3) for i in range(len(words) - n + 1)}
    return not GROUP_WORDS.isdisjoint(runs)


def _emails(text: str) -> Iterator[Finding]:
    if "@" not in text:  # the common case, found without running the pattern
        return
    for match in _EMAIL.finditer(text):
        value = match.group(0)
        local, _, domain = value.rpartition("@")
        if _RESERVED_DOMAIN.search(domain):
            continue
        if text[max(0, match.start() - 3):match.start()] == "://":
            continue  # "postgres://app@db.internal:5432": a URL's user (an account), not a mailbox
        if role_mailbox(local):
            continue
        yield Finding("email", "e-mail address", match.start(), match.end(), mask_email(value))


# --- phone numbers ---------------------------------------------------------------------------

_SEP = r"(?:[ \-./]|\u00a0)"
_INTERNATIONAL = re.compile(
    rf"(?<![\w+/.:\-])(?:\+|00)[1-9]\d{{0,2}}(?:{_SEP}?\(\d{{1,5}}\)|{_SEP}?\d{{1,6}}){{2,7}}"
    r"(?![\w\-:/]|[.,]\d)"
)
#: North-American numbers: area and exchange codes never start with 0 or 1; dotted forms
#: (``555.123.4567``) are left out because versions look the same.
_NANP = re.compile(
    r"(?<![\w+/.:\-])(?:\([2-9]\d{2}\)[ \u00a0]?|[2-9]\d{2}[- ])[2-9]\d{2}-\d{4}(?![\w\-:/]|[.,]\d)"
)
#: A bare "Nr." is no cue: "Ticket-Nr. 0042 1234", "Rechnungs-Nr. 0421 123456" number tickets
#: and invoices. Only its compounds with a phone word are ("Tel.-Nr.", "Handy-Nr.", "Telefonnr.").
#: Saying how to reach someone is a cue too: "erreichbar unter 0151 12345678", "Contact: 030 ...".
_PHONE_WORD = re.compile(
    r"(?:\b(?:phone|telephone|tel|mobile|cell|fax|sms|whatsapp|hotline|call(?:ed|ing)?|dial(?:led)?"
    r"|telefon(?:nummer|isch)?|handy(?:nummer)?|mobil(?:nummer|telefon)?|rufnummer|festnetz"
    r"|anrufen|angerufen|rief|erreichbar|reachable|kontakt|contact(?:ed)?)\b|\btel\.|\b(?:tel|telefon|handy|mobil|fax|ruf)-?nr\b\.?)"
    r"[^\d\n+(]{0,15}",
    re.IGNORECASE,
)
#: A national number with its trunk 0 and an area code, which never starts with 0 ("0042 1234"
#: is an ID padded with zeros); dots are not accepted (dates: 01.02.2024, versions).
_NATIONAL = re.compile(
    r"\(?0[1-9]\d{0,4}\)?(?:[ \-/]|\u00a0)?\d{2,}(?:(?:[ \-]|\u00a0)\d{2,}){0,4}(?![\w\-:/]|\.\d)"
)

#: A national number whose area code, with its trunk 0, is in brackets: "(030) 1234567". The
#: brackets mark the area code as clearly as a phone word would, so none is needed.
_BRACKETED_AREA = re.compile(
    r"(?<![\w+/.:\-(])\(0[1-9]\d{1,4}\)(?:[ \-/]|\u00a0)?\d{3,}(?:(?:[ \-]|\u00a0)\d{2,}){0,3}"
    r"(?![\w\-:/]|[.,]\d)"
)


#: A signed number in millions: "+45 000 000 requests", "+20.500.000 Anfragen". Written that way
#: it is a quantity unless a phone word comes before it. With a third group it may be a phone
#: number in Spain, Poland or Czechia ("+34 612 345 678"), so the country code decides.
_MILLIONS = re.compile(r"\+\d{1,3}( |\u00a0|\.)\d{3}\1\d{3}")
#: ITU-T E.164 country codes: zones 1 and 7 have one-digit codes, these are the two-digit
#: ones, and every other code has three digits starting with one of the prefixes below.
_CODES_2 = frozenset(str(code) for code in (
    20, 27, 30, 31, 32, 33, 34, 36, 39, 40, 41, 43, 44, 45, 46, 47, 48, 49, 51, 52, 53, 54, 55, 56, 57, 58,
    60, 61, 62, 63, 64, 65, 66, 81, 82, 84, 86, 90, 91, 92, 93, 94, 95, 98))
_CODES_3 = frozenset(str(block) for block in (
    21, 22, 23, 24, 25, 26, 29, 35, 37, 38, 42, 50, 59, 67, 68, 69, 80, 85, 87, 88, 96, 97, 99))
_LEADING_GROUP = re.compile(r"(?:\+|00)(\d+)")
_DIGIT = re.compile(r"\d")
#: A group of digits and its separator, right before a number: the number goes on from it.
_GROUP_BEFORE = re.compile(r"\d(?:[ \-./]|\u00a0)$")
_FOUR_DIGITS = re.compile(r"\d{4}")


def _digits(value: str) -> str:
    return "".join(c for c in value if c.isdigit())


def _country_code_ok(value: str, digits: str) -> bool:
    """Whether an international number starts with a country code that exists.

    ``digits`` follow the ``+`` or ``00``. "+12 500 000" and "0042 1234 5678" do not: no code
    is "12" or "42", and +1 numbers have ten digits after the 1, the first of them 2-9.
    """
    if digits.startswith("1"):
        return len(digits) == 11 and digits[1] not in "01"
    lead = _LEADING_GROUP.match(value)
    first = lead.group(1) if lead else digits
    if len(first) > 3:  # written without a space after the code: "+4915112345678"
        first = digits[:1] if digits.startswith("7") else digits[:2] if digits[:2] in _CODES_2 else digits[:3]
    if len(first) == 1:
        return first == "7"
    if len(first) == 2:
        return first in _CODES_2
    return first[:2] in _CODES_3


def _after_phone_word(text: str, start: int) -> bool:
    """Whether a word such as "phone", "Tel." or "call" leads up to ``text[start]``."""
    return any(cue.end() == start for cue in _PHONE_WORD.finditer(text, max(0, start - 40), start))


#: A conference bridge: the number of a meeting service, not a person's. Named as one right
#: before it ("Dial-in:", "Bridge", "Zoom", "Einwahl") or followed by its access code ("+1 646
#: 558 8656,,123456789#", "..., access code 123 456", "PIN 4455#", "Konferenz-ID").
_BRIDGE_BEFORE = re.compile(
    r"\b(?:dial[- ]?in|bridge|conference(?:\s+line)?|zoom|webex|google\s+meet|teams\s+meeting"
    r"|einwahl\w*|konferenz\w*)\b[^\d\n+(.;!?]{0,20}$",
    re.IGNORECASE,
)
_ACCESS_AFTER = re.compile(
    r",,|\s*[,;]?\s*(?:(?:access|participant|conference|meeting|host)\s+(?:code|id|pin)|pin|passcode"
    r"|zugangscode|konferenz-?id|einwahlcode|teilnehmercode)\b",
    re.IGNORECASE,
)


def _conference_line(text: str, start: int, end: int) -> bool:
    """Whether the phone number at ``start``-``end`` is a conference bridge's dial-in."""
    return (_BRIDGE_BEFORE.search(text, max(0, start - 40), start) is not None
            or _ACCESS_AFTER.match(text, end) is not None)


def _phones(text: str) -> Iterator[Finding]:
    for finding in _phone_numbers(text):
        if not _conference_line(text, finding.start, finding.end):
            yield finding


def _phone_numbers(text: str) -> Iterator[Finding]:
    if not _DIGIT.search(text):  # every phone pattern needs digits
        return
    # Each pattern needs a character that most text lacks; a test for it costs a fraction of
    # a search (the case-blind phone words took 40 microseconds on a line of 40 characters).
    international = "+" in text or "00" in text
    for match in _INTERNATIONAL.finditer(text) if international else ():
        value = match.group(0)
        digits = _digits(value)
        if value.startswith("00"):
            digits = digits[2:]
            if not re.search(r"[ \-./]", value):
                continue  # a bare 00... digit run is more likely an ID than a number
            if _GROUP_BEFORE.search(text, max(0, match.start() - 2), match.start()):
                continue  # the rest of a longer grouped number: "IBAN DE89 3704 0044 0532 0130 00"
        if value.count(".") == 1:
            continue  # "+35236450.6" is a signed decimal, not "+33 1.23.45.67.89"
        if _MILLIONS.fullmatch(value) and not _after_phone_word(text, match.start()):
            continue
        if 8 <= len(digits) <= 15 and _country_code_ok(value, digits):
            yield Finding("phone", "phone number", match.start(), match.end(), mask_digits(value))
    for match in _NANP.finditer(text) if "-" in text else ():  # "555-0123" or "(555) 555-0123"
        value = match.group(0)
        digits = _digits(value)
        if digits[3:6] == "555" and digits[6:8] == "01":
            continue  # 555-0100..0199: reserved for fiction and examples
        yield Finding("phone", "phone number", match.start(), match.end(), mask_digits(value))
    for match in _BRACKETED_AREA.finditer(text) if "(0" in text else ():
        value = match.group(0)
        if 9 <= len(_digits(value)) <= 13:  # the trunk 0, a 2-5 digit area code, a subscriber number
            yield Finding("phone", "phone number", match.start(), match.end(), mask_digits(value))
    for cue in _PHONE_WORD.finditer(text) if "0" in text else ():  # a national number has its 0
        national = _NATIONAL.match(text, cue.end())
        if national is None:
            continue
        value = national.group(0)
        if 6 <= len(_digits(value)) <= 15:
            yield Finding("phone", "phone number", national.start(), national.end(), mask_digits(value))


# --- IP addresses ----------------------------------------------------------------------------

_IPV4 = re.compile(r"(?<![\w.:\-=<>~^])(?:\d{1,3}\.){3}\d{1,3}(?:/\d{1,2})?(?![\w\-]|\.\w)")
#: (An embedded IPv4 address is tried first: "::ffff:81.2.69.160" is one address, not
#: "::ffff:81" and a rest.)
_IPV6 = re.compile(
    r"(?<![\w:.\-])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:(?:\d{1,3}\.){3}\d{1,3}|[0-9A-Fa-f]{1,4})?"
    r"(?:/\d{1,3})?(?![\w:\-])"
)
#: Words after which a dotted quad is a version or a section number, not an address: "version
#: 8.4.3.2", "Version: 8.4.3.2", "Build #8.4.3.2", "build number 8.4.3.2", "Ver. 8.4.3.2", and a
#: tag in a link ("/releases/tag/8.4.3.2").
_VERSION_CUE = re.compile(
    r"(?:\bv|\bver\.?|\bversions?|\bversionen|\breleases?|\bbuilds?|\bpatch(?:es)?|\bhotfix(?:es)?|\btags?"
    r"|\bkernel|\bfirmware|\bsections?|\bchapter|§|\bkapitel|\babschnitt|\bnr\.?|\bno\.?|\bupdates?"
    r"|\bmibs?|\boids?)"
    r"\s*[:#/]?\s*(?:(?:number|nummer|nr\.?|no\.?)\s*#?\s*)?[\"'(\[`]?$",
    re.IGNORECASE,
)
#: The same, after the quad: "the 8.4.3.2 release".
_VERSION_AFTER = re.compile(r"[`\"')\]]?\s+(?:release|version)\b", re.IGNORECASE)
#: What joins the versions of a list ("versions 8.4.3.1, 8.4.3.2 and 8.4.3.3") or a range
#: ("from 8.4.3.1 to 8.4.3.2"): the cue before the first one covers them all.
_VERSION_LIST = re.compile(
    r"[`\"')\]]?\s*,?\s*(?:and|or|und|oder|/|vs\.?|versus)?\s*[`\"'(\[]?", re.IGNORECASE)
#: A version with a "v" (never taken for an address) that may start such a list: "v8.4.3.1 to".
_V_VERSION = re.compile(r"\bv(\d+)(?:\.\d+)+", re.IGNORECASE)
_VERSION_RANGE = re.compile(
    r"[`\"')\]]?\s*(?:back\s+)?(?:to|->|→|–|\.\.\.?|bis|auf|nach|zu)\s*(?:version\s*)?[`\"'(\[]?",
    re.IGNORECASE)
#: A package pinned to a version: npm's scoped "@acme/agent@8.4.3.2" or a Go-style path. A
#: name without a slash is left alone: "deploy@81.2.69.160" is how ssh names a host.
_PACKAGE_AT = re.compile(r"(?<![\w@./-])@?[\w.\-]+/[\w./\-]+@$")
#: A verb of changing a version, then at most three words of what was changed and
#: "to"/"from" with a name, or a pin "name@": the quad that follows is the version ("upgraded
#: to 1.2.3.4", "bumped nginx from 1.25.3.1", "upgraded the agent to 8.4.3.2", "Upgraded to
#: OpenSSL 3.0.13.1", "Pinned openssl@1.1.1.4"). No one upgrades or bumps to an address; a
#: conjunction starts another action ("upgraded the proxy and set DNS to ...").
#: Pinning and installing
#: count only with "name@": a host is pinned to an address ("pinned api to 81.2.69.160") and
#: software installed on one; "updated DNS to 81.2.69.160" points a name at an address.
#: (Nor is the word after "to" a verb of sending or pointing: "upgraded the client to use
#: 81.2.69.160" names an address.)
_UPGRADE_WORD = r"(?!(?:and|or|then|und|oder|dann)\b)[\w.\-/]+\s+"
_UPGRADE_NAME = r"(?!(?:use|point|route|send|connect|reach|resolve|call|hit|talk)\b)[\w.\-/]+\s+"
_UPGRADE_CUE = re.compile(
    rf"\b(?:(?:up|down)grad|bump)\w*\s+(?:{_UPGRADE_WORD}){{0,3}}"
    rf"(?:(?:to|from|auf|von)\s+(?:{_UPGRADE_NAME})?)?(?:[\w.\-/]+@)?$"
    r"|\b(?:pin|pins|pinned|pinning|install\w*)\s+[\w.\-/]+@$",
    re.IGNORECASE,
)
#: The same verbs in German, where the participle ends the clause, after "auf" or "von": "nginx
#: auf 1.25.3.1 hochgestuft", "auf 1.2.3.4 upgegradet". "aktualisiert" is no cue, as "updated" is not: "den
#: DNS-Eintrag auf 81.2.69.160 aktualisiert" points a name at an address.
_UPGRADE_AFTER = re.compile(
    r"[`\"')\]]?\s+(?:(?:up|down)(?:ge)?gradet|ge(?:up|down)gradet|(?:hoch|herunter|runter)gestuft"
    r"|gebumpt|zurück(?:ge)?rollt|zurückgegangen|zurückgestuft)\b",
    re.IGNORECASE,
)
#: Rolling back or reverting to a quad ("Rolled back to 8.4.3.1", "reverted the agent from
#: 8.4.3.2"): a version, unless what was rolled back routes traffic ("reverted the DNS record
#: to 81.2.69.160").
_ROLLBACK_CUE = re.compile(
    r"\b(?:roll(?:ed|s|ing)?\s+back|rollback|revert(?:ed|s|ing)?)\s+"
    r"(?:(?!(?:dns|ip|ips|address|addresses|records?|hosts?|routes?|routing|servers?|traffic|ingress|cname"
    r"|failover|and|or|then)\b)[\w.\-/()]+\s+){0,3}(?:(?:back\s+)?(?:to|from)\s+)?$",
    re.IGNORECASE,
)
#: What joins two versions named by what they are of: "(v8.4.3.2) and agent (8.4.3.1)".
_VERSION_LIST_NAMED = re.compile(
    r"[`\"')\]]?\s*,?\s*(?:and|or|und|oder|vs\.?|versus)\s+(?:the\s+|die\s+|der\s+|das\s+)?"
    r"[A-Za-z][\w\-]*\s*[`\"'(\[]?", re.IGNORECASE)
#: A netmask after an address ("81.2.69.0 255.255.255.0"): the two name a network if the
#: address has no host bits under it, else a host in it ("81.2.69.160 255.255.255.0").
_NETMASK_AFTER = re.compile(r"\s*(?:/|\s)\s*(255\.\d{1,3}\.\d{1,3}\.\d{1,3})\b")
_AUF_VON = re.compile(r"\b(?:auf|von)\s+[`\"'(\[]?$", re.IGNORECASE)
#: Public resolvers and other addresses that identify a well-known service, not a person.
WELL_KNOWN_IPS = frozenset({
    "8.8.8.8", "8.8.4.4", "1.1.1.1", "1.0.0.1", "9.9.9.9", "149.112.112.112",
    "208.67.222.222", "208.67.220.220",
    "2001:4860:4860::8888", "2001:4860:4860::8844", "2606:4700:4700::1111", "2606:4700:4700::1001",
    "2620:fe::fe", "2620:fe::9",
})


_GLOBAL_UNICAST_V6 = ipaddress.ip_network("2000::/3")


#: The longest prefix of a network that holds many people's addresses, not one person's: an
#: IPv4 /24 (256 addresses), an IPv6 /48 (a site; a /56 or /64 is what one subscriber gets).
_NETWORK_PREFIX = {4: 24, 6: 48}


def _network(candidate: str) -> bool:
    """Whether ``candidate`` is a network in CIDR notation ("2a02:8108::/32", "81.2.69.0/24"):
    no host bits set and a prefix no longer than :data:`_NETWORK_PREFIX`. An address with its
    netmask ("81.2.69.160/24") is still the address."""
    if "/" not in candidate:
        return False
    try:
        network = ipaddress.ip_network(candidate, strict=True)
    except ValueError:
        return False
    return network.prefixlen <= _NETWORK_PREFIX[network.version]


def _public_ip(candidate: str) -> bool:
    if _network(candidate):
        return False
    address_text = candidate.split("/")[0]
    try:
        address = ipaddress.ip_address(address_text)
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        # "::ffff:81.2.69.160", as a dual-stack server logs a client's IPv4 address: that
        # address, not an IPv6 one outside 2000::/3.
        address = address.ipv4_mapped
    if str(address) in WELL_KNOWN_IPS:
        return False
    if address.version == 6 and address not in _GLOBAL_UNICAST_V6:
        return False  # only 2000::/3 is allocated; "dead::beef" is more likely code than an address
    return address.is_global and not address.is_multicast


def _ips(text: str) -> Iterator[Finding]:
    if "." in text and _DIGIT.search(text):
        yield from _ipv4s(text)
    if text.count(":") >= 2:
        yield from _ipv6s(text)


def _ipv4s(text: str) -> Iterator[Finding]:
    version: tuple[int, str] | None = None  # end and first number of the last version seen
    networks: list[ipaddress.IPv4Network] | None = None  # the wider networks the text names
    for match in _IPV4.finditer(text):
        value = match.group(0)
        if _is_version(text, match, version):
            version = (match.end(), value.split(".")[0])
            continue
        version = None
        mask = _NETMASK_AFTER.match(text, match.end()) if "/" not in value else None
        host = _host_bits(value, mask.group(1)) if mask else None
        if host is False:
            continue  # a network's own address with its netmask ("81.2.69.0 255.255.255.0")
        if host is None and value.endswith(".0"):
            # A network's own address ("19.3.0.0"), nobody's host, unless a wider network the
            # text names holds it as a host ("81.2.68.0/23 ... 81.2.69.0").
            networks = _wider_networks(text) if networks is None else networks
            if not any(_host_in(value, network) for network in networks):
                continue
        if _public_ip(value):
            yield Finding("ip", "public IP address", match.start(), match.end(), mask_ip(value))


def _host_bits(address: str, mask: str) -> bool | None:
    """Whether ``address`` has host bits under the netmask ``mask``; None if ``mask`` is no
    netmask (its ones not all in front: "255.0.255.0")."""
    try:
        network = ipaddress.IPv4Network(f"{address}/{mask}", strict=False)
    except ValueError:
        return None
    return str(network.network_address) != address


def _wider_networks(text: str) -> list[ipaddress.IPv4Network]:
    """The IPv4 networks wider than a /24 that ``text`` names in CIDR notation."""
    found = []
    for match in _IPV4.finditer(text) if "/" in text else ():
        try:
            network = ipaddress.IPv4Network(match.group(0), strict=False)
        except ValueError:
            continue
        if "/" in match.group(0) and network.prefixlen < 24:
            found.append(network)
    return found


def _host_in(address: str, network: ipaddress.IPv4Network) -> bool:
    """Whether ``address`` is a host of ``network``: in it, and not its own address."""
    try:
        ip = ipaddress.IPv4Address(address)
    except ValueError:
        return False
    return ip in network and ip != network.network_address


def _is_version(text: str, match: re.Match[str], previous: tuple[int, str] | None) -> bool:
    """Whether the dotted quad ``match`` is, by its context, a version number.

    ``previous`` is the end and major number of the version just before it: a list goes on
    with any version, a range ("8.4.3.1 to 8.4.3.2") only within the same major version, so
    that "build 8.4.3.2 to 81.2.69.160" still reports the address.
    """
    start = match.start()
    if _VERSION_CUE.search(text[max(0, start - 24): start]) or _VERSION_AFTER.match(text, match.end()):
        return True
    if text[start - 1: start] == "@" and _PACKAGE_AT.search(text[max(0, start - 100): start]):
        return True
    if _UPGRADE_CUE.search(text[max(0, start - 100): start]) or _ROLLBACK_CUE.search(
            text[max(0, start - 100): start]):
        return True
    if _AUF_VON.search(text[max(0, start - 8): start]) and _UPGRADE_AFTER.match(text, match.end()):
        return True
    v_versions = list(_V_VERSION.finditer(text, max(0, start - 40, previous[0] if previous else 0), start))
    if v_versions:  # "v8.4.3.1 to 8.4.3.2": the last version before this one has a "v"
        previous = (v_versions[-1].end(), v_versions[-1].group(1))
    if previous is None:
        return False
    between = text[previous[0]: start]
    if _VERSION_LIST.fullmatch(between):
        return True
    same_major = match.group(0).split(".")[0] == previous[1]
    return same_major and bool(_VERSION_RANGE.fullmatch(between) or _VERSION_LIST_NAMED.fullmatch(between))


def _ipv6s(text: str) -> Iterator[Finding]:
    for match in _IPV6.finditer(text):
        value = match.group(0)
        if value.endswith(":") and not value.endswith("::"):
            value = value.rstrip(":")
        if value.count(":") < 2 or not re.search(r"[0-9A-Fa-f]", value):
            continue
        if _public_ip(value):
            end = match.start() + len(value)
            yield Finding("ip", "public IP address", match.start(), end, mask_ip(value))


# --- payment cards ---------------------------------------------------------------------------

_CARD = re.compile(
    # Dots only between four groups of four ("4539.5787.6362.1486"): a dotted version or
    # address has shorter groups or another count of them.
    r"(?<![\w+\-./:])(?:\d{4}([ \-]?)\d{4}\1\d{4}\1\d{1,7}|\d{4}\.\d{4}\.\d{4}\.\d{4}"
    r"|\d{4}([ \-]?)\d{6}\2\d{5}|\d{13,19})"
    r"(?![\w\-/:]|[.,]\d)"
)
_CARD_PREFIX = re.compile(
    r"^(?:4|5[1-5]|2(?:2[2-9]|[3-6]\d|7[01]|720)|3[47]|3(?:0[0-5]|[68])|6011|64[4-9]|65|62"
    r"|35(?:2[89]|[3-8]\d)|50|5[6-9]|6[0-9])"
)
#: Networks whose cards have 16-19 digits: JCB (3528-3589), Discover (6011, 644-649, 65).
_SIXTEEN_OR_MORE = re.compile(r"35(?:2[89]|[3-8]\d)|6011|64[4-9]|65")
#: Published test card numbers (Stripe, Adyen, PayPal docs): harmless in a write-up.
TEST_CARDS = frozenset({
    "4242424242424242", "4000056655665556", "4111111111111111", "4012888888881881",
    "5555555555554444", "5105105105105100", "2223003122003222", "378282246310005",
    "371449635398431", "6011111111111117", "6011000990139424", "3056930009020004",
    "36227206271667", "3566002020360505", "6200000000000005", "4000000000000002",
    "4000000000009995", "5200828282828210", "4222222222222",
    # Stripe's numbers for declines, disputes, 3-D Secure and other outcomes: a payment incident
    # is often reproduced with one of them.
    "4000000000000077", "4000000000000093", "4000000000000010", "4000000000000028", "4000000000000036",
    "4000000000000101", "4000000000000341", "4000000000009235", "4000000000000259", "4000000000001976",
    "4000000000005423", "4000000000009987", "4000000000009979", "4000000000000069", "4000000000000127",
    "4000000000000119", "4000000000006975", "4100000000000019", "4000002500003155", "4000002760003184",
    "4000008260003178", "4000000000003220", "4000000000003063", "4000000000003055", "4000003720000278",
    "6011981111111113", "6200000000000047", "6205500000000000004",
    # Adyen's and Braintree's
    "5555341244441115", "4111111145551142", "370000000000002", "2222400070000005", "4005519200000004",
    "4009348888881881", "4012000033330026", "4012000077777777", "4217651111111119", "4500600000000061",
    "2223000048400011", "3530111333300000",
})


#: A word that calls the number after it an identifier: "Trace id 4532015112830366",
#: "order #...", "transaction_id=...", "Bestellnummer ...". One in ten digit strings passes
#: Luhn, so long IDs do; said to be an ID, the number is not read as a card.
_ID_CUE = re.compile(
    r"(?<![^\W_])(?:ids?|identifiers?|traces?|spans?|requests?|req|orders?|tickets?|transactions?|txns?"
    r"|invoices?|correlation|references?|refs?|sessions?|events?|jobs?|messages?|cases?|kennung(?:en)?"
    r"|bestell(?:ung(?:en)?|nummer(?:n)?)?|auftr(?:a|ä)g(?:e|s(?:nummer)?)?|vorg(?:a|ä)ng(?:e|s(?:nummer)?)?"
    r"|transaktion(?:en|s)?|rechnung(?:en|s(?:nummer)?)?|referenz(?:en)?|ticketnummer|kundennummer"
    r"|imeis?|imsis?|iccids?|serials?|seriennummer(?:n)?)"  # a device's numbers are Luhn-valid too
    r"(?:[ _-]?(?:ids?|no\.?|nr\.?|numbers?|nummer(?:n)?|#))?[\s:=#'\"`(]*"
    # the numbers after the first of a list: "orders 4532015112830366 and 4916338506082832"
    r"(?:\d{13,19}[`'\"]?(?:\s*,\s*|\s*/\s*|\s+(?:and|or|und|oder|&)\s+|,\s*(?:and|or|und|oder)\s+)[#'\"`]?)*$",
    re.IGNORECASE,
)
#: A word that speaks of a payment card: with one in the sentence, an ID cue does not count.
_CARD_CUE = re.compile(
    r"\b(?:cards?|credit|debit|visa|master\s?card|amex|american\s+express|maestro|discover|diners"
    r"|jcb|unionpay|girocard|cvv|cvc|\w*karten?(?:nummer)?)\b|(?-i:\bPAN\b)",
    re.IGNORECASE,
)
_SENTENCE_BREAK = re.compile(r"[.!?;](?:\s|$)|\n")


class _CardCues:
    """Where the sentences of a text break and where it speaks of a card, found once for all
    the numbers of the text: searched again for each one, a long text full of IDs took
    quadratic time."""

    def __init__(self, text: str) -> None:
        breaks = list(_SENTENCE_BREAK.finditer(text))
        self.break_starts = [m.start() for m in breaks]
        self.break_ends = [m.end() for m in breaks]
        self.cues = [m.start() for m in _CARD_CUE.finditer(text)]
        self.length = len(text)

    def in_sentence(self, start: int, end: int) -> bool:
        """Whether the sentence holding ``text[start:end]`` speaks of a card."""
        before = bisect.bisect_right(self.break_ends, start)
        begin = self.break_ends[before - 1] if before else 0
        after = bisect.bisect_left(self.break_starts, end)
        stop = self.break_starts[after] if after < len(self.break_starts) else self.length
        first = bisect.bisect_left(self.cues, begin)
        return first < len(self.cues) and self.cues[first] < stop


def _called_an_id(text: str, start: int, end: int, cues: _CardCues) -> bool:
    """Whether an ID cue leads up to ``text[start:end]`` and its sentence names no card."""
    if not _ID_CUE.search(text, max(0, start - 160), start):
        return False
    return not cues.in_sentence(start, end)


def luhn_ok(number: str) -> bool:
    """The Luhn checksum of a digit string (card numbers, IMEIs)."""
    if not number.isdigit() or len(number) < 2:
        return False
    total = 0
    for index, char in enumerate(reversed(number)):
        digit = int(char)
        if index % 2 == 1:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return total % 10 == 0


def _cards(text: str) -> Iterator[Finding]:
    if not _FOUR_DIGITS.search(text):  # every card number starts with four digits in a row
        return
    cues: _CardCues | None = None  # found when the first number needs them
    for match in _CARD.finditer(text):
        value = match.group(0)
        digits = _digits(value)
        if not 13 <= len(digits) <= 19 or not _CARD_PREFIX.match(digits):
            continue
        if len(digits) < 16 and _SIXTEEN_OR_MORE.match(digits):
            continue  # JCB and Discover issue 16-19 digits: 14 with their prefix are no card
        if digits in TEST_CARDS or not luhn_ok(digits) or len(set(digits)) <= 2:
            continue
        if "." in value and _is_version(text, match, None):
            continue  # "version 3400.1446.2089.2089", "the 3400.1446.2089.2089 release"
        # IDs are written as one run of digits; groups of four are how cards are printed.
        if value.isdigit():
            cues = cues or _CardCues(text)
            if _called_an_id(text, match.start(), match.end(), cues):
                continue
        yield Finding("card", "payment card number", match.start(), match.end(),
                      f"card number ending in {digits[-4:]}")


# --- secrets ---------------------------------------------------------------------------------

#: (label, pattern, group holding the secret: 0 for the whole match, a literal every match holds)
_TOKEN_PATTERNS: tuple[tuple[str, re.Pattern[str], int, str], ...] = (
    ("private key", re.compile(r"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----"), 0, "-----BEGIN "),
    ("AWS access key ID", re.compile(
        r"(?<![A-Za-z0-9])(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AIPA|ANPA|ANVA|AROA|APKA)[A-Z0-9]{16}"
        r"(?![A-Za-z0-9])"), 0, "A"),
    ("GitHub token", re.compile(r"(?<![A-Za-z0-9_])gh[pousr]_[A-Za-z0-9]{36,255}(?![A-Za-z0-9_])"), 0, "_"),
    ("GitHub token", re.compile(r"(?<![A-Za-z0-9_])github_pat_[A-Za-z0-9_]{22,255}(?![A-Za-z0-9_])"), 0,
     "github_pat_"),
    ("GitLab token", re.compile(r"(?<![A-Za-z0-9_])glpat-[A-Za-z0-9_\-]{20,}(?![A-Za-z0-9_\-])"), 0,
     "glpat-"),
    ("Slack token", re.compile(r"(?<![A-Za-z0-9])xox[abposre]-[A-Za-z0-9-]{10,}(?![A-Za-z0-9-])"), 0, "xox"),
    ("Slack webhook URL", re.compile(
        r"https://hooks\.slack\.com/(?:services|workflows)/T[A-Z0-9]+/[A-Z0-9]+/[A-Za-z0-9]+"), 0,
     "https://hooks.slack.com/"),
    ("Stripe secret key", re.compile(r"(?<![A-Za-z0-9])[rs]k_live_[A-Za-z0-9]{20,}(?![A-Za-z0-9])"), 0,
     "k_live_"),
    ("Google API key", re.compile(r"(?<![A-Za-z0-9_\-])AIza[0-9A-Za-z_\-]{35}(?![A-Za-z0-9_\-])"), 0, "AIza"),
    ("npm token", re.compile(r"(?<![A-Za-z0-9_])npm_[A-Za-z0-9]{36}(?![A-Za-z0-9])"), 0, "npm_"),
    ("Anthropic API key", re.compile(
        r"(?<![A-Za-z0-9_\-])sk-ant-(?:api|admin)\d\d-[A-Za-z0-9_\-]{20,}(?![A-Za-z0-9_\-])"), 0, "sk-ant-"),
    ("OpenAI API key", re.compile(
        r"(?<![A-Za-z0-9_\-])sk-(?:proj|svcacct|admin)-[A-Za-z0-9_\-]{20,}(?![A-Za-z0-9_\-])"), 0, "sk-"),
    ("SendGrid API key", re.compile(
        r"(?<![A-Za-z0-9_\-.])SG\.[A-Za-z0-9_\-]{16,32}\.[A-Za-z0-9_\-]{30,64}(?![A-Za-z0-9_\-])"), 0, "SG."),
    ("JSON Web Token", re.compile(
        r"(?<![A-Za-z0-9_\-])eyJ[A-Za-z0-9_\-]{8,}\.eyJ[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]*"
        r"(?![A-Za-z0-9_\-])"), 0, "eyJ"),
    ("password in a URL",
     # A scheme is short; unbounded, "x-x-x-..." was searched to its end from every letter.
     # The user may be empty: "redis://:password@host". The password may hold a "#" or an
     # "@" ("app:p@ssw0rd@db", "app:Xk9#mP2q@db"): it ends at the last "@" before the host.
     re.compile(r"\b[a-z][a-z0-9+.\-]{0,30}://[^\s:/@?#]*:((?:[^\s:/@?]|@(?=[^\s/?@]*@))+)@[\w.\-]+",
                re.IGNORECASE), 1, "://"),
)

_SECRET_KEYS = (
    r"pgpassword|password|passwd|passwort|kennwort|pwd|pass|passphrase|secret|client[_-]?secret|secret[_-]?key"
    r"|api[_-]?key|apikey|access[_-]?key|private[_-]?key|auth[_-]?token|access[_-]?token"
    r"|refresh[_-]?token|id[_-]?token|private[_-]?token|token|x-amz-signature|x-amz-security-token"
    r"|sig|signature|credentials?|account[_-]?key|shared[_-]?access[_-]?key"
)
_SECRET_KEY = re.compile(_SECRET_KEYS, re.IGNORECASE)
_QUERY_SECRET = re.compile(rf"[?&;](?P<key>{_SECRET_KEYS})=([^&;#\s\"'<>]+)", re.IGNORECASE)
#: The keys of an Azure connection string that hold its secret, written as Azure writes them
#: (one word, any case; "account_key" is anybody's): "DefaultEndpointsProtocol=https;
#: AccountName=acme;AccountKey=...;EndpointSuffix=core.windows.net" (storage),
#: "Endpoint=sb://acme.servicebus.windows.net/;SharedAccessKeyName=Root;SharedAccessKey=..."
#: (Service Bus, Event Hubs). Such a string is a list of settings, not a URL.
_AZURE_KEY_LABELS = {"accountkey": "Azure storage account key", "sharedaccesskey": "Azure shared access key"}
#: A shared access signature given as a setting of a connection string
#: ("BlobEndpoint=https://...;SharedAccessSignature=sv=...&sig=..."): its "sig=" is the secret.
_AZURE_SAS_SETTING = re.compile(r"SharedAccessSignature\s*=", re.IGNORECASE)
_AZURE_SAS_LABEL = "Azure shared access signature"
_QUERY_LABEL = "secret in a URL query"
# The key may end a longer name: DB_PASSWORD, DATADOG_API_KEY, aws_secret_access_key. A key
# glued to a colon is a part of an identifier, not a label: "arn:aws:secretsmanager:...:secret:prod/db".
_ASSIGNMENT = re.compile(
    rf"(?<![\w:-])(?:[A-Za-z0-9]+[_-]){{0,4}}(?P<key>{_SECRET_KEYS})[\"']?\s*(?::|=>|=)\s*[\"']?"
    r"([^\s\"',;&<>)\]]+)", re.IGNORECASE
)
# A password given in a sentence: "Das Passwort lautete Sommer2024!" (group "stated":
# "lautete" introduces the value itself), "The password was 'hunter2'", "The password
# "Xk9mP2qLzQ8w" was in the log" (group "quoted": a quoted value needs only to look secret),
# "the root password is Winter2024!", "with password Xk9mP2qLzQ8w" (group "bare": an unquoted
# one must also look like a password, ``_password_like``: "The password was rotated", "was
# 2FA-protected", "was reset at 10:12" say what it was like).
_QUOTE_OPEN = "\"'‘“„‚"
_QUOTE_CLOSE = "\"'’”‘“"
_PROSE_SECRET = re.compile(
    r"\b(?:Passwort|Kennwort)\s+(?:lautete|lautet)\s*[\"'‚„‘“]?(?P<stated>[^\s\"',;&<>)\]‘’“”]+)"
    r"|\b(?P<word>pass(?:word|phrase)|passwort|kennwort)\s+"
    r"(?:(?:was|is|war|ist|became|wurde)\s+)?(?:(?:set|changed|reset)\s+to\s+|(?:auf|zu)\s+)?"
    rf"(?:[{_QUOTE_OPEN}](?P<quoted>[^\s{_QUOTE_OPEN}{_QUOTE_CLOSE},;&<>)\]]+)[{_QUOTE_CLOSE}]"
    r"|(?P<bare>[^\s\"',;&<>)\]‘’“”]+))",
    re.IGNORECASE,
)
#: A word joined to another by a hyphen, the way an adjective is made: "2FA-protected",
#: "bcrypt-hashed", "SHA256-salted".
_COMPOUND_WORD = re.compile(r"[A-Za-z0-9]+-[a-z]{3,}")
_WORD_CHAIN = re.compile(r"[a-z]{2,}(?:-[a-z]{2,}){2,}")
_TIME_OR_NUMBER = re.compile(r"[\d:.,/%+-]+(?:[a-z]{1,3})?")


def _password_like(value: str, key: str) -> bool:
    """Whether an unquoted word after "password was" is a password, not what it was like:
    letters with digits or symbols ("hunter2", "Sommer2024!", "#Xk9mP2qLzQ8w!"), or for a
    passphrase words joined by hyphens ("correct-horse-battery-staple")."""
    value = value.rstrip(".")
    if _WORD_CHAIN.fullmatch(value):
        return key.lower() == "passphrase" or value.count("-") >= 3
    if len(value) < 6 or _TIME_OR_NUMBER.fullmatch(value) or _COMPOUND_WORD.fullmatch(value):
        return False
    if not re.search(r"[a-z]", value):
        return False  # "AES256", "SHA-1": an algorithm's name
    return bool(re.search(r"\d|[^\w\-]", value))


#: A password of digits only ("The password was 84736291", "password: 20240613", "mysql
#: -p84736291") is still a password, though ``_looks_secret`` wants two kinds of character or 16 of
#: them. It counts where the text says it is the password: the value of a sentence's "password
#: was/is/lautete" or of an assignment to a password's key, or a password on a command line or in a
#: URL. It needs six digits or more in one run, so that a count, a year or a version
#: ("the password was 3 days old", "seit 2024", "password policy v2") is none, and neither a
#: separator (dates and times, "2024-06-13", "14:05", "1,000") nor a unit after it (durations and
#: counts, "password was 100000 times tried", "120000 seconds old"). A hyphen belongs to the unit
#: only attached to the number ("100000-times"): after a space it starts a command's next flag
#: ("mysql -p84736291 -h db", "-D shop"), no unit.
_NUMERIC_PASSWORD = re.compile(r"\d{6,}")
_PASSWORD_KEYS = frozenset({"password", "passwd", "passwort", "kennwort", "pgpassword", "passphrase", "pwd"})
_COUNT_AFTER = re.compile(
    r"(?:-|\s*)(?:ms|s|secs?|seconds?|mins?|minutes?|h|hrs?|hours?|d|days?|weeks?|months?|y|yrs?|years?"
    r"|x|times?|characters?|chars?|digits?|letters?|bytes?|bits?|attempts?|tries|retries|iterations?"
    r"|rounds?|users?|accounts?|requests?|logins?|records?|rows?|entries|old|ago|long"
    r"|sekunden|minuten|stunden|tage[n]?|wochen|monate[n]?|jahre[n]?|mal|zeichen|stellen|versuche[n]?)\b",
    re.IGNORECASE,
)


def _numeric_password(value: str, text: str, end: int) -> bool:
    """Whether ``value``, given as a password and ending at ``text[end]``, is one of digits
    only: six or more, and no unit after it that makes it a duration or a count."""
    return _NUMERIC_PASSWORD.fullmatch(value.rstrip(".")) is not None and not _COUNT_AFTER.match(text, end)


def _gives_a_password(pattern: re.Pattern[str], match: re.Match[str]) -> bool:
    """Whether ``match`` of ``pattern`` gives a password, whatever it is made of: a sentence
    about a password, a command line's password, an assignment to a password's key."""
    if pattern is _PROSE_SECRET or pattern is _COMMAND_SECRET:
        return True
    if pattern is _ASSIGNMENT:
        key = match.group("key").lower()
        # "DB_PASS": the end of a longer name is a password; "pass" alone is an everyday word
        return key in _PASSWORD_KEYS or (key == "pass" and match.start("key") > match.start())
    return False


def _setting_label(text: str, match: re.Match[str], default: str) -> str:
    """What the secret of a ``key=value`` setting is called. Azure's connection string keys
    name their secret ("Azure storage account key"), and so does a shared access signature
    given as a setting; a ``?token=``/``&sig=`` after a "?" in the same run of characters is a
    URL's query; a setting of any other list ("Server=db;Password=...") is a credential."""
    key = match.group("key").lower()
    if key in _AZURE_KEY_LABELS:
        return _AZURE_KEY_LABELS[key]
    if default != _QUERY_LABEL:
        return default
    window = max(0, match.start() - 2000)  # (a setting is never that long)
    setting = text[max(window, text.rfind(";", window, match.start()) + 1):match.start()]
    if _AZURE_SAS_SETTING.search(setting):
        return _AZURE_SAS_LABEL
    run = text[window:match.start() + 1].split()  # (it ends with the match's "?", "&" or ";")
    return default if run and "?" in run[-1] else "credential"


#: A part of every key above: text with none of them (most text) needs no search with
#: ``_SECRET_KEY``, whose case-blind alternatives took half a second over a megabyte.
_KEY_PARTS = ("pass", "pwd", "kennwort", "secret", "api", "access", "private", "token", "sig",
              "credential", "accountkey", "account_key", "account-key")
#: The only characters that a case-blind pattern matches to an ASCII letter but ``str.lower``
#: does not turn into it: İ and ı match "i", ſ matches "s".
_ODD_CASES = {0x130: "i", 0x131: "i", 0x17F: "s"}


def _names_a_key(text: str) -> bool:
    """Whether ``_SECRET_KEY`` finds a key in ``text``."""
    if not text.isascii() and any(chr(odd) in text for odd in _ODD_CASES):
        text = text.translate(_ODD_CASES)
    folded = text.lower()
    if not any(part in folded for part in _KEY_PARTS):
        return False
    return _SECRET_KEY.search(text) is not None


#: Keys that are also everyday technical words ("signature: sha256WithRSAEncryption", "token:
#: INC-2024-0042", "Credential: AssumeRole", "pwd=/srv/app"): their value must look random.
#: "pwd" is not one: its everyday use, the shell command, takes a path ("pwd=/srv/app"), and a path
#: is no secret anyway. "pass" is, alone ("second pass: re-index"), not ending a longer name (DB_PASS).
_WEAK_KEYS = frozenset({"token", "sig", "signature", "credential", "credentials", "pass"})
#: A name made of words, acronyms and numbers (sha256WithRSAEncryption, AssumeRole). Each run of
#: lower-case letters or digits is taken whole: split in every possible way, a long random value
#: that is no name ("abcDEF123ghi...lmnOP==", an Azure key) took minutes to refuse. So is each run
#: of capitals: an acronym is all of it, or all but the last capital where that one starts a word
#: ("HTTPServer"); split at any capital, 44 capitals before a "!" took a minute to refuse.
_WORDS = re.compile(r"(?:[A-Z]{2,}(?=[A-Z][a-z])|[A-Z]{2,}(?![A-Za-z])|[A-Z]?[a-z]+(?![a-z])|\d+(?!\d))+")
#: A long random API key in a URL's query: "?key=Zk3mQ9xLp2Vn8RtY4wBc7HdJ6fGs" ("key" alone names
#: many harmless things, "?key=orders": only a value of 28 or more characters counts).
_QUERY_KEY = re.compile(
    r"[?&;](?:key|apiKey)=((?=[\w\-]*\d)(?=[\w\-]*[A-Za-z])[A-Za-z0-9_\-]{28,})(?![A-Za-z0-9_\-])")
#: A password on a command line: "curl -u admin:S3cretPassw0rd", "mysql -u root -pXk9mP2qLzQ8",
#: "docker login -u ci -p Xk9mP2qLzQ8w", "--password=...".
_COMMAND_SECRET = re.compile(
    r"\bcurl\b[^\n|;]{0,200}?\s(?:-u|--user)[\s=]+[\"']?[^\s:\"']+:([^\s\"']+)"
    r"|\b(?:mysql|mysqldump|mysqladmin|mariadb)\b[^\n|;]{0,200}?\s-p([^\s\"']+)"
    r"|\b(?:docker|podman|helm|oras|skopeo)\s+(?:registry\s+)?login\b[^\n|;]{0,200}?\s(?:-p|--password)[\s=]+"
    r"[\"']?([^\s\"']+)"
)
_BEARER = re.compile(r"\b(?:Bearer|Basic)\s+([A-Za-z0-9_\-.=+/]{20,})")
_PLACEHOLDER = re.compile(
    r"^(?:[*xX•#.\-_]+|<[^>]*>?|\$\{?[\w.]*\}?|\{\{.*|%\w|\[?redacted\]?|\[?removed\]?|hidden|masked|none|null"
    r"|nil|true|false|example\w*|changeme|secret|password|passwort|\.\.\.|…|env|vault.*|see\b.*)$",
    re.IGNORECASE,
)


_CODE_LIKE = re.compile(r"[()\[\]{}]|^[a-z_][a-z0-9]*(?:[_.][a-z_][a-z0-9_]*)+$")
#: A value that names where a secret is kept instead of holding it: an environment variable
#: ("AWS_SECRET_ACCESS_KEY", "process.env.API_TOKEN") or a secret object of Kubernetes or a
#: vault, named for what it holds ("payments-db-credentials", "stripe-webhook-signing-key").
_ENV_NAME = re.compile(r"(?:[a-z_]\w*\.)*[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+")
_SECRET_OBJECT_NAME = re.compile(r"[a-z][a-z0-9]*(?:[-_.][a-z0-9]+)*[-_.]")
_NAME_VERSION = re.compile(r"(?<=[a-z])[-_.]v?\d{1,4}$")
SECRET_NAME_WORDS = frozenset({
    "password", "passwords", "passwd", "pass", "passphrase", "passwort", "kennwort", "secret", "secrets",
    "key", "keys", "apikey", "token", "tokens", "credential", "credentials", "creds",
})


def _names_a_secret(value: str) -> bool:
    """Whether ``value`` is the name of a secret (a variable or a stored object), not its content."""
    if _ENV_NAME.fullmatch(value):
        return not SECRET_NAME_WORDS.isdisjoint(re.split(r"[._]", value.lower()))
    # A stored secret's name ends with the kind of secret it holds, maybe then its version
    # ("orders-api-key-v2", "my-app-secret-v2").
    value = _NAME_VERSION.sub("", value)
    prefix = _SECRET_OBJECT_NAME.match(value)
    return prefix is not None and value[prefix.end():] in SECRET_NAME_WORDS


def _looks_secret(value: str) -> bool:
    value = value.strip().rstrip(".")
    if len(value) < 6 or _PLACEHOLDER.match(value) or "…" in value or "***" in value:
        return False
    if _CODE_LIKE.search(value):
        return False  # a code expression quoted in the write-up: "token = self._fp.read(1)"
    if _names_a_secret(value):
        return False  # "secret: payments-db-credentials", "api_key: DATADOG_API_KEY"
    if value.startswith(("http://", "https://", "/", "~/", "./", "../")):
        return False  # a link or a path
    classes = sum(bool(re.search(p, value)) for p in (r"[a-z]", r"[A-Z]", r"\d", r"[^A-Za-z0-9]"))
    if value.isalpha() and value[1:].islower() and len(value) < 16:
        return False  # a plain word in any language: "password: rotated", "Passwort: zurückgesetzt"
    return classes >= 2 or len(value) >= 16


#: Credentials published as examples, which authors quote from the documentation: jwt.io's
#: sample token (HS256, "John Doe"). AWS marks its own by their end (``_documentation_example``).
DOCUMENTATION_EXAMPLES = frozenset({
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2"
    "MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yQV8_adQssw5c",
})


def _documentation_example(value: str) -> bool:
    """Whether ``value`` is a credential published as an example: AWS ends the access key IDs
    and secret keys of its documentation with EXAMPLE ("AKIAIOSFODNN7EXAMPLE",
    "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")."""
    return value.endswith(("EXAMPLE", "EXAMPLEKEY")) or value in DOCUMENTATION_EXAMPLES


#: A stretch of one character that authors type over what they redact: "ghp_XXXX...",
#: "sk_live_xxxx...", "T00000000/B00000000/XXXX...". A random token has no four in a row.
_OVERWRITTEN = re.compile(r"([xX*•#0])\1{3,}")
#: The share of a value (after its type prefix) that must be typed over for it to count as
#: redacted: "sk_live_xxxxxxxxxxxxxxxxxxxx4242" keeps four characters for the reader, while
#: "ghp_XXXXXXXX16C7e42F..." typed over eight of 36 still leaks the other 28.
_OVERWRITTEN_SHARE = 0.6


def _overwritten(value: str) -> bool:
    """Whether ``value`` is typed over (nearly) whole: a redacted secret, not a leaked one."""
    runs = [m.group() for m in _OVERWRITTEN.finditer(value)]
    if not runs:
        return False
    prefix = _TYPE_PREFIX.match(value)
    rest = len(value) - (len(prefix.group()) if prefix and len(prefix.group()) < len(value) else 0)
    return sum(len(run) for run in runs) >= _OVERWRITTEN_SHARE * max(1, rest)


#: What authors put in place of a private key's body: "-----BEGIN RSA PRIVATE KEY-----
#: (redacted)", "[removed]", "...", or the END line right away.
_REDACTED_AFTER = re.compile(
    r"\s*(?:[(\[<{]\s*)?(?:redacted|removed|omitted|snip(?:ped)?|truncated|entfernt|geschwärzt|gekürzt"
    r"|\.\.\.|…|-----END\b)",
    re.IGNORECASE,
)
#: A line of a private key's body: base64 (PEM wraps it at 64 characters).
_KEY_BODY = re.compile(r"(?<![A-Za-z0-9+/=])[A-Za-z0-9+/]{40,}={0,2}(?![A-Za-z0-9+/=])")
_KEY_END = re.compile(r"-----END\b")


def _key_body_cut(text: str, end: int) -> bool:
    """Whether the private key whose header ends at ``end`` is redacted: a marker follows the
    header ("(redacted)", "...", the END line) and no base64 body comes before its END line; a
    "(redacted)" after the header of a key whose body follows still leaks the key."""
    if not _REDACTED_AFTER.match(text, end):
        return False
    stop = _KEY_END.search(text, end)
    return _KEY_BODY.search(text, end, stop.start() if stop else len(text)) is None


#: A run of hexadecimal digits of a hash's or a token's length with letters and digits mixed:
#: random, however word-like its pieces look to ``_WORDS`` ("3f9a2c7e...").
_HEX_RUN = re.compile(r"(?=[0-9a-fA-F]*[a-fA-F])(?=[0-9a-fA-F]*\d)[0-9a-fA-F]{16,}")


def _glued_tokens(text: str) -> Iterator[Finding]:
    """Tokens of a known type glued to a name before them ("note_ghp_16C7e42F...", a YAML key),
    where the patterns' left boundary keeps them from looking."""
    for match in _GLUED_TOKEN.finditer(text):
        if match.start() == 0 or text[match.start() - 1] not in "_-./" or match.group("cut"):
            continue
        for finding in _secrets(match.group()):
            if finding.start == 0:  # (the token itself, not a part of it)
                yield dataclasses.replace(finding, start=finding.start + match.start(),
                                          end=finding.end + match.start())


def _secrets(text: str) -> Iterator[Finding]:
    for label, pattern, group, literal in _TOKEN_PATTERNS:
        if literal not in text:  # most text holds none of them: one substring test, no regex
            continue
        for match in pattern.finditer(text):
            value = match.group(group)
            if _documentation_example(value) or (label != "private key" and _overwritten(value)):
                continue
            if group and not (_looks_secret(value) or _numeric_password(value, text, match.end(group))):
                continue  # (a password in a URL may be of digits only: "redis://app:84736291@cache")
            if label == "private key" and _key_body_cut(text, match.end()):
                continue  # the header alone, its body cut out: nothing secret is left
            start, end = match.span(group)
            # (a token of a known kind starts with its type; a password in a URL has none)
            masked = value if label == "private key" else mask_secret(value, 0 if group else 4)
            yield Finding("secret", label, start, end, masked)
    if "_" in text or "-" in text or "." in text or "/" in text:
        yield from _glued_tokens(text)
    named = _names_a_key(text)  # what a query or an assignment needs
    keyed = "key=" in text or "apiKey=" in text
    for pattern, label, possible in ((_QUERY_SECRET, _QUERY_LABEL, named),
                                     (_ASSIGNMENT, "credential", named),
                                     (_PROSE_SECRET, "credential", named),
                                     (_QUERY_KEY, _QUERY_LABEL, keyed),
                                     (_COMMAND_SECRET, "credential", "-p" in text or "-u" in text),
                                     (_BEARER, "bearer credential", "Bearer" in text or "Basic" in text)):
        if not possible:
            continue
        for match in pattern.finditer(text):
            group = match.lastindex or 1
            value = match.group(group)
            numeric = _gives_a_password(pattern, match) and _numeric_password(value, text, match.end(group))
            if not (numeric or _looks_secret(value)) or _overwritten(value):
                continue
            bare = pattern is _PROSE_SECRET and match.group("bare") is not None
            if bare and not numeric and not _password_like(value, match.group("word")):
                continue
            if _documentation_example(value.rstrip(".")):
                continue
            word_like = _WORDS.fullmatch(value) and not _HEX_RUN.fullmatch(value.rstrip("."))
            key = match.group("key").lower() if pattern is _ASSIGNMENT else ""
            if key == "pass" and match.start("key") > match.start():
                key = "password"  # the end of a longer name: DB_PASS, MYSQL_PASS
            if key in _WEAK_KEYS and (len(value) < 16 or word_like):
                continue
            start, end = match.span(group)
            while end > start and value.endswith("."):  # the sentence's full stop
                value, end = value[:-1], end - 1
            found_as = label  # a label of its own: each match starts from the pattern's label
            if pattern is _QUERY_SECRET or pattern is _ASSIGNMENT:
                found_as = _setting_label(text, match, label)
            yield Finding("secret", found_as, start, end, mask_secret(value, 0))  # no character of it


# --- all together ----------------------------------------------------------------------------


def scan(text: str, *, allow: Allowlist | None = None, kinds: Iterable[str] | None = None) -> list[Finding]:
    """Every piece of personal data or secret in ``text``, overlapping matches resolved.

    Where two findings overlap, the more serious kind wins (secret, card, e-mail, IP,
    phone), then the longer match. ``kinds``: the kinds to look for; by default those that
    ``text`` may hold at all (:func:`_kinds_in`, a fraction of a scan's cost: most lines and
    texts of a postmortem hold no "@", no digits of a number's shape and no key of a secret).
    """
    wanted = set(_kinds_in(text) if kinds is None else kinds)
    if not wanted:
        return []
    found: list[Finding] = []
    detectors = {"secret": _secrets, "card": _cards, "email": _emails, "ip": _ips, "phone": _phones}
    for kind, detect in detectors.items():
        if kind in wanted:
            found.extend(detect(text))
    found.sort(key=lambda f: (_PRIORITY[f.kind], -(f.end - f.start), f.start))
    kept: list[Finding] = []
    claims = Claims(len(text))
    for finding in found:
        if claims.overlaps(finding.start, finding.end):
            continue
        if allow is not None and allow.allows(finding, text):
            continue
        claims.claim(finding.start, finding.end)
        kept.append(finding)
    return sorted(kept, key=lambda f: (f.start, f.end))


# --- masking other text ----------------------------------------------------------------------

# What each kind of finding needs, tested at a fraction of a scan's cost, so that a message
# that can hold none (most of them: "unknown key 'root_cause' (did you mean
# 'contributing_factors'?)", "the entry at 2025-02-14 09:35 UTC is listed after ...") is not
# scanned. Each test is a necessary condition of its detectors: it may let text through that
# holds nothing, never keep back text that holds something.

#: The start of every pattern of ``_TOKEN_PATTERNS`` and of every glued token: a token's type
#: prefix, a private key's header, a URL that may hold a user and password.
_TOKEN_START = re.compile(
    r"A(?:KIA|SIA|BIA|CCA|GPA|IDA|IPA|NPA|NVA|ROA|PKA|Iza)|gh[pousr]_|github_pat_|glpat-|xox[abposre]-"
    r"|[rs]k_live_|npm_|sk-|SG\.|eyJ|-----BEGIN |://"
)
#: What follows a key of ``_SECRET_KEYS`` (found by one of ``_KEY_PARTS``) in an assignment
#: or a URL's query: the rest of its name, then ":" or "=" ("DB_PASSWORD=", "api_key:",
#: "?token="). Matched where a part is found: one case-blind search of all the parts took
#: ten microseconds on a line of a hundred characters.
_VALUE_AFTER_KEY = re.compile(r"[\w\-]{0,40}[\"']?\s*[:=]")
#: The words with which ``_PROSE_SECRET`` gives a password in a sentence, and the commands of
#: ``_COMMAND_SECRET``.
_PROSE_PARTS = ("passw", "passp", "kennwort")
#: What ``_BEARER`` and ``_QUERY_KEY`` need, as written.
_LITERAL_PARTS = ("Bearer", "Basic", "key=", "apiKey=")
_COMMAND_PARTS = ("curl", "mysql", "mariadb", "login")
#: Eight digits with at most one separator between the fourth and fifth: the start of every
#: card number ``_CARD`` accepts.
_CARD_HINT = re.compile(r"\d{4}[ \-.]?\d{4}")
#: A dotted quad's digits, or two colons with at most four hex digits between (IPv6).
_IP_HINT = re.compile(r"\d\.\d{1,3}\.\d{1,3}\.\d|:[0-9A-Fa-f]{0,4}:")
#: Any of the shapes of ``_CARD_HINT``, ``_IP_HINT`` and ``_NANP_HINT``, in one search: most
#: text with digits (dates, times, counts) has none of them.
_DIGIT_SHAPES = re.compile(r"\d(?:\d{3}[ \-.]?\d{4}|\.\d{1,3}\.\d{1,3}\.\d|\d{2}-\d{4})|:[0-9A-Fa-f]{0,4}:")
#: An international number's lead ("+4", "004"), a North-American number's end ("123-4567");
#: a number with its area code in brackets has "(0", a national one a phone word
#: (``_PHONE_WORD``), which holds one of ``_PHONE_WORD_PARTS``, and its trunk "0".
_INTERNATIONAL_HINT = re.compile(r"(?:\+|00)[1-9]")
_NANP_HINT = re.compile(r"\d{3}-\d{4}")
_PHONE_WORD_PARTS = ("phone", "tel", "mobil", "cell", "fax", "sms", "whatsapp", "hotline", "call", "dial",
                     "handy", "ruf", "rief", "festnetz", "erreichbar", "reachable", "kontakt", "contact")


def _may_hold_secret(text: str, folded: str) -> bool:
    """Whether ``text`` may hold a secret that ``_secrets`` finds; ``folded`` is it in lower case."""
    if _TOKEN_START.search(text) or any(part in text for part in _LITERAL_PARTS):
        return True
    if ("-p" in text or "-u" in text) and any(part in folded for part in _COMMAND_PARTS):
        return True
    if any(part in folded for part in _PROSE_PARTS):
        return True
    for part in _KEY_PARTS:
        at = folded.find(part)
        while at >= 0:
            if _VALUE_AFTER_KEY.match(folded, at + len(part)):
                return True
            at = folded.find(part, at + 1)
    return False


def _kinds_in(text: str) -> list[str]:
    """The kinds of finding that ``text`` may hold, by tests that cost a fraction of a scan: a
    message with no "@", no digits of the right shape and no token or key of a secret is
    scanned for nothing."""
    kinds: list[str] = []
    folded = text.lower()
    if not text.isascii() and any(chr(odd) in text for odd in _ODD_CASES):
        folded = text.translate(_ODD_CASES).lower()  # as a case-blind pattern reads them
    if _may_hold_secret(text, folded):
        kinds.append("secret")
    if _DIGIT.search(text):
        shaped = _DIGIT_SHAPES.search(text) is not None
        if shaped and _CARD_HINT.search(text):
            kinds.append("card")
        if shaped and _IP_HINT.search(text):
            kinds.append("ip")
        if ((("+" in text or "00" in text) and _INTERNATIONAL_HINT.search(text))
                or (shaped and _NANP_HINT.search(text)) or "(0" in text
                or ("0" in text and any(part in folded for part in _PHONE_WORD_PARTS))):
            kinds.append("phone")
    if "@" in text:
        kinds.append("email")
    return kinds


#: A token of a known type where the patterns above do not look: glued to a name before it
#: ("note_ghp_16C7e42F..." as a key; ``_glued_tokens``), or cut short by an excerpt
#: ("ghp_16C7e42F292c6912E7…"; ``masked``): its type prefix and at least 16 of its characters.
_GLUED_TOKEN = re.compile(
    r"(?:gh[pousr]_|github_pat_|glpat-|xox[abposre]-|[rs]k_live_|sk-ant-|sk-(?:proj|svcacct|admin)-|npm_|AIza"
    r"|AKIA|ASIA)[A-Za-z0-9_\-]{16,}(?P<cut>…|\.\.\.)?"
)
#: The same, cut short by an excerpt, and not the end of a longer word ("network_live_..."): a
#: name before it is joined by "_", "-", ".", "/".
_CUT_TOKEN = re.compile(
    r"(?<![A-Za-z0-9])(?:gh[pousr]_|github_pat_|glpat-|xox[abposre]-|[rs]k_live_|sk-ant-"
    r"|sk-(?:proj|svcacct|admin)-|npm_|AIza|AKIA|ASIA)[A-Za-z0-9_\-]{16,}(?P<cut>…|\.\.\.)"
)
#: The end of a token whose start an excerpt cut off ("…2F292c6912E7710c838347Ae178B4a"):
#: 20 or more letters and digits of both cases after the ellipsis.
_CUT_TOKEN_END = re.compile(
    r"(?:…|\.\.\.)(?=[A-Za-z0-9_\-]*[a-z])(?=[A-Za-z0-9_\-]*[A-Z])(?=[A-Za-z0-9_\-]*\d)[A-Za-z0-9_\-]{20,}"
)
#: An e-mail address cut short after its "@" ("jane.doe@gma…"): the person is named already.
_CUT_EMAIL = re.compile(r"(?<![\w.+%-])[^\W_][\w.%+-]{0,63}@[\w.\-]*(?=…|\.\.\.)")
#: The share of digits in a random token of letters and digits: about one in six; a name
#: with a number in it ("InternalServerError500ResponseHandler") has fewer.
_DIGIT_SHARE = 0.15


def _cut_secret(value: str) -> bool:
    """Whether ``value``, a part of a token that an excerpt cut, is random as a secret is, by
    the tests that PM507 applies to whole ones: not typed over, not a documentation example,
    secret-looking (not a name in code, not words in capitals), and with a token's share of
    digits, a run of hex digits or pieces that are not words ("…ResponseHandler" is)."""
    if _overwritten(value) or _documentation_example(value) or not _looks_secret(value):
        return False
    prefix = _TYPE_PREFIX.match(value)
    rest = value[prefix.end():] if prefix and prefix.end() < len(value) else value
    if _HEX_RUN.search(rest) or sum(c.isdigit() for c in rest) >= _DIGIT_SHARE * len(rest):
        return True
    return not all(_WORDS.fullmatch(piece) for piece in re.split(r"[_\-]+", rest) if piece)


def _cut_email(local: str, domain: str, text: str, start: int) -> bool:
    """Whether an address an excerpt cut ("jane.doe@gma…") is one PM506 would report: not a role
    or group mailbox, not at a documentation domain, not a URL's user."""
    return not (role_mailbox(local) or _RESERVED_DOMAIN.search(domain.rstrip("."))
                or text[max(0, start - 3):start] == "://")


#: A private key's body after its header, as a message quotes it: lines of base64 (the last
#: one shorter than ``_KEY_BODY``'s), an encrypted key's "Proc-Type:" and "DEK-Info:" lines,
#: separated by line breaks or by the "\\n" of a quoted value; then its END line
#: (``_KEY_END``), or an excerpt's "…" where the message cuts it, or the text's end.
_KEY_BLOCK = re.compile(
    r"(?:(?:[ \t\r]*(?:\n|\\n))+[ \t]*(?:[A-Za-z0-9+/]+={0,2}|(?:Proc-Type|DEK-Info):[^\n\\]*))+"
    r"(?:(?:\s|\\n)*(?:-----END [A-Z0-9 ]*-----|…|\.\.\.))?"
    r"|(?:\s|\\n)*-----END [A-Z0-9 ]*-----"
)
#: Enough of a key's body to be a part of it: a line of base64 that an excerpt may have cut,
#: with a digit, "+" or "/" in it (a long word of prose after the header is no part of a key).
_KEY_BODY_PART = re.compile(r"(?=[A-Za-z]*[0-9+/])[A-Za-z0-9+/]{16,}")


def _masked_span(finding: Finding, text: str) -> tuple[int, int, str]:
    """Where ``finding`` is replaced in a message, and with what: the form PM505-PM507 print."""
    value = text[finding.start:finding.end]
    if finding.kind == "card":
        return finding.start, finding.end, mask_digits(value, 4)
    if finding.label == "private key":
        # The header says what it is; the key's body, up to its END line, is what is secret.
        block = _KEY_BLOCK.match(text, finding.end)
        if block is None or not (_KEY_END.search(block.group()) or _KEY_BODY_PART.search(block.group())):
            return finding.start, finding.end, value  # the header alone: nothing secret follows
        return finding.start, block.end(), f"{value} (redacted)"
    return finding.start, finding.end, finding.masked


def masked(text: str, allow: Allowlist | None = None) -> str:
    """``text`` (a message or a hint of any rule) with every secret and piece of personal data
    that PM505-PM507 would report in it replaced by the masked form they print: a finding that
    quotes the file ("'ghp_16C7e42F…' is not a valid severity") must not repeat a leak in CI
    logs. Tokens and addresses that an excerpt cut short ("…") are masked too. Text with
    nothing of the kind comes back unchanged (and, for most messages, without a scan)."""
    kinds = _kinds_in(text)
    cut = "…" in text or "..." in text
    if not kinds and not cut:
        return text
    spans: list[tuple[int, int, str]] = []
    claims = Claims(len(text))
    for finding in scan(text, allow=allow, kinds=kinds) if kinds else ():
        start, end, replacement = _masked_span(finding, text)
        if replacement != text[start:end]:
            spans.append((start, end, replacement))
        claims.claim(start, end)
    if cut:
        for match in _CUT_TOKEN.finditer(text):
            # How long it was is not known: its type is all that is shown.
            value = text[match.start():match.start("cut")]
            if _cut_secret(value) and claims.claim(match.start(), match.end()):
                prefix = _TYPE_PREFIX.match(value)
                spans.append((match.start(), match.end(), f"{prefix.group() if prefix else value[:4]}…"))
        for match in _CUT_TOKEN_END.finditer(text):
            value = match.group().lstrip(".…")
            if _cut_secret(value) and claims.claim(match.start(), match.end()):
                spans.append((match.start(), match.end(), f"… ({len(value)} characters)"))
        for match in _CUT_EMAIL.finditer(text) if "@" in text else ():
            local, _, domain = match.group().partition("@")
            if _cut_email(local, domain, text, match.start()) and claims.claim(match.start(), match.end()):
                spans.append((match.start(), match.end(), mask_email(match.group())))
    if not spans:
        return text
    out: list[str] = []
    kept = 0
    for start, end, replacement in sorted(spans):
        out.append(text[kept:start])
        out.append(replacement)
        kept = end
    out.append(text[kept:])
    return "".join(out)
