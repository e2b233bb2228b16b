"""Small stand-ins for the downloads of test/datasets/downloads.test.ts (served from 127.0.0.1).

- reuters-p2.npz / reuters-p4.npz: Keras' reuters.npz layout (x: object array of ragged word-rank
  lists, y: int64 labels), the object array pickled with protocol 2 (as the original file) and 4.
- reuters-expected.json: the arrays as plain JSON, what the TypeScript reader must return.
- reuters-evil.npz: an x.npy whose pickle would call os.system: the reader must refuse it.
- reuters_word_index.json: a small word -> rank map.
- reuters-keras.json: what Keras 3's own reuters.load_data returns for reuters-p2.npz (its get_file
  pointed at the fixture), with the defaults and with num_words=100, maxlen=30.
- novel-1.jsonl … novel-3.jsonl: KoCoNovel text.jsonl chunks ({"doc_id", "text"} per line), and
  novels-expected.txt: the corpus of 50 novels where novel i is novel-(i % 3 + 1), joined as
  korean_novels/README.md says (chunks by "\n", novels by "\n\n", a final "\n").

Run: /work/venv/bin/python fixtures-src/datasets/make_download_fixtures.py
"""

import io
import json
import os
import pickle
import re
import zipfile

import numpy as np

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "test", "fixtures", "datasets")


def npy_bytes(array, protocol):
    if array.dtype != object:
        buffer = io.BytesIO()
        np.lib.format.write_array(buffer, array)
        return buffer.getvalue()
    # numpy 2 always pickles with protocol 4; older numpy (and the Python 2 era Keras file) wrote 2
    header = io.BytesIO()
    np.lib.format.write_array_header_1_0(header, np.lib.format.header_data_from_array_1_0(array))
    stream = pickle.dumps(array, protocol=protocol)
    if protocol == 2:
        stream = as_python2_pickle(stream)
    return header.getvalue() + stream


def as_python2_pickle(stream):
    """What Python 2's numpy wrote (Keras' file): bytes as a SHORT_BINSTRING instead of Python 3's
    _codecs.encode(str, 'latin1') call, and numpy.core rather than numpy._core."""
    codecs_call = re.compile(rb"c_codecs\nencode\nq.X\x01\x00\x00\x00(.)q.X\x06\x00\x00\x00latin1q.\x86q.R", re.S)
    stream, n = codecs_call.subn(lambda m: b"U\x01" + m.group(1), stream)
    assert n == 1 and b"BINGET" not in stream, "unexpected protocol-2 layout"
    return stream.replace(b"cnumpy._core.multiarray\n", b"cnumpy.core.multiarray\n")


def write_npz(name, members):
    # fixed timestamps: the same bytes on every run
    with zipfile.ZipFile(os.path.join(OUT, name), "w", zipfile.ZIP_DEFLATED) as archive:
        for member, data in members.items():
            info = zipfile.ZipInfo(member, date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)


def main():
    os.makedirs(OUT, exist_ok=True)
    rng = np.random.RandomState(7)
    # 300 wires: past 256 memo entries, so protocol 2 uses LONG_BINPUT as the 11,228-wire file does
    rows = [[int(w) for w in rng.randint(1, 30000 if i % 5 == 0 else 300, size=rng.randint(3, 12))] for i in range(300)]
    rows[3] = [1]  # a one-word wire
    rows[4] = [70000, 65535, 256, 255, 1]  # ranks of every integer opcode size
    x = np.empty(len(rows), dtype=object)
    for i, r in enumerate(rows):
        x[i] = r  # lists, as Keras' file holds them
    y = np.array([int(v) for v in rng.randint(0, 46, size=len(rows))], dtype=np.int64)
    for protocol in (2, 4):
        write_npz(f"reuters-p{protocol}.npz", {"x.npy": npy_bytes(x, protocol), "y.npy": npy_bytes(y, protocol)})
    with open(os.path.join(OUT, "reuters-expected.json"), "w") as f:
        json.dump({"x": rows, "y": y.tolist()}, f)

    class Evil:
        def __reduce__(self):
            return (os.system, ("echo this must never run",))

    header = io.BytesIO()
    np.lib.format.write_array_header_1_0(header, {"descr": "|O", "fortran_order": False, "shape": (1,)})
    evil = header.getvalue() + pickle.dumps(Evil(), protocol=2)
    write_npz("reuters-evil.npz", {"x.npy": evil, "y.npy": npy_bytes(y[:1], 2)})

    words = ["the", "of", "to", "said", "and", "a", "mln", "3", "for", "vs"]
    with open(os.path.join(OUT, "reuters_word_index.json"), "w") as f:
        json.dump({w: i + 1 for i, w in enumerate(words)}, f)

    novels = [
        ["C 여학교에서 교원 겸 기숙사 사감 노릇을 하는 B 여사라면\n유명하다.", "\"저를 부르셨어요?\"\n하고 묻는다."],
        ["봄 봄", "장인님! 인제 저……"],
        ["한 줄"],
    ]
    for n, chunks in enumerate(novels, start=1):
        with open(os.path.join(OUT, f"novel-{n}.jsonl"), "w", encoding="utf-8") as f:
            for k, text in enumerate(chunks):
                f.write(json.dumps({"doc_id": f"{n}_{k}", "text": text}, ensure_ascii=False) + "\n")


def keras_golden():
    os.environ.setdefault("KERAS_BACKEND", "jax")
    from keras.src.datasets import reuters

    fixture = os.path.abspath(os.path.join(OUT, "reuters-p2.npz"))
    reuters.get_file = lambda *args, **kwargs: fixture
    golden = {}
    for name, kwargs in {"default": {}, "capped": {"num_words": 100, "maxlen": 30}}.items():
        (x_train, y_train), (x_test, y_test) = reuters.load_data(**kwargs)
        golden[name] = {
            "x_train": [list(map(int, r)) for r in x_train],
            "y_train": y_train.tolist(),
            "x_test": [list(map(int, r)) for r in x_test],
            "y_test": y_test.tolist(),
        }
    with open(os.path.join(OUT, "reuters-keras.json"), "w") as f:
        json.dump(golden, f)


def novels_golden():
    texts = []
    for n in range(1, 4):
        with open(os.path.join(OUT, f"novel-{n}.jsonl"), encoding="utf-8") as f:
            texts.append("\n".join(json.loads(line)["text"] for line in f if line.strip()))
    corpus = "\n\n".join(texts[i % 3] for i in range(50)) + "\n"
    with open(os.path.join(OUT, "novels-expected.txt"), "w", encoding="utf-8", newline="") as f:
        f.write(corpus)


if __name__ == "__main__":
    main()
    keras_golden()
    novels_golden()
