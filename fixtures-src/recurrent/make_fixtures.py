"""PyTorch reference numbers for sunhwan's recurrent layers.

Runs torch.nn.RNN / LSTM / GRU (float64) on random weights and inputs (fixed seed), converts the
weights to Keras layout (keras-semantics.md §2), and writes forward outputs and the gradients of
sum(output · R) for a fixed random R with respect to the inputs, the initial states and every
weight, also in Keras layout, to test/fixtures/recurrent/torch.json. Cases torch.nn cannot run
(Keras 2.2's reset-before GRU, hard_sigmoid, masking) are Keras' cell equations in torch ops,
differentiated by autograd.

    /usr/bin/python3 fixtures-src/recurrent/make_fixtures.py
"""
import json
import os

import torch

torch.manual_seed(20240611)
torch.set_default_dtype(torch.float64)

B, T, I, U = 3, 6, 5, 4


def flat(t):
    return [float(f"{v:.9g}") for v in t.detach().reshape(-1).tolist()]


def gru_perm(w):
    """torch GRU gate blocks [r, z, n] -> Keras [z, r, h] along dim 0."""
    r, z, n = w.chunk(3, 0)
    return torch.cat([z, r, n], 0)


def run(kind, go_backwards=False, with_state=False):
    cls = {"simple_rnn": torch.nn.RNN, "lstm": torch.nn.LSTM, "gru": torch.nn.GRU}[kind]
    cell = cls(I, U, batch_first=True)
    with torch.no_grad():
        for p in cell.parameters():
            p.uniform_(-0.7, 0.7)
    x = torch.empty(B, T, I).uniform_(-1, 1).requires_grad_()
    R = torch.empty(B, T, U).uniform_(-1, 1)
    states = []
    if with_state:
        states = [torch.empty(1, B, U).uniform_(-0.8, 0.8).requires_grad_() for _ in range(2 if kind == "lstm" else 1)]
    xin = torch.flip(x, [1]) if go_backwards else x  # Keras go_backwards: outputs in processing order
    hx = None
    if states:
        hx = tuple(states) if kind == "lstm" else states[0]
    out, _ = cell(xin, hx)
    (out * R).sum().backward()

    w_ih, w_hh, b_ih, b_hh = cell.weight_ih_l0, cell.weight_hh_l0, cell.bias_ih_l0, cell.bias_hh_l0
    if kind == "gru":
        kernel, rec = gru_perm(w_ih).T, gru_perm(w_hh).T
        bias = torch.stack([gru_perm(b_ih), gru_perm(b_hh)])
        dkernel, drec = gru_perm(w_ih.grad).T, gru_perm(w_hh.grad).T
        dbias = torch.stack([gru_perm(b_ih.grad), gru_perm(b_hh.grad)])
    else:
        kernel, rec, bias = w_ih.T, w_hh.T, b_ih + b_hh
        dkernel, drec, dbias = w_ih.grad.T, w_hh.grad.T, b_ih.grad  # d/d(b_ih + b_hh) = d/db_ih
    fixture = {
        "batch": B, "time": T, "features": I, "units": U, "goBackwards": go_backwards,
        "x": flat(x), "kernel": flat(kernel), "recurrent_kernel": flat(rec), "bias": flat(bias),
        "R": flat(R), "output": flat(out),
        "dx": flat(x.grad), "dkernel": flat(dkernel), "drecurrent_kernel": flat(drec), "dbias": flat(dbias),
    }
    if states:
        fixture["initial_states"] = [flat(s) for s in states]
        fixture["dinitial_states"] = [flat(s.grad) for s in states]
    return fixture


def hard_sigmoid(x):
    """Keras 2: clip(0.2·x + 0.5, 0, 1)."""
    return torch.clamp(0.2 * x + 0.5, 0.0, 1.0)


ACTS = {"tanh": torch.tanh, "sigmoid": torch.sigmoid, "relu": torch.relu, "hard_sigmoid": hard_sigmoid}


def keras_cell_run(kind, activation="tanh", recurrent_activation="sigmoid", reset_after=True, masked=True):
    """Keras semantics written out in torch ops (Keras weight layout, keras-semantics.md §3.2),
    for what torch.nn has no equivalent of: GRU reset_before, hard_sigmoid, masks
    (a masked step carries h and c unchanged; its output repeats the previous one)."""
    G = 4 if kind == "lstm" else 3
    act, rec_act = ACTS[activation], ACTS[recurrent_activation]
    W = torch.empty(I, G * U).uniform_(-0.7, 0.7).requires_grad_()
    Uk = torch.empty(U, G * U).uniform_(-0.7, 0.7).requires_grad_()
    bshape = (2, 3 * U) if kind == "gru" and reset_after else (G * U,)
    b = torch.empty(*bshape).uniform_(-0.5, 0.5).requires_grad_()
    x = torch.empty(B, T, I).uniform_(-1, 1).requires_grad_()
    R = torch.empty(B, T, U).uniform_(-1, 1)
    # row 0: all steps; row 1: two padding steps first (pre-padding); row 2: a hole in the middle
    mask = torch.ones(B, T)
    if masked:
        mask[1, :2] = 0
        mask[2, 3] = 0
    h = torch.zeros(B, U)
    c = torch.zeros(B, U)
    outs = []
    for t in range(T):
        xt, m = x[:, t], mask[:, t:t + 1]
        if kind == "lstm":
            zt = xt @ W + h @ Uk + b
            i, f, o = rec_act(zt[:, :U]), rec_act(zt[:, U:2 * U]), rec_act(zt[:, 3 * U:])
            cn = f * c + i * act(zt[:, 2 * U:3 * U])
            hn = o * act(cn)
            c = m * cn + (1 - m) * c
        elif reset_after:
            mx = xt @ W + b[0]
            mi = h @ Uk + b[1]
            z = rec_act(mx[:, :U] + mi[:, :U])
            r = rec_act(mx[:, U:2 * U] + mi[:, U:2 * U])
            hn = z * h + (1 - z) * act(mx[:, 2 * U:] + r * mi[:, 2 * U:])
        else:
            mx = xt @ W + b
            z = rec_act(mx[:, :U] + h @ Uk[:, :U])
            r = rec_act(mx[:, U:2 * U] + h @ Uk[:, U:2 * U])
            hn = z * h + (1 - z) * act(mx[:, 2 * U:] + (r * h) @ Uk[:, 2 * U:])
        h = m * hn + (1 - m) * h
        outs.append(h)
    out = torch.stack(outs, 1)
    (out * R).sum().backward()
    return {
        "batch": B, "time": T, "features": I, "units": U, "goBackwards": False,
        "options": {"activation": activation, "recurrentActivation": recurrent_activation, "resetAfter": reset_after},
        "mask": flat(mask) if masked else None,
        "x": flat(x), "kernel": flat(W), "recurrent_kernel": flat(Uk), "bias": flat(b),
        "R": flat(R), "output": flat(out),
        "dx": flat(x.grad), "dkernel": flat(W.grad), "drecurrent_kernel": flat(Uk.grad), "dbias": flat(b.grad),
    }


fixtures = {
    "simple_rnn": run("simple_rnn"),
    "simple_rnn_state": run("simple_rnn", with_state=True),
    "lstm": run("lstm"),
    "lstm_state": run("lstm", with_state=True),
    "lstm_backwards": run("lstm", go_backwards=True),
    "gru": run("gru"),
    "gru_state": run("gru", with_state=True),
    "gru_backwards": run("gru", go_backwards=True),
    "keras2_gru_reset_before_hard_sigmoid_masked": keras_cell_run("gru", recurrent_activation="hard_sigmoid", reset_after=False),
    "keras2_lstm_hard_sigmoid_masked": keras_cell_run("lstm", recurrent_activation="hard_sigmoid"),
    "gru_relu_masked": keras_cell_run("gru", activation="relu"),
    "lstm_sigmoid_masked": keras_cell_run("lstm", activation="sigmoid"),
}
out_path = os.path.join(os.path.dirname(__file__), "..", "..", "test", "fixtures", "recurrent", "torch.json")
with open(out_path, "w") as f:
    json.dump({"source": "fixtures-src/recurrent/make_fixtures.py", "torch": torch.__version__, "cases": fixtures}, f)
print(out_path, os.path.getsize(out_path), "bytes")
