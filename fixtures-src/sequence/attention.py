# Golden values for Attention (Luong; 'dot' and 'concat') and AdditiveAttention (Bahdanau),
# written in PyTorch exactly as Keras 3 defines them (keras/src/layers/attention/attention.py,
# additive_attention.py): scores, scores −= 1e9·(value step masked or j > i when causal),
# softmax over value steps, output = weights·value, output rows zeroed where the query is masked.
# Gradients by autograd for L = Σ R ⊙ output + Σ P ⊙ weights.
# Run: /usr/bin/python3 fixtures-src/sequence/attention.py > test/fixtures/sequence/attention.json
import json, math
import torch

torch.set_default_dtype(torch.float64)
B, TQ, TV, D = 2, 3, 4, 5

def det(shape, f):
    n = math.prod(shape)
    return torch.tensor([f(i) for i in range(n)]).reshape(shape)

Q = det([B, TQ, D], lambda i: math.sin(0.31 * i + 0.2))
V = det([B, TV, D], lambda i: math.cos(0.23 * i - 0.4))
K = det([B, TV, D], lambda i: math.sin(0.17 * i + 1.1))
R = det([B, TQ, D], lambda i: math.cos(0.41 * i))
P = det([B, TQ, TV], lambda i: math.sin(0.53 * i + 0.3))
Q_MASK = torch.tensor([[1, 1, 0], [1, 0, 1]], dtype=torch.float64)
V_MASK = torch.tensor([[1, 1, 1, 0], [1, 0, 1, 1]], dtype=torch.float64)

def case(kind, use_scale, with_key, masks, causal):
    q = Q.clone().requires_grad_(True); v = V.clone().requires_grad_(True); k = K.clone().requires_grad_(True)
    key = k if with_key else v
    params = {}
    if kind == 'dot':
        scale = torch.tensor(1.7, requires_grad=True) if use_scale else None
        scores = q @ key.transpose(1, 2)
        if scale is not None: scores = scores * scale; params['scale'] = scale
    elif kind == 'concat':
        scale = torch.tensor(0.8, requires_grad=True) if use_scale else None
        w = torch.tensor(1.3, requires_grad=True)
        pre = q.unsqueeze(-2) + key.unsqueeze(-3)
        if scale is not None: pre = scale * pre; params['scale'] = scale
        scores = w * torch.tanh(pre).sum(-1); params['concat_score_weight'] = w
    else:  # additive
        scale = det([D], lambda i: 0.3 * (i - 2)).requires_grad_(True) if use_scale else None
        t = torch.tanh(q.unsqueeze(-2) + key.unsqueeze(-3))
        scores = ((scale if scale is not None else 1.0) * t).sum(-1)
        if scale is not None: params['scale'] = scale
    mask = torch.zeros(B, TQ, TV)
    if masks: mask = mask + (1 - V_MASK).unsqueeze(1)
    if causal: mask = mask + torch.triu(torch.ones(TQ, TV), diagonal=1)
    scores = scores - 1e9 * (mask > 0).double()
    weights = torch.softmax(scores, dim=-1)
    out = weights @ v
    if masks: out = out * Q_MASK.unsqueeze(-1)
    ((R * out).sum() + (P * weights).sum()).backward()
    return {
        'kind': kind, 'useScale': use_scale, 'withKey': with_key, 'masks': masks, 'causal': causal,
        'params': {n: p.detach().flatten().tolist() for n, p in params.items()},
        'out': out.detach().flatten().tolist(), 'weights': weights.detach().flatten().tolist(),
        'dq': q.grad.flatten().tolist(), 'dv': v.grad.flatten().tolist(), 'dk': k.grad.flatten().tolist() if with_key else None,
        'dParams': {n: p.grad.flatten().tolist() for n, p in params.items()},
    }

cases = [
    case('dot', False, False, False, False), case('dot', True, True, True, False), case('dot', True, False, True, True),
    case('concat', True, True, True, False), case('concat', False, False, False, True),
    case('additive', True, False, True, False), case('additive', True, True, False, True), case('additive', False, False, True, False),
]
print(json.dumps({'shape': [B, TQ, TV, D], 'q': Q.flatten().tolist(), 'v': V.flatten().tolist(), 'k': K.flatten().tolist(),
                  'R': R.flatten().tolist(), 'P': P.flatten().tolist(), 'qMask': Q_MASK.tolist(), 'vMask': V_MASK.tolist(), 'cases': cases}))
