"""Generate a realistic postmortem repository for benchmarks.

    python bench/generate.py OUT_DIR --files 1000 [--commits 0] [--seed 1] [--corpus DIR]

Files are varied English and German postmortems (severities, timeline lengths, decisions,
action items, disclosure), about a third of them with typical flaws, under OUT_DIR/postmortems/.
With ``--commits N`` the folder becomes a git repository with N commits (made with
``git fast-import``, so 10,000 commits take seconds): files are added, edited, published and
occasionally renamed over time.

With ``--corpus DIR`` the files are not generated but copied from the YAML postmortems found
below DIR (a held-out set, such as a team's own repository or pmkit's examples/), taken in
turn until there are enough, each copy with an id and file name of its own so that the copies
are distinct postmortems.
"""

from __future__ import annotations

import argparse
import random
import re
import subprocess
from datetime import datetime, timedelta, timezone
from pathlib import Path

EN_EVENTS = [
    "Error rate on the checkout API rose above 5%.",
    "Paging alert fired for elevated p99 latency.",
    "On-call engineer acknowledged the page and opened an incident channel.",
    "Rolled back the deploy of the payment service to the previous release.",
    "Failed over the primary database to the standby in the second zone.",
    "Traffic returned to normal levels; error rate below 0.1%.",
    "Customer support reported a spike in login complaints.",
    "Disabled the feature flag for the new session cache.",
]
DE_EVENTS = [
    "Die Fehlerquote der Checkout-API stieg über 5 %.",
    "Der Alarm für erhöhte p99-Latenz wurde ausgelöst.",
    "Die Bereitschaft hat den Alarm bestätigt und einen Incident-Kanal eröffnet.",
    "Das Deployment des Zahlungsdienstes wurde auf die vorige Version zurückgerollt.",
    "Die Datenbank wurde auf das Standby-System in der zweiten Zone umgeschaltet.",
    "Der Verkehr normalisierte sich; Fehlerquote unter 0,1 %.",
]
FLAWS_EN = [
    "The outage was caused by human error.",
    "The engineer should have checked the dashboard before deploying.",
    "Some users were affected for a while.",
]
FLAWS_DE = [
    "Der Ausfall war menschliches Versagen.",
    "Der Kollege hätte die Warnung beachten müssen.",
]
MILESTONES = ["impact_started", "detected", "acknowledged", "mitigated", "resolved"]


def postmortem(index: int, rng: random.Random) -> str:
    lang = "de" if rng.random() < 0.3 else "en"
    events = DE_EVENTS if lang == "de" else EN_EVENTS
    flawed = rng.random() < 0.33
    severity = rng.choice(["SEV1", "SEV2", "SEV2", "SEV3", "SEV3", "SEV4"])
    start = datetime(2020, 1, 1, tzinfo=timezone.utc) + timedelta(minutes=rng.randrange(0, 3_000_000))
    pid = f"{start:%Y-%m-%d}-incident-{index:05d}"
    status = rng.choice(["draft", "in-review", "published", "published"])
    lines = [
        "pmkit: 1",
        f"id: {pid}",
        f"title: {'Ausfall' if lang == 'de' else 'Outage'} of service {index % 97}",
        f"status: {status}",
        f"lang: {lang}",
        f"severity: {severity}",
        "owner: platform team lead",
        "authors: [incident commander]",
        "approvals:",
        "  - {by: VP of Engineering, role: accountable executive, "
        f"at: {(start + timedelta(days=4)):%Y-%m-%dT%H:%M:%SZ}}}",
        "summary: |",
        f"  {rng.choice(FLAWS_DE if lang == 'de' else FLAWS_EN) if flawed else events[0]}",
        f"  {events[-1]}",
        "impact:",
        f"  description: {events[0]}",
        f"  users_affected: {rng.randrange(10, 100000)}",
        "  data_loss: false",
        "timeline:",
    ]
    at = start
    entries = rng.randrange(7, 18)
    milestones = dict(zip((0, 1, 2, entries - 2, entries - 1), MILESTONES, strict=True))
    plain = [e for e in events if not any(w in e for w in ("Rolled", "Failed over", "Disabled",
                                                            "zurückgerollt", "umgeschaltet"))]
    decision_event = events[3]
    for n in range(entries):
        milestone = milestones.get(n)
        lines.append(f"  - at: {at:%Y-%m-%dT%H:%M:00Z}")
        if milestone:
            lines.append(f"    milestone: {milestone}")
        lines.append("    actor: on-call engineer")
        lines.append(f"    event: {decision_event if n == 3 else rng.choice(plain)}")
        lines.append(f"    evidence: [https://grafana.example.com/d/{index}/{n}]")
        if n == 3:
            lines.append("    decision: D1")
        at += timedelta(minutes=rng.randrange(3, 40))
    lines += [
        "decisions:",
        "  - id: D1",
        f"    at: {start + timedelta(minutes=30):%Y-%m-%dT%H:%M:00Z}",
        "    decision: Roll back the release.",
        "    rationale: The error rate began with the deploy, and rolling back is quick and safe.",
        "    options_considered: [roll back, hotfix forward]",
        "    tradeoff: Time to recovery over shipping the new feature today.",
        "    decided_by: incident commander",
        "contributing_factors:",
        "  - {id: CF1, description: The canary stage did not compare error rates with the baseline.}",
        "  - {id: CF2, description: The error-rate alert waited ten minutes before paging.}",
        "action_items:",
        "  - {id: AI1, title: Add an error-rate comparison to the canary stage, type: prevent, priority: P1,",
        f"     owner: platform team lead, due: {(start + timedelta(days=30)):%Y-%m-%d},",
        f"     tracker: https://tracker.example.com/PM-{index}, status: done, addresses: [CF1]}}",
        "  - {id: AI2, title: Page on the error-rate alert after two minutes, type: detect, priority: P2,",
        f"     owner: platform team lead, due: {(start + timedelta(days=20)):%Y-%m-%d},",
        f"     tracker: https://tracker.example.com/PM-{index}-2, status: done, addresses: [CF2]}}",
        "disclosure:",
        "  regimes: [internal]",
        "  notifications:",
        f"    - {{audience: customers, sent_at: {(start + timedelta(minutes=20)):%Y-%m-%dT%H:%M:00Z}, "
        "channel: status-page, link: https://status.example.com/}",
        f"  drafted_at: {(start + timedelta(days=2)):%Y-%m-%dT%H:%M:00Z}",
    ]
    if status == "published":
        lines.append(f"  published_at: {(start + timedelta(days=6)):%Y-%m-%dT%H:%M:00Z}")
    return "\n".join(lines) + "\n"


def write_files(out: Path, count: int, seed: int) -> list[Path]:
    rng = random.Random(seed)
    folder = out / "postmortems"
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(count):
        path = folder / f"pm-{index:05d}.yaml"
        path.write_text(postmortem(index, rng), encoding="utf-8")
        paths.append(path)
    return paths


#: A postmortem's top-level id line, as the format writes it.
_ID_LINE = re.compile(r"^id:[ \t]*.*$", re.MULTILINE)


def copy_corpus(out: Path, count: int, corpus: Path) -> list[Path]:
    """``count`` postmortems under OUT/postmortems, copied in turn from corpus's YAML files.

    Each copy gets the id its file name spells (the source's stem and a number), as
    ``pmkit new`` would have named it, so that no two copies share an id.
    """
    sources = sorted(p for p in corpus.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file()
                     and _ID_LINE.search(p.read_text(encoding="utf-8", errors="replace")))
    if not sources:
        raise SystemExit(f"no YAML postmortem (a file with a top-level 'id:' line) below {corpus}")
    folder = out / "postmortems"
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(count):
        source = sources[index % len(sources)]
        new_id = f"{source.stem[:40]}-{index:05d}".lower()
        text = _ID_LINE.sub(f"id: {new_id}", source.read_text(encoding="utf-8"), count=1)
        path = folder / f"{new_id}.yaml"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def make_history(out: Path, paths: list[Path], commits: int, seed: int) -> None:
    """Commit the files over ``commits`` commits with git fast-import (edits and renames)."""
    rng = random.Random(seed + 1)
    texts = {p.relative_to(out).as_posix(): p.read_text(encoding="utf-8") for p in paths}
    names = list(texts)
    stream: list[bytes] = []
    when = int(datetime(2020, 1, 1, tzinfo=timezone.utc).timestamp())
    added: list[str] = []
    for number in range(commits):
        when += rng.randrange(600, 20_000)
        ops: list[bytes] = []
        if names and (len(added) < len(names)) and (number % 2 == 0 or not added):
            name = names[len(added)]
            added.append(name)
            ops.append(_modify(name, texts[name]))
        elif added:
            name = rng.choice(added)
            texts[name] += f"# revision {number}\n"
            ops.append(_modify(name, texts[name]))
        message = f"postmortem update {number}".encode()
        stream.append(b"commit refs/heads/main\n")
        stream.append(b"committer Bench <bench@example.com> %d +0000\n" % when)
        stream.append(b"data %d\n%s\n" % (len(message), message))
        stream.extend(ops)
    # Whatever was not added yet goes in one last commit, with the working tree's content.
    rest = [n for n in names if n not in added]
    if rest:
        stream.append(b"commit refs/heads/main\n")
        stream.append(b"committer Bench <bench@example.com> %d +0000\n" % (when + 60))
        stream.append(b"data 4\nrest\n")
        stream.extend(_modify(n, texts[n]) for n in rest)
    subprocess.run(["git", "init", "-q", "-b", "main", str(out)], check=True)
    subprocess.run(["git", "fast-import", "--quiet"], cwd=out, input=b"".join(stream), check=True)
    subprocess.run(["git", "checkout", "-q", "-f", "main"], cwd=out, check=True)


def _modify(name: str, text: str) -> bytes:
    data = text.encode()
    return b"M 100644 inline %s\ndata %d\n%s\n" % (name.encode(), len(data), data)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--files", type=int, default=100)
    parser.add_argument("--commits", type=int, default=0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--corpus", type=Path, help="copy the YAML postmortems below this folder "
                                                    "instead of generating files")
    args = parser.parse_args()
    paths = (copy_corpus(args.out, args.files, args.corpus) if args.corpus
             else write_files(args.out, args.files, args.seed))
    if args.commits:
        make_history(args.out, paths, args.commits, args.seed)
    print(f"{len(paths)} files in {args.out / 'postmortems'}"
          + (f", {args.commits} commits" if args.commits else ""))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
