# Golden values for Bidirectional(LSTM(4)) on a [3, 5, 3] input, computed with PyTorch's
# nn.LSTM(bidirectional=True, batch_first=True) and converted to Keras layout per direction:
#   kernel = weight_ih_l0{,_reverse}.T  (in, 4u), recurrent_kernel = weight_hh_l0{,_reverse}.T,
#   bias = bias_ih + bias_hh; gate order i, f, g(=c), o is the same in both.
# Case "masked": right-padded lengths [5, 3, 1] through pack_padded_sequence, which equals
# Keras' masking (forward carries state over padding; the backward direction starts at the last
# real step; Bidirectional outputs zeros at masked steps).
# Losses: L_seq = Σ R ⊙ output (return_sequences, merge concat),
#         L_last = Σ S ⊙ concat(h_n fwd, h_n bwd) (return_sequences=False, merge concat).
# Run: /usr/bin/python3 fixtures-src/sequence/bidirectional_lstm.py > test/fixtures/sequence/bidirectional_lstm.json
import json, math
import torch
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

torch.set_default_dtype(torch.float64)
B, T, I, H = 3, 5, 3, 4

def det(n, f):
    return torch.tensor([f(i) for i in range(n)])

x0 = det(B * T * I, lambda i: math.sin(0.41 * i + 0.3)).reshape(B, T, I)
R = det(B * T * 2 * H, lambda i: math.cos(0.29 * i + 0.1)).reshape(B, T, 2 * H)
S = det(B * 2 * H, lambda i: math.sin(0.77 * i - 0.2)).reshape(B, 2 * H)

lstm = torch.nn.LSTM(I, H, batch_first=True, bidirectional=True)
with torch.no_grad():
    for name, p in lstm.named_parameters():
        k = len(name)
        p.copy_(det(p.numel(), lambda i: 0.5 * math.sin(0.37 * i + 0.13 * k)).reshape(p.shape))

def keras_weights(grad=False):
    out = []
    for suffix in ['', '_reverse']:
        g = (lambda n: getattr(lstm, n).grad) if grad else (lambda n: getattr(lstm, n).detach())
        out.append({
            'kernel': g(f'weight_ih_l0{suffix}').T.flatten().tolist(),
            'recurrentKernel': g(f'weight_hh_l0{suffix}').T.flatten().tolist(),
            'bias': (g(f'bias_ih_l0{suffix}') + (0 if grad else g(f'bias_hh_l0{suffix}'))).flatten().tolist(),
        })
    return out

def run(lengths):
    result = {}
    for loss_kind in ['seq', 'last']:
        lstm.zero_grad()
        x = x0.clone().requires_grad_(True)
        if lengths is None:
            out, (hn, cn) = lstm(x)
        else:
            packed = pack_padded_sequence(x, torch.tensor(lengths), batch_first=True, enforce_sorted=False)
            po, (hn, cn) = lstm(packed)
            out, _ = pad_packed_sequence(po, batch_first=True, total_length=T)
        last = torch.cat([hn[0], hn[1]], dim=1)
        loss = (R * out).sum() if loss_kind == 'seq' else (S * last).sum()
        loss.backward()
        result['grad_' + loss_kind] = {'dx': x.grad.flatten().tolist(), 'dWeights': keras_weights(grad=True)}
        result['output'] = out.detach().flatten().tolist()
        result['last'] = last.detach().flatten().tolist()
        result['hn'] = hn.detach().flatten().tolist()
        result['cn'] = cn.detach().flatten().tolist()
    return result

print(json.dumps({
    'shape': [B, T, I], 'units': H, 'x': x0.flatten().tolist(), 'R': R.flatten().tolist(), 'S': S.flatten().tolist(),
    'weights': keras_weights(), 'plain': run(None), 'lengths': [5, 3, 1], 'masked': run([5, 3, 1]),
}))
