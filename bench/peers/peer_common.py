# Shared by the Python children of the peer benchmark (torch_child.py, keras_child.py):
# the line protocol of child.ts and the case file of dump.ts (batch, sunhwan's initial
# weights in Keras layout, sunhwan's predict output).
import json
import sys
import time

import numpy as np

# a burst stops early once its runs took this long (child.ts BURST_LIMIT_MS)
BURST_LIMIT_S = 2.0


def reply(message):
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def peak_rss_mb():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def read_case_file(path):
    """{"x", "y", "output", "weights": [arrays in Keras order]} as numpy arrays."""
    with open(path + ".json") as f:
        header = json.load(f)
    with open(path + ".bin", "rb") as f:
        blob = f.read()

    def read(name):
        entry = header["arrays"][name]
        count = int(np.prod(entry["shape"]))
        dtype = np.int32 if entry["dtype"] == "int32" else np.float32
        return np.frombuffer(blob, dtype=dtype, count=count, offset=entry["offset"]).reshape(entry["shape"]).copy()

    return {
        "x": read("x"),
        "y": read("y"),
        "output": read("output"),
        "weights": [read(f"w{i}") for i in range(header["weights"])],
    }


def max_abs_diff(a, b):
    a = np.asarray(a, dtype=np.float64).reshape(-1)
    b = np.asarray(b, dtype=np.float64).reshape(-1)
    if a.shape != b.shape:
        return float("inf")
    d = np.abs(a - b)
    return float("inf") if not np.all(np.isfinite(d)) else float(d.max())


def serve(label, train, predict, check=None):
    """Announces readiness, then answers train / predict / mem / quit commands on stdin."""
    reply({"ready": True, "label": label, "check": check})
    for line in sys.stdin:
        words = line.split()
        command = words[0] if words else ""
        count = int(words[1]) if len(words) > 1 else 1
        if command == "quit":
            break
        try:
            if command in ("train", "predict"):
                run = train if command == "train" else predict
                start = time.perf_counter()
                runs = 0
                while True:
                    run()
                    runs += 1
                    if runs >= count or time.perf_counter() - start >= BURST_LIMIT_S:
                        break
                reply({"ms": (time.perf_counter() - start) * 1000 / runs, "runs": runs})
            elif command == "mem":
                reply({"hwmMB": peak_rss_mb()})
            else:
                reply({"error": f"unknown command {command}"})
        except Exception as error:  # reported to the orchestrator, not fatal
            reply({"error": str(error)[:200]})
