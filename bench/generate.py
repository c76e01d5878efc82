"""Generates a large synthetic content folder from the real one, for scale benchmarks.

The words, names and structure come from data/, shuffled with a fixed seed, so the
generated pages look like real ones to the builder and to search (same vocabulary,
same page shape) while the count is whatever the benchmark needs.
"""

from __future__ import annotations

import random
import re
import shutil
from pathlib import Path

import yaml

FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n(.*)\Z", re.S)
# libyaml where PyYAML has it: the pure-Python dumper took most of a 50,000-topic run.
LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
DUMPER: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def generate(real: Path, out: Path, count: int, seed: int = 7) -> Path:
    """Write count topics into out/ (a content folder like data/) and return it."""
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    (out / "topics").mkdir(parents=True)
    for name in (
        "content.yaml",
        "categories.yaml",
        "attributes.yaml",
        "references.yaml",
        "conditions.yaml",
        "synonyms.yaml",
    ):
        shutil.copy(real / name, out / name)
    for folder in ("references", "conditions"):
        if (real / folder).is_dir():
            shutil.copytree(real / folder, out / folder)
    seeds = []
    for path in sorted((real / "topics").glob("*.md")):
        match = FRONT_MATTER.match(path.read_text(encoding="utf-8"))
        assert match, path
        seeds.append((yaml.load(match.group(1), Loader=LOADER), match.group(2)))
    vocabulary = sorted({w for _, body in seeds for w in re.findall(r"[a-z]{4,}", body)})
    for i in range(count):
        meta, body = seeds[i % len(seeds)]
        meta = dict(meta)
        topic_id = f"{meta['id']}-{i}"
        extra = " ".join(rng.choice(vocabulary) for _ in range(3))
        meta.update(
            id=topic_id,
            title=f"{meta['title']} {extra} {i}",
            abbreviations=[],
            aliases=[f"{extra} variant {i}"],
            related=[],
        )
        paragraphs = body.strip().split("\n\n")
        rng.shuffle(paragraphs)
        front = yaml.dump(meta, Dumper=DUMPER, sort_keys=False, allow_unicode=True)
        text = "---\n" + front + "---\n"
        (out / "topics" / f"{topic_id}.md").write_text(
            text + "\n\n".join(paragraphs), encoding="utf-8"
        )
    return out
