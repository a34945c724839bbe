"""Cross-validate intent recognition per language: how well one model serves English and Swedish.

``rasa test nlu --cross-validation`` reports all examples together. Here each fold holds out
every k-th example of each intent *in each language* (English in data/nlu/*.yml, Swedish in
data/nlu/sv/; data/nlu/language.yml mixes both, so each of its examples goes by the offline
detector, and the ones it is unsure of are only trained on), trains one model on the rest of
both languages with the project's config.yml (its whole pipeline: the gazetteer, the
vocabulary guard, the fallback), and tests each language's held-out part on its own.

    .venv/bin/python scripts/nlu_by_language.py [--folds 3] [--out results/nlu-by-language]

About 3 to 5 minutes per fold on 2 cores. Prints accuracy and weighted F1 per language and fold,
and their means, and writes them to ``<out>/summary.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

PROJECT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_DIR))

from nlu.language import languages  # noqa: E402

RASA = PROJECT_DIR / ".venv" / "bin" / "rasa"


def examples_of(entry: dict[str, Any]) -> list[str]:
    """The example lines of one ``intent:`` entry, without their ``- `` marker."""
    return [line.strip()[2:] for line in str(entry.get("examples", "")).splitlines() if line.strip().startswith("- ")]


def read_training_data() -> tuple[dict[tuple[str, str], list[str]], list[str], list[dict[str, Any]]]:
    """Examples by (language, intent), those no language can be told for, and the other entries."""
    by_language: dict[tuple[str, str], list[str]] = {}
    unsure: list[tuple[str, str]] = []
    others: list[dict[str, Any]] = []
    detector = languages()
    for path in sorted((PROJECT_DIR / "data" / "nlu").rglob("*.yml")):
        fixed = "sv" if path.parent.name == "sv" else ("en" if path.name != "language.yml" else None)
        for entry in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu") or []:
            if "intent" not in entry:
                others.append(entry)
                continue
            for example in examples_of(entry):
                language = fixed or detector.detect(example)
                if language is None:
                    unsure.append((entry["intent"], example))
                else:
                    by_language.setdefault((language, entry["intent"]), []).append(example)
    return by_language, [f"{intent}\t{text}" for intent, text in unsure], others


def nlu_file(path: Path, examples: dict[str, list[str]], others: list[dict[str, Any]]) -> None:
    """Write Rasa NLU training data: one entry per intent, plus lookups, synonyms and regexes."""
    entries: list[dict[str, Any]] = [
        {"intent": intent, "examples": "".join(f"- {text}\n" for text in texts)}
        for intent, texts in sorted(examples.items())
        if texts
    ]
    path.write_text(yaml.safe_dump({"version": "3.1", "nlu": entries + others}, allow_unicode=True, sort_keys=False))


def run(*command: str) -> None:
    """Run a rasa command in the project, quietly (its report files hold the figures)."""
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "2", "RASA_TELEMETRY_ENABLED": "false"}
    subprocess.run(command, cwd=PROJECT_DIR, check=True, env=env, stdout=subprocess.DEVNULL)


def fold(
    k: int, folds: int, out: Path, data: dict[tuple[str, str], list[str]], unsure: list[str], others: list
) -> dict:
    """Train on all but the k-th of every ``folds`` examples per intent and language; test each language."""
    directory = out / f"fold-{k}"
    directory.mkdir(parents=True, exist_ok=True)
    train: dict[str, list[str]] = {}
    held_out: dict[str, dict[str, list[str]]] = {}
    for (language, intent), texts in data.items():
        for i, text in enumerate(texts):
            target = held_out.setdefault(language, {}).setdefault(intent, []) if i % folds == k else None
            (target if target is not None else train.setdefault(intent, [])).append(text)
    for line in unsure:
        intent, text = line.split("\t", 1)
        train.setdefault(intent, []).append(text)
    nlu_file(directory / "train.yml", train, others)
    model = directory / "model"
    run(
        str(RASA),
        "train",
        "nlu",
        "--config",
        "config.yml",
        "--nlu",
        str(directory / "train.yml"),
        "--out",
        str(model),
        "--fixed-model-name",
        "fold",
    )
    figures = {}
    for language, examples in sorted(held_out.items()):
        nlu_file(directory / f"test_{language}.yml", examples, [])
        report_dir = directory / f"report_{language}"
        run(
            str(RASA),
            "test",
            "nlu",
            "--model",
            str(model / "fold.tar.gz"),
            "--nlu",
            str(directory / f"test_{language}.yml"),
            "--out",
            str(report_dir),
        )
        report = json.loads((report_dir / "intent_report.json").read_text())
        figures[language] = {
            "examples": sum(len(v) for v in examples.values()),
            "accuracy": round(report["accuracy"], 3),
            "f1_weighted": round(report["weighted avg"]["f1-score"], 3),
        }
        print(f"fold {k + 1}/{folds} {language}: {figures[language]}", flush=True)
    return figures


def main() -> int:
    """Run every fold, print the figures, write the summary."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=3)
    parser.add_argument("--out", type=Path, default=PROJECT_DIR / "results" / "nlu-by-language")
    args = parser.parse_args()
    data, unsure, others = read_training_data()
    runs = [fold(k, args.folds, args.out, data, unsure, others) for k in range(args.folds)]
    summary: dict[str, Any] = {"folds": args.folds, "runs": runs, "mean": {}}
    for language in sorted(runs[0]):
        accuracy = [r[language]["accuracy"] for r in runs]
        f1 = [r[language]["f1_weighted"] for r in runs]
        summary["mean"][language] = {
            "examples": sum(r[language]["examples"] for r in runs),
            "accuracy": round(statistics.mean(accuracy), 3),
            "accuracy_range": [min(accuracy), max(accuracy)],
            "f1_weighted": round(statistics.mean(f1), 3),
            "f1_range": [min(f1), max(f1)],
        }
        print(f"{language}: {summary['mean'][language]}")
    (args.out / "summary.json").write_text(json.dumps(summary, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
