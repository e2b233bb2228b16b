"""Golden values for test/preprocessing: a line-by-line reimplementation of Keras'
keras/src/legacy/preprocessing/text.py (Tokenizer, text_to_word_sequence, hashing_trick) and
keras/src/utils/sequence_utils.py (pad_sequences) / numerical_utils.py (to_categorical),
run on numpy only (Keras/TensorFlow are not installed here).

One deliberate change: Keras counts documents with `for w in set(seq)`, whose iteration order is
salted per process, so its word_docs/index_docs JSON key order is not reproducible. Here
`dict.fromkeys(seq)` (first-seen order) is used; the counts are identical.

Run: python3 fixtures-src/preprocessing/keras_text_reference.py > test/fixtures/preprocessing/keras-text.json
"""
import collections
import hashlib
import json

import numpy as np

FILTERS = '!"#$%&()*+,-./:;<=>?@[\\]^_`{|}~\t\n'


def text_to_word_sequence(input_text, filters=FILTERS, lower=True, split=" "):
    if lower:
        input_text = input_text.lower()
    translate_map = str.maketrans({c: split for c in filters})
    input_text = input_text.translate(translate_map)
    return [i for i in input_text.split(split) if i]


def hashing_trick_md5(text, n, **kw):
    seq = text_to_word_sequence(text, **kw)
    return [int(hashlib.md5(w.encode()).hexdigest(), 16) % (n - 1) + 1 for w in seq]


class Tokenizer:
    def __init__(self, num_words=None, filters=FILTERS, lower=True, split=" ", char_level=False, oov_token=None):
        self.word_counts = collections.OrderedDict()
        self.word_docs = collections.defaultdict(int)
        self.filters, self.split, self.lower = filters, split, lower
        self.num_words, self.document_count = num_words, 0
        self.char_level, self.oov_token = char_level, oov_token
        self.index_docs = collections.defaultdict(int)
        self.word_index, self.index_word = {}, {}

    def _seq(self, text):
        if self.char_level or isinstance(text, list):
            if self.lower:
                text = [t.lower() for t in text] if isinstance(text, list) else text.lower()
            return text
        return text_to_word_sequence(text, self.filters, self.lower, self.split)

    def fit_on_texts(self, texts):
        for text in texts:
            self.document_count += 1
            seq = self._seq(text)
            for w in seq:
                self.word_counts[w] = self.word_counts.get(w, 0) + 1
            for w in dict.fromkeys(seq):  # Keras: set(seq)
                self.word_docs[w] += 1
        wcounts = list(self.word_counts.items())
        wcounts.sort(key=lambda x: x[1], reverse=True)
        sorted_voc = [] if self.oov_token is None else [self.oov_token]
        sorted_voc.extend(wc[0] for wc in wcounts)
        self.word_index = dict(zip(sorted_voc, list(range(1, len(sorted_voc) + 1))))
        self.index_word = {c: w for w, c in self.word_index.items()}
        for w, c in list(self.word_docs.items()):
            self.index_docs[self.word_index[w]] = c

    def fit_on_sequences(self, sequences):
        self.document_count += len(sequences)
        for seq in sequences:
            for i in set(seq):
                self.index_docs[i] += 1

    def texts_to_sequences(self, texts):
        num_words = self.num_words
        oov = self.word_index.get(self.oov_token)
        out = []
        for text in texts:
            vect = []
            for w in self._seq(text):
                i = self.word_index.get(w)
                if i is not None:
                    if num_words and i >= num_words:
                        if oov is not None:
                            vect.append(oov)
                    else:
                        vect.append(i)
                elif self.oov_token is not None:
                    vect.append(oov)
            out.append(vect)
        return out

    def sequences_to_texts(self, sequences):
        num_words = self.num_words
        oov = self.word_index.get(self.oov_token)
        out = []
        for seq in sequences:
            vect = []
            for num in seq:
                word = self.index_word.get(num)
                if word is not None:
                    if num_words and num >= num_words:
                        if oov is not None:
                            vect.append(self.index_word[oov])
                    else:
                        vect.append(word)
                elif self.oov_token is not None:
                    vect.append(self.index_word[oov])
            out.append(" ".join(vect))
        return out

    def sequences_to_matrix(self, sequences, mode="binary"):
        num_words = self.num_words or len(self.word_index) + 1
        x = np.zeros((len(sequences), num_words))
        for i, seq in enumerate(sequences):
            if not seq:
                continue
            counts = collections.defaultdict(int)
            for j in seq:
                if j >= num_words:
                    continue
                counts[j] += 1
            for j, c in list(counts.items()):
                if mode == "count":
                    x[i][j] = c
                elif mode == "freq":
                    x[i][j] = c / len(seq)
                elif mode == "binary":
                    x[i][j] = 1
                elif mode == "tfidf":
                    tf = 1 + np.log(c)
                    idf = np.log(1 + self.document_count / (1 + self.index_docs.get(j, 0)))
                    x[i][j] = tf * idf
        return x

    def to_json(self):
        config = {
            "num_words": self.num_words, "filters": self.filters, "lower": self.lower,
            "split": self.split, "char_level": self.char_level, "oov_token": self.oov_token,
            "document_count": self.document_count,
            "word_counts": json.dumps(self.word_counts), "word_docs": json.dumps(self.word_docs),
            "index_docs": json.dumps(self.index_docs), "index_word": json.dumps(self.index_word),
            "word_index": json.dumps(self.word_index),
        }
        return json.dumps({"class_name": "Tokenizer", "config": config})


def pad_sequences(sequences, maxlen=None, dtype="int32", padding="pre", truncating="pre", value=0.0):
    lengths = [len(x) for x in sequences]
    sample_shape = ()
    for x in sequences:
        if len(x):
            sample_shape = np.asarray(x).shape[1:]
            break
    if maxlen is None:
        maxlen = np.max(lengths)
    x = np.full((len(sequences), maxlen) + sample_shape, value, dtype=dtype)
    for idx, s in enumerate(sequences):
        if not len(s):
            continue
        trunc = s[-maxlen:] if truncating == "pre" else s[:maxlen]
        trunc = np.asarray(trunc, dtype=dtype)
        if padding == "post":
            x[idx, : len(trunc)] = trunc
        else:
            x[idx, -len(trunc):] = trunc
    return x


def to_categorical(x, num_classes=None):
    x = np.array(x, dtype="int64")
    input_shape = x.shape
    if input_shape and input_shape[-1] == 1 and len(input_shape) > 1:
        input_shape = tuple(input_shape[:-1])
    x = x.reshape(-1)
    if not num_classes:
        num_classes = np.max(x) + 1
    categorical = np.zeros((x.shape[0], num_classes))
    categorical[np.arange(x.shape[0]), x] = 1
    return np.reshape(categorical, input_shape + (num_classes,))


CORPUS = [
    "The cat sat on the mat.",
    "The dog ate my homework!",
    "The dog and the cat: friends? Not really... the END",
    "아 더빙.. 진짜 짜증나네요 목소리",
    "흠...포스터보고 초딩영화줄....오버연기조차 가볍지 않구나",
    "재미있을 줄 알았는데 완전 실망했다. 너무 졸리고 돈이 아까웠다. 진짜 진짜",
    "emoji 😀 test 😀😀 ok 👍🏽 tab\there new\nline",
    "",
    "2009 2009 1 constructor __proto__ toString",
]
TEST_TEXTS = ["the cat and the unknown beast", "진짜 재미없는 영화 😀", "", "toString 2009 dog dog dog"]


def tokenizer_case(name, **kw):
    tok = Tokenizer(**kw)
    tok.fit_on_texts(CORPUS)
    seqs = tok.texts_to_sequences(TEST_TEXTS)
    train_seqs = tok.texts_to_sequences(CORPUS)
    return {
        "name": name, "options": kw,
        "word_index": list(tok.word_index.items()),
        "word_counts": list(tok.word_counts.items()),
        "word_docs": list(tok.word_docs.items()),
        "document_count": tok.document_count,
        "train_sequences": train_seqs,
        "test_sequences": seqs,
        "sequences_to_texts": tok.sequences_to_texts(seqs + [[0, 1, 2, 3, 999]]),
        "matrices": {m: tok.sequences_to_matrix(seqs, m).astype(np.float32).tolist() for m in ["binary", "count", "freq", "tfidf"]},
        "to_json": tok.to_json(),
    }


def main():
    out = {}
    out["text_to_word_sequence"] = [[t, text_to_word_sequence(t)] for t in CORPUS]
    out["text_to_word_sequence_custom"] = [[t, text_to_word_sequence(t, filters=".,!?", lower=False, split="|")] for t in ["A|b.c,,D|😀?x", "||", "가나|다.라"]]
    out["md5_hashing"] = [[t, n, hashing_trick_md5(t, n)] for t in CORPUS[:7] for n in [2, 10, 1000]]
    out["tokenizers"] = [
        tokenizer_case("default"),
        tokenizer_case("num_words_5", num_words=5),
        tokenizer_case("oov", num_words=8, oov_token="<OOV>"),
        tokenizer_case("char_level", char_level=True),
        tokenizer_case("char_level_upper_oov", char_level=True, lower=False, oov_token="?", num_words=12),
        tokenizer_case("oov_in_text", oov_token="dog"),
    ]
    # fit_on_sequences then tfidf
    tok = Tokenizer(num_words=6)
    tok.fit_on_sequences([[1, 2, 2, 3], [3, 4], [5, 5, 5]])
    out["fit_on_sequences"] = {
        "document_count": tok.document_count,
        "tfidf": tok.sequences_to_matrix([[1, 2, 2, 3], [3, 4, 9], []], "tfidf").astype(np.float32).tolist(),
        "freq": tok.sequences_to_matrix([[1, 2, 2, 3], [3, 4, 9], []], "freq").astype(np.float32).tolist(),
    }
    seqs = [[1, 2, 3], [4, 5, 6, 7, 8], [], [9]]
    pads = []
    for maxlen in [None, 2, 4, 6]:
        for padding in ["pre", "post"]:
            for truncating in ["pre", "post"]:
                pads.append({"maxlen": maxlen, "padding": padding, "truncating": truncating, "value": 0,
                             "result": pad_sequences(seqs, maxlen, padding=padding, truncating=truncating).tolist()})
    pads.append({"maxlen": 3, "padding": "pre", "truncating": "pre", "value": -1.5, "dtype": "float32",
                 "input": [[0.5, 1.25], [2.5, -3.75, 4.0, 5.5]],
                 "result": pad_sequences([[0.5, 1.25], [2.5, -3.75, 4.0, 5.5]], 3, dtype="float32", value=-1.5).tolist()})
    pads.append({"maxlen": 3, "padding": "post", "truncating": "pre", "value": 7.9, "dtype": "int32",
                 "input": [[1.9, -2.9], [3.5, 4.5, 5.5, 6.5]],
                 "result": pad_sequences([[1.9, -2.9], [3.5, 4.5, 5.5, 6.5]], 3, padding="post", value=7.9).tolist()})
    vec_input = [[[1, 2], [3, 4], [5, 6]], [], [[7, 8]]]
    pads.append({"maxlen": 2, "padding": "post", "truncating": "pre", "value": 0, "input": vec_input,
                 "result": pad_sequences(vec_input, 2, padding="post").tolist()})
    pads.append({"maxlen": 0, "padding": "pre", "truncating": "post", "value": 0, "input": [[1, 2], []],
                 "result": pad_sequences([[1, 2], []], 0, truncating="post").tolist(), "shape": [2, 0]})
    out["pad_sequences"] = pads
    out["to_categorical"] = [
        {"labels": [0, 2, 1, 2], "num_classes": None, "result": to_categorical([0, 2, 1, 2]).tolist()},
        {"labels": [[1], [0], [3]], "num_classes": 5, "result": to_categorical([[1], [0], [3]], 5).tolist()},
        {"labels": [[1, 0], [2, 2]], "num_classes": 3, "result": to_categorical([[1, 0], [2, 2]], 3).tolist()},
    ]
    print(json.dumps(out, ensure_ascii=False))


main()
