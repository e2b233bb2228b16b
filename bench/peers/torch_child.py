# PyTorch child of the peer benchmark:
#   python torch_child.py <workload> <batch> <threads> --weights <case file> [--onnx <out.onnx>]
# Runs under /work/venv/bin/python (PyTorch 2) and /usr/bin/python3 (Debian's PyTorch 1.13).
# Speaks the protocol of child.ts. Loads sunhwan's initial weights from the case file
# (dump.ts, Keras layout, converted here to torch's) and reports max |output − sunhwan's|.
# <threads> goes to torch.set_num_threads; the orchestrator also sets OMP_NUM_THREADS and
# OPENBLAS_NUM_THREADS (Debian's build uses OpenBLAS, which set_num_threads does not reach).
# --onnx: also exports the model (int32 ids in, as sunhwan's) for the ONNX Runtime child
# (run.ts does that in a child of its own, which it does not time).
import json
import os
import sys

from peer_common import max_abs_diff, read_case_file, reply, serve

try:
    import torch
    from torch import nn
except ImportError as error:
    reply({"unavailable": f"PyTorch not installed for {sys.executable} ({error})"})
    sys.exit(0)


class FinalState(nn.Module):
    """A batch-first torch RNN's final hidden state, directions concatenated (Keras' return_sequences=False;
    for the backward direction that is its state after the first step, not out[:, -1])."""

    def __init__(self, rnn):
        super().__init__()
        self.rnn = rnn

    def forward(self, x):
        _, state = self.rnn(x)
        h = state[0] if isinstance(state, tuple) else state
        return torch.cat([h[i] for i in range(h.shape[0])], dim=1)


class ChannelsFirst(nn.Module):
    """[B, T, C] -> [B, C, T] for torch's Conv1d (Keras is channels-last)."""

    def forward(self, x):
        return x.transpose(1, 2)


class GlobalMax(nn.Module):
    def forward(self, x):
        return x.amax(dim=2)


class IntIds(nn.Module):
    """Takes int32 token ids (as sunhwan and the case file) and gives torch's Embedding int64."""

    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, x):
        return self.model(x.long())


ACTIVATIONS = {"sigmoid": nn.Sigmoid, "relu": nn.ReLU, "softmax": lambda: nn.Softmax(dim=-1), "linear": nn.Identity}


def gru_order(a, units):
    """Keras' GRU gates (z, r, h) along the last axis -> torch's (r, z, n)."""
    return torch.cat([a[..., units : 2 * units], a[..., :units], a[..., 2 * units :]], dim=-1)


def build(workload, weights):
    """The torch model with the Keras-layout weights (a list, Keras order) copied in."""
    width = 1 if workload["input"]["kind"] == "tokens" else workload["input"]["features"]
    channels_first = False
    modules = []
    queue = [torch.from_numpy(w) for w in weights]
    take = lambda: queue.pop(0)

    def load_rnn(rnn, kind, units, suffix):
        kernel, recurrent, bias = take(), take(), take()
        if kind == "gru":
            kernel, recurrent, bias = gru_order(kernel, units), gru_order(recurrent, units), gru_order(bias, units)
            bias_ih, bias_hh = bias[0], bias[1]
        else:
            bias_ih, bias_hh = bias, torch.zeros_like(bias)
        getattr(rnn, "weight_ih_l0" + suffix).copy_(kernel.t())
        getattr(rnn, "weight_hh_l0" + suffix).copy_(recurrent.t())
        getattr(rnn, "bias_ih_l0" + suffix).copy_(bias_ih)
        getattr(rnn, "bias_hh_l0" + suffix).copy_(bias_hh)

    with torch.no_grad():
        for spec in workload["layers"]:
            kind = spec["type"]
            if kind == "embedding":
                embedding = nn.Embedding(spec["inputDim"], spec["outputDim"])
                embedding.weight.copy_(take())
                modules.append(embedding)
                width = spec["outputDim"]
            elif kind in ("lstm", "gru", "simple_rnn", "bidirectional_lstm"):
                cls = {"lstm": nn.LSTM, "gru": nn.GRU, "simple_rnn": nn.RNN, "bidirectional_lstm": nn.LSTM}[kind]
                bidirectional = kind == "bidirectional_lstm"
                rnn = cls(width, spec["units"], batch_first=True, bidirectional=bidirectional)
                load_rnn(rnn, kind, spec["units"], "")
                if bidirectional:
                    load_rnn(rnn, kind, spec["units"], "_reverse")
                modules.append(FinalState(rnn))
                width = spec["units"] * (2 if bidirectional else 1)
            elif kind == "conv1d":
                if not channels_first:
                    modules.append(ChannelsFirst())
                    channels_first = True
                conv = nn.Conv1d(width, spec["filters"], spec["kernelSize"])
                conv.weight.copy_(take().permute(2, 1, 0))  # Keras [k, in, f] -> torch [f, in, k]
                conv.bias.copy_(take())
                modules.append(conv)
                modules.append(ACTIVATIONS[spec["activation"]]())
                width = spec["filters"]
            elif kind == "max_pooling1d":
                modules.append(nn.MaxPool1d(spec["poolSize"]))
            elif kind == "global_max_pooling1d":
                modules.append(GlobalMax())
            elif kind == "dense":
                dense = nn.Linear(width, spec["units"])
                dense.weight.copy_(take().t())
                dense.bias.copy_(take())
                modules.append(dense)
                modules.append(ACTIVATIONS[spec["activation"]]())
                width = spec["units"]
    if queue:
        raise ValueError(f"{len(queue)} weight arrays of the case file were not used")
    return nn.Sequential(*modules)


def loss_function(name):
    if name == "binary_crossentropy":
        return nn.BCELoss()
    if name == "mae":
        return nn.L1Loss()
    # categorical cross-entropy on softmax probabilities, as Keras computes it
    return lambda p, y: -(y * torch.log(p.clamp(1e-7, 1 - 1e-7))).sum(dim=1).mean()


def export_onnx(model, x, path):
    """torch.onnx.export: the TorchScript exporter (8x faster here on a 500-step LSTM: 8 s against 64;
    ORT's graph optimizer folds its extra shape nodes), else the dynamo one (the only one in the future)."""
    errors = []
    for dynamo in (False, True):
        try:
            torch.onnx.export(model, (x,), path, input_names=["x"], output_names=["y"], dynamo=dynamo)
            return "dynamo" if dynamo else "torchscript"
        except Exception as error:  # noqa: BLE001 - try the other exporter, report both if neither works
            errors.append(f"{'dynamo' if dynamo else 'torchscript'}: {str(error)[:150]}")
    raise RuntimeError("ONNX export failed: " + "; ".join(errors))


def main():
    workload_id, batch, threads = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    flags = sys.argv[4:]
    option = lambda name: flags[flags.index(name) + 1] if name in flags else None
    torch.set_num_threads(threads)
    # Denormals (tiny gradients, RMSprop's running squares) take a slow path on x86: without
    # flush-to-zero, W2's training step measured 2.4-10 s instead of 0.3 s here. Real users
    # would turn it on, so the honest figure has it on.
    torch.set_flush_denormal(True)
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "workloads.json")) as f:
        workload = json.load(f)[workload_id]
    case = read_case_file(option("--weights"))
    model = build(workload, case["weights"])
    if workload["input"]["kind"] == "tokens":
        model = IntIds(model)
    loss_fn = loss_function(workload["loss"])
    optimizer = torch.optim.RMSprop(model.parameters(), lr=1e-3, alpha=0.9, eps=1e-7)
    x, y = torch.from_numpy(case["x"]), torch.from_numpy(case["y"])
    if x.shape[0] != batch:
        raise ValueError(f"case file batch {x.shape[0]} is not {batch}")
    with torch.no_grad():
        check = max_abs_diff(model(x).numpy(), case["output"])
    blas = ""
    if torch.__version__.startswith("1."):
        torch.ones(64, 64) @ torch.ones(64, 64)  # load the BLAS library, then name it
        with open("/proc/self/maps") as maps:
            blas = " openblas" if "openblas" in maps.read() else " reference BLAS!"
    label = f"torch {torch.__version__} {threads} thread{'s' if threads > 1 else ''} ftz{blas}"
    onnx_path = option("--onnx")
    if onnx_path:
        label += f", exported to ONNX ({export_onnx(model, x, onnx_path)})"

    def train():
        optimizer.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()

    def predict():
        with torch.no_grad():
            model(x).numpy()

    serve(label, train, predict, check)


main()
