# PyTorch child of the peer benchmark: /usr/bin/python3 bench/peers/torch_child.py <workload> <threads>
# Speaks the protocol of child.ts (one command per stdin line, one JSON line back).
# <threads> goes to torch.set_num_threads; the OpenBLAS pool is set by the orchestrator
# through OPENBLAS_NUM_THREADS (set_num_threads does not reach it).
import json
import os
import sys
import time


def reply(message):
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def peak_rss_mb():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


try:
    import torch
    from torch import nn
except ImportError as error:
    reply({"unavailable": f"PyTorch not installed ({error})"})
    sys.exit(0)

BATCH = 128


class LastStep(nn.Module):
    """Runs a batch-first torch RNN and keeps the last output, like Keras return_sequences=False."""

    def __init__(self, rnn):
        super().__init__()
        self.rnn = rnn

    def forward(self, x):
        out, _ = self.rnn(x)
        return out[:, -1, :]


class ChannelsFirst(nn.Module):
    """[B, T, C] -> [B, C, T] for torch's Conv1d (Keras is channels-last)."""

    def forward(self, x):
        return x.transpose(1, 2)


class GlobalMax(nn.Module):
    def forward(self, x):
        return x.amax(dim=2)


ACTIVATIONS = {"sigmoid": nn.Sigmoid, "relu": nn.ReLU, "softmax": lambda: nn.Softmax(dim=-1), "linear": nn.Identity}


def build(workload):
    width = 1 if workload["input"]["kind"] == "tokens" else workload["input"]["features"]
    channels_first = False
    modules = []
    for spec in workload["layers"]:
        kind = spec["type"]
        if kind == "embedding":
            modules.append(nn.Embedding(spec["inputDim"], spec["outputDim"]))
            width = spec["outputDim"]
        elif kind in ("lstm", "gru", "simple_rnn", "bidirectional_lstm"):
            cls = {"lstm": nn.LSTM, "gru": nn.GRU, "simple_rnn": nn.RNN, "bidirectional_lstm": nn.LSTM}[kind]
            bidirectional = kind == "bidirectional_lstm"
            modules.append(LastStep(cls(width, spec["units"], batch_first=True, bidirectional=bidirectional)))
            width = spec["units"] * (2 if bidirectional else 1)
        elif kind == "conv1d":
            if not channels_first:
                modules.append(ChannelsFirst())
                channels_first = True
            modules.append(nn.Conv1d(width, spec["filters"], spec["kernelSize"]))
            modules.append(ACTIVATIONS[spec["activation"]]())
            width = spec["filters"]
        elif kind == "max_pooling1d":
            modules.append(nn.MaxPool1d(spec["poolSize"]))
        elif kind == "global_max_pooling1d":
            modules.append(GlobalMax())
        elif kind == "dense":
            modules.append(nn.Linear(width, spec["units"]))
            modules.append(ACTIVATIONS[spec["activation"]]())
            width = spec["units"]
    return nn.Sequential(*modules)


def loss_function(name):
    if name == "binary_crossentropy":
        return nn.BCELoss()
    if name == "mae":
        return nn.L1Loss()
    # categorical cross-entropy on softmax probabilities, as Keras computes it
    return lambda p, y: -(y * torch.log(p.clamp(1e-7, 1 - 1e-7))).sum(dim=1).mean()


def random_batch(workload):
    generator = torch.Generator().manual_seed(1)
    spec = workload["input"]
    steps = spec["steps"]
    if spec["kind"] == "tokens":
        x = torch.randint(0, spec["vocab"], (BATCH, steps), generator=generator)
    elif spec["kind"] == "float":
        x = torch.rand((BATCH, steps, spec["features"]), generator=generator) * 2 - 1
    else:
        ids = torch.randint(0, spec["features"], (BATCH, steps), generator=generator)
        x = nn.functional.one_hot(ids, spec["features"]).float()
    units = workload["layers"][-1]["units"]
    if workload["loss"] == "binary_crossentropy":
        y = torch.randint(0, 2, (BATCH, units), generator=generator).float()
    elif workload["loss"] == "categorical_crossentropy":
        y = nn.functional.one_hot(torch.randint(0, units, (BATCH,), generator=generator), units).float()
    else:
        y = torch.rand((BATCH, units), generator=generator) * 2 - 1
    return x, y


def main():
    workload_id = sys.argv[1]
    threads = int(sys.argv[2]) if len(sys.argv) > 2 else 2
    torch.set_num_threads(threads)
    # Denormals (tiny gradients, RMSprop's running squares) take a slow path on x86: without
    # flush-to-zero, W2's training step measured 2.4-10 s instead of 0.3 s here. Real users
    # would turn it on, so the honest figure has it on.
    torch.set_flush_denormal(True)
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "workloads.json")) as f:
        workload = json.load(f)[workload_id]
    torch.manual_seed(0)
    model = build(workload)
    loss_fn = loss_function(workload["loss"])
    optimizer = torch.optim.RMSprop(model.parameters(), lr=1e-3, alpha=0.9, eps=1e-7)
    x, y = random_batch(workload)
    blas = os.environ.get("OPENBLAS_NUM_THREADS", "unset")
    torch.ones(64, 64) @ torch.ones(64, 64)  # load the BLAS library, then name it
    with open("/proc/self/maps") as maps:
        library = "openblas" if "openblas" in maps.read() else "reference BLAS!"
    reply({"ready": True, "label": f"torch {torch.__version__} omp {threads} blas {blas} ftz {library}"})

    def train():
        optimizer.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()

    def predict():
        with torch.no_grad():
            model(x).numpy()

    for line in sys.stdin:
        words = line.split()
        command = words[0] if words else ""
        count = int(words[1]) if len(words) > 1 else 1
        if command == "quit":
            break
        try:
            if command in ("train", "predict"):
                run = train if command == "train" else predict
                # a burst of consecutive runs, as in child.ts (BURST_LIMIT_MS = 2000)
                start = time.perf_counter()
                runs = 0
                while True:
                    run()
                    runs += 1
                    if runs >= count or time.perf_counter() - start >= 2.0:
                        break
                reply({"ms": (time.perf_counter() - start) * 1000 / runs, "runs": runs})
            elif command == "mem":
                reply({"hwmMB": peak_rss_mb()})
            else:
                reply({"error": f"unknown command {command}"})
        except Exception as error:  # reported to the orchestrator, not fatal
            reply({"error": str(error)[:200]})


main()
