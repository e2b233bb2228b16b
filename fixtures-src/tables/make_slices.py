"""Small table slices for the user-program tests (test/user-programs/), from the shared data
(SUNHWAN_DATA, default /work/shared/data). Deterministic (seeded); run with any Python 3:

    python3 fixtures-src/tables/make_slices.py

korean_authors.tsv  600 sentences from novels of three authors (KoCoNovel, CC BY-SA 4.0), label = author
hourly_load.csv     ETTh1 rows 0-1199 with NA injected (3% of values, 'NA' or empty) and a category 'shift'
                    derived from the hour (night 0-7, day 8-15, evening 16-23)
reviews_folds.csv   400 short IMDB train reviews (200 pos, 200 neg), RFC 4180 quoting, fold 0-4 (stratified)
"""
import csv
import gzip
import io
import os
import random
import re

data = os.environ.get("SUNHWAN_DATA", "/work/shared/data")
out = os.path.join(os.path.dirname(__file__), "../../test/fixtures/tables")
rng = random.Random(16)

# --- Korean: sentences by author --------------------------------------------------------------
novels = list(csv.DictReader(open(os.path.join(data, "korean_novels/novels.tsv"), encoding="utf-8"), delimiter="\t"))
corpus = gzip.open(os.path.join(data, "korean_novels/corpus.txt.gz"), "rt", encoding="utf-8").read()
texts = corpus.rstrip("\n").split("\n\n")
assert len(texts) == len(novels) == 50, (len(texts), len(novels))
authors = {"Kim Dongin": "김동인", "Hyeon Jingeon": "현진건", "Kim Yujeong": "김유정"}
rows = []
for author_en, author_ko in authors.items():
    sentences = []
    for novel, text in zip(novels, texts):
        if novel["author"] != author_en:
            continue
        for s in re.split(r"(?<=[.?!])\s+", text.replace("\n", " ")):
            s = s.strip()
            if 15 <= len(s) <= 120 and "\t" not in s:
                sentences.append(s)
    rng.shuffle(sentences)
    rows += [(s, author_ko) for s in sentences[:200]]
rng.shuffle(rows)
with open(os.path.join(out, "korean_authors.tsv"), "w", encoding="utf-8", newline="") as fh:
    fh.write("id\ttext\tauthor\n")
    for i, (s, a) in enumerate(rows):
        fh.write(f"{i + 1}\t{s}\t{a}\n")

# --- Hourly multivariate CSV with NA and a category -------------------------------------------
lines = gzip.open(os.path.join(data, "ett_small/ETTh1.csv.gz"), "rt", encoding="utf-8").read().splitlines()
header = lines[0].split(",")
with open(os.path.join(out, "hourly_load.csv"), "w", encoding="utf-8", newline="") as fh:
    fh.write(",".join(header[:1] + ["shift"] + header[1:]) + "\n")
    for line in lines[1:1201]:
        fields = line.split(",")
        hour = int(fields[0][11:13])
        shift = "night" if hour < 8 else "day" if hour < 16 else "evening"
        values = [f"{float(v):.3f}" for v in fields[1:]]
        for k in range(len(values)):
            if rng.random() < 0.03:
                values[k] = rng.choice(["NA", ""])
        if rng.random() < 0.01:
            shift = "NA"
        fh.write(",".join([fields[0], shift] + values) + "\n")

# --- English reviews with folds ----------------------------------------------------------------
def unescape(s):
    return re.sub(r"\\([\\tnr])", lambda m: {"\\": "\\", "t": "\t", "n": "\n", "r": "\r"}[m.group(1)], s)

reviews = {0: [], 1: []}
with gzip.open(os.path.join(data, "imdb/train.tsv.gz"), "rt", encoding="utf-8") as fh:
    next(fh)
    for line in fh:
        label, text = line.rstrip("\n").split("\t", 1)
        text = unescape(text)
        if len(text) <= 600:
            reviews[int(label)].append(text)
chosen = []
for label in (0, 1):
    picked = rng.sample(reviews[label], 200)
    folds = [i % 5 for i in range(200)]
    rng.shuffle(folds)
    chosen += [(t, "pos" if label else "neg", f) for t, f in zip(picked, folds)]
rng.shuffle(chosen)
with open(os.path.join(out, "reviews_folds.csv"), "w", encoding="utf-8", newline="") as fh:
    w = csv.writer(fh, lineterminator="\n")
    w.writerow(["review", "sentiment", "fold"])
    w.writerows(chosen)
for name in sorted(os.listdir(out)):
    print(name, os.path.getsize(os.path.join(out, name)), "bytes")
