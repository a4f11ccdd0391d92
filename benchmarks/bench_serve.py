"""Memory and page times of ``trustcheck serve`` on a 45-member audit (run by hand).

    python benchmarks/bench_serve.py [AUDIT_DIR] [--repeat 20]

Without an audit folder it audits 45 members made from the corpus's reports (each report under
several member names, PDF, HTML and Markdown alike) into a temporary folder. It then starts
``trustcheck serve`` in its own process, as a reviewer would, and requests the queue, the member
matrix and every verdict page, then every evidence page image of the PDF members. Reported:

- the server's peak resident memory (``VmHWM``) after all of that; target under 300 MB;
- for verdict pages with a PDF page image, the time to answer the page and its image once the
  image was rendered before (median and worst of ``--repeat`` rounds); target under 300 ms.
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "fixtures" / "corpus" / "reports"
MEMBERS = 45
TARGET_MB = 300.0
TARGET_MS = 300.0


def trustcheck_command() -> list[str]:
    script = Path(sys.executable).with_name("trustcheck")
    return [str(script)] if script.exists() else [sys.executable, "-m", "trustcheck.cli"]


def build(folder: Path) -> Path:
    reports = sorted(CORPUS.iterdir())
    lines = ["year: 2025", "members:"]
    for number in range(MEMBERS):
        report = reports[number % len(reports)]
        lines.append(f"  - member: Member {number + 1:02d}\n    source: {report}")
    manifest = folder / "members.yaml"
    manifest.write_text("\n".join(lines) + "\n", encoding="utf-8")
    audit = folder / "audit"
    command = [*trustcheck_command(), "audit", str(manifest), "-o", str(audit)]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return audit


def peak_mb(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text(encoding="utf-8")
    found = re.search(r"VmHWM:\s+(\d+) kB", status)
    return int(found.group(1)) / 1024 if found else float("nan")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("audit", nargs="?", type=Path)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        audit = args.audit or build(Path(tmp))
        server = subprocess.Popen(
            [*trustcheck_command(), "serve", str(audit), "--port", "0", "--reviewer", "bench"],
            stdout=subprocess.PIPE,
            text=True,
        )
        try:
            assert server.stdout is not None
            url = re.search(r"(http://\S+)/", server.stdout.readline())
            if url is None:
                raise SystemExit("the server did not print its URL")
            return measure(url.group(1), server.pid, args.repeat)
        finally:
            server.terminate()
            server.wait(timeout=30)


def measure(base: str, pid: int, repeat: int) -> int:
    with httpx.Client(base_url=base, timeout=120) as client:
        started = time.perf_counter()
        queue = client.get("/").text
        print(f"queue: {time.perf_counter() - started:.2f} s (first load of the audit)")
        client.get("/members")
        verdicts = sorted(set(re.findall(r'class="verdict-link" href="(/verdict/[^"?]+)', queue)))
        with_images: dict[str, list[str]] = {}
        started = time.perf_counter()
        for path in verdicts:
            page = client.get(path).text
            images = re.findall(r'<image href="(/page/[^"]+)"', page)
            if images:
                with_images[path] = images
        print(f"{len(verdicts)} verdict pages: {time.perf_counter() - started:.1f} s")
        started = time.perf_counter()
        rendered = {image for images in with_images.values() for image in images}
        for image in sorted(rendered):
            client.get(image).raise_for_status()
        print(f"{len(rendered)} page images rendered: {time.perf_counter() - started:.1f} s")
        timings = []
        for _ in range(repeat):
            for path, images in with_images.items():
                started = time.perf_counter()
                client.get(path).raise_for_status()
                for image in images:
                    client.get(image).raise_for_status()
                timings.append((time.perf_counter() - started) * 1000)
    memory = peak_mb(pid)
    median, worst = statistics.median(timings), max(timings)
    print(f"peak memory: {memory:.0f} MB (target under {TARGET_MB:.0f})")
    print(
        f"verdict page with its page images, after the first render: median {median:.0f} ms, "
        f"worst {worst:.0f} ms over {len(timings)} requests (target under {TARGET_MS:.0f})"
    )
    return 0 if memory < TARGET_MB and median < TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
