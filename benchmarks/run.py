"""How fast the course runs, and how its cost grows. Prints ratios measured in one run.

    .venv/bin/python benchmarks/run.py          # or: make bench
    .venv/bin/python benchmarks/run.py --quick  # fewer repeats, for a smoke run

Each figure is the median of several runs. Targets are printed beside the
measurement; nothing here fails a build: speed is reported, not asserted.
"""

from __future__ import annotations

import argparse
import io
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import write_scaled_atlas  # noqa: E402


def median_seconds(action: Callable[[], object], *, repeats: int, warmup: int = 1) -> float:
    for _ in range(warmup):
        action()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def row(label: str, value: str, target: str = "") -> None:
    print(f"  {label:<46} {value:>14}   {target}")


def machine() -> None:
    cpu = platform.processor() or "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    import matplotlib
    import pandas

    print(f"Machine: {platform.node()} | {cpu} | {os.cpu_count()} cores | "
          f"{platform.system()} {platform.release()}")
    print(f"Python {platform.python_version()} | pandas {pandas.__version__} | "
          f"matplotlib {matplotlib.__version__}")


# --- imports -----------------------------------------------------------------

def _python_seconds(code: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)
    return time.perf_counter() - start


def bench_imports(repeats: int) -> None:
    print("\nImport (fresh interpreter each time)")
    base = statistics.median(_python_seconds("import pandas, matplotlib.pyplot")
                             for _ in range(repeats))
    ours = statistics.median(_python_seconds("import psoas_edu") for _ in range(repeats))
    row("import pandas, matplotlib.pyplot", f"{base * 1000:.0f} ms")
    row("import psoas_edu", f"{ours * 1000:.0f} ms")
    row("ratio psoas_edu / (pandas + pyplot)", f"{ours / base:.2f}x", "target <= 1.15x")


# --- data, diagrams, questions ------------------------------------------------

def bench_data(repeats: int) -> None:
    import psoas_edu

    print("\nData")
    seconds = median_seconds(psoas_edu.load_atlas, repeats=repeats)
    row("load + validate data/", f"{seconds * 1000:.1f} ms",
        f"target < 50 ms ({seconds / 0.050:.2f}x of target)")


def diagram_cases() -> dict[str, Callable[[], object]]:
    """Every kind of diagram the course draws, as zero-argument callables."""
    import matplotlib.pyplot as plt

    import psoas_edu

    atlas = psoas_edu.load_atlas()
    cases: dict[str, Callable[[], object]] = {}
    for name, draw in psoas_edu.diagram_gallery(atlas).items():
        def render(draw=draw):
            figure, ax = plt.subplots(figsize=(8, 8))
            draw(ax=ax)
            figure.savefig(io.BytesIO(), format="png", dpi=100)
            plt.close(figure)
        cases[name] = render
    return cases


def bench_diagrams(repeats: int) -> None:
    print("\nDiagrams (draw + render to PNG)")
    for name, render in diagram_cases().items():
        seconds = median_seconds(render, repeats=repeats)
        row(name, f"{seconds * 1000:.0f} ms", f"target < 150 ms ({seconds / 0.150:.2f}x)")


def thousand_questions(facts) -> int:
    """Generate questions over successive seeds until there are 1,000."""
    from psoas_edu.quiz.generate import generate_questions

    made, seed = 0, 0
    while made < 1000:
        made += len(generate_questions(facts, seed=seed))
        seed += 1
    return made


def bench_questions(repeats: int) -> None:
    import psoas_edu
    from psoas_edu.quiz.facts import quiz_facts

    print("\nQuestions")
    atlas = psoas_edu.load_atlas()
    # Indexing the facts is part of the cost a quiz pays once per atlas.
    seconds = median_seconds(lambda: thousand_questions(quiz_facts(atlas)), repeats=repeats)
    row("generate 1,000 questions (all templates)", f"{seconds * 1000:.0f} ms",
        f"target < 500 ms ({seconds / 0.5:.2f}x)")


# --- scaling -----------------------------------------------------------------

def course_pipeline(data_dir: Path) -> None:
    """What a notebook session does with the data: load, tables, a quiz."""
    import psoas_edu
    from psoas_edu.quiz.generate import build_quiz

    atlas = psoas_edu.load_atlas(data_dir)
    psoas_edu.movement_matrix(atlas, joint="hip")
    psoas_edu.synergists(atlas, "psoas major", "hip flexion")
    psoas_edu.antagonists(atlas, "psoas major", "hip flexion")
    build_quiz(atlas=atlas, n=20, seed=1, include_bank=False)


def bench_scaling(repeats: int) -> None:
    import psoas_edu

    print("\nScaling: load + validate + tables + a generated quiz, on a synthetic atlas")
    real = psoas_edu.default_data_dir()
    baseline = None
    with tempfile.TemporaryDirectory() as tmp:
        for factor in (1, 10, 100):
            folder = (real if factor == 1 else
                      write_scaled_atlas(real, Path(tmp) / f"x{factor}", factor))
            muscles = len(psoas_edu.load_atlas(folder).muscles)
            seconds = median_seconds(lambda folder=folder: course_pipeline(folder),
                                     repeats=repeats)
            per_muscle = seconds / muscles
            baseline = baseline or per_muscle
            row(f"{factor:>3}x atlas ({muscles} muscles)", f"{seconds * 1000:.0f} ms",
                f"{per_muscle * 1000:.2f} ms/muscle = {per_muscle / baseline:.2f}x of 1x "
                "(linear growth keeps this near 1x or below)")


# --- notebooks -----------------------------------------------------------------

FLOOR_SOURCE = "%matplotlib inline\nimport pandas, matplotlib.pyplot"


def _execute(notebook) -> None:
    from nbclient import NotebookClient

    # The kernel warns about TCP transport on every start; that noise is not a result.
    NotebookClient(notebook, timeout=600, kernel_name="python3",
                   extra_arguments=["--IPKernelApp.log_level=ERROR"],
                   resources={"metadata": {"path": str(ROOT / "notebooks")}}).execute()


def bench_notebooks(repeats: int) -> None:
    import nbformat

    print("\nNotebooks (fresh kernel each run)")
    floor_nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(FLOOR_SOURCE)])
    floor = median_seconds(lambda: _execute(nbformat.from_dict(floor_nb)),
                           repeats=repeats, warmup=0)
    row("floor: kernel importing pandas + matplotlib", f"{floor:.2f} s")
    paths = sorted((ROOT / "notebooks").glob("*.ipynb"))
    for path in paths:
        seconds = median_seconds(lambda path=path: _execute(nbformat.read(path, as_version=4)),
                                 repeats=repeats, warmup=0)
        row(path.stem, f"{seconds:.2f} s", f"{seconds / floor:.2f}x floor")

    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                    "notebooks"], cwd=ROOT, check=False, capture_output=True)
    suite = time.perf_counter() - start
    row(f"strict nbval suite ({len(paths)} notebooks)", f"{suite:.1f} s",
        f"{suite / (len(paths) * floor):.2f}x of N x floor (target <= 1.3x)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats")
    parser.add_argument("--skip-notebooks", action="store_true")
    args = parser.parse_args()
    fast, slow = (3, 1) if args.quick else (7, 3)
    os.environ.setdefault("JUPYTER_PLATFORM_DIRS", "1")

    machine()
    bench_imports(fast)
    bench_data(fast)
    bench_diagrams(fast)
    bench_questions(fast)
    bench_scaling(slow)
    if not args.skip_notebooks:
        bench_notebooks(slow)


if __name__ == "__main__":
    main()
