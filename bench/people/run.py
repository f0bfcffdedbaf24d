"""Who-can-help against plain ``git blame -L`` on the same range of a repo with history.

Builds a 2,000-commit repository in a temp dir (git fast-import; 12 people, one
bot, three years of dates, one 400-line file plus noise files), then times:
``git blame --porcelain -L`` alone, ``PeopleFinder`` cold (blame + parse + rank),
``PeopleFinder`` warm (cache hit) and the ``git log`` fallback it answers with
when blame is slow. Run: ``.venv/bin/python bench/people/run.py [--commits N]``.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from qgpt_lsp.engine.people import LineRange, PeopleFinder
from qgpt_lsp.engine.people.blame import log_commits

PEOPLE = [(f"Dev {n:02d}", f"dev{n:02d}@example.com") for n in range(12)]
BOT = ("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com")
LINES = 400


def build_repo(root: Path, commits: int, seed: int = 7) -> None:
    """``commits`` commits touching random lines of src/big.py, written with fast-import."""
    rng = random.Random(seed)
    lines = [f"value_{n} = {n}" for n in range(LINES)]
    start = int(time.time()) - 3 * 365 * 86400
    parts: list[bytes] = []
    for number in range(commits):
        name, email = BOT if rng.random() < 0.05 else rng.choice(PEOPLE)
        for _ in range(rng.randint(1, 12)):
            line = rng.randrange(LINES)
            lines[line] = f"value_{line} = {number}  # by {name}"
        body = ("\n".join(lines) + "\n").encode()
        noise = f"commit {number}\n".encode()
        stamp = start + number * (3 * 365 * 86400 // commits)
        message = f"change {number}".encode()
        parts.append(b"commit refs/heads/main\n")
        parts.append(f"author {name} <{email}> {stamp} +0000\n".encode())
        parts.append(f"committer {name} <{email}> {stamp} +0000\n".encode())
        parts.append(b"data %d\n%s\n" % (len(message), message))
        parts.append(b"M 644 inline src/big.py\ndata %d\n%s\n" % (len(body), body))
        parts.append(b"M 644 inline notes/log.txt\ndata %d\n%s\n" % (len(noise), noise))
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True)
    subprocess.run(["git", "fast-import", "--quiet"], cwd=root, input=b"".join(parts), check=True)
    subprocess.run(["git", "checkout", "-q", "main"], cwd=root, check=True)


def timed(action: object, runs: int) -> list[float]:
    samples = []
    for _ in range(runs):
        began = time.perf_counter()
        action()  # type: ignore[operator]
        samples.append((time.perf_counter() - began) * 1000)
    return samples


def report(label: str, samples: list[float]) -> None:
    print(f"{label:<44} median {statistics.median(samples):8.1f} ms   min {min(samples):8.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--commits", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--range", default="100-200")
    args = parser.parse_args()
    first, last = (int(x) for x in args.range.split("-"))
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "repo"
        began = time.perf_counter()
        build_repo(root, args.commits)
        print(f"built {args.commits} commits in {time.perf_counter() - began:.1f} s at {root}")
        path = root / "src/big.py"
        blame = ["git", "blame", "--porcelain", "-w", f"-L{first},{last}", "--", "src/big.py"]
        report(
            f"git blame --porcelain -L{first},{last}",
            timed(
                lambda: subprocess.run(blame, cwd=root, capture_output=True, check=True), args.runs
            ),
        )
        report(
            "git log fallback (200 commits of the file)",
            timed(lambda: log_commits(root, "src/big.py"), args.runs),
        )

        def cold() -> None:
            asyncio.run(PeopleFinder(blame_timeout=600).for_ranges([LineRange(path, first, last)]))

        report("PeopleFinder cold (blame+parse+rank)", timed(cold, args.runs))

        async def warm_runs() -> tuple[list[float], str]:
            finder = PeopleFinder(blame_timeout=600)
            output = await finder.for_ranges([LineRange(path, first, last)])
            samples = []
            for _ in range(args.runs):
                began = time.perf_counter()
                await finder.for_ranges([LineRange(path, first, last)])
                samples.append((time.perf_counter() - began) * 1000)
            top = output.persons.iterable[0]
            return samples, f"{top.type.basic.name if top.type.basic else '?'}: " + (
                (output.explanations or {})[top.id]
            )

        samples, top = asyncio.run(warm_runs())
        report("PeopleFinder warm (cached blame)", samples)
        print(f"top person: {top}")


if __name__ == "__main__":
    main()
