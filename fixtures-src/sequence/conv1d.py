# Golden values for Conv1D and 1-D pooling, computed with PyTorch (channels-first NCL) and
# converted to Keras' channels-last layout:
#   Keras kernel (k, in, f) = torch weight (f, in, k).permute(2, 1, 0); x (B, T, C) = x_ncl.transpose(1, 2).
# 'same' (TF rule: pad_left = floor(total / 2)) and 'causal' (pad_left = d·(k−1)) are done with F.pad.
# Run: /usr/bin/python3 fixtures-src/sequence/conv1d.py > test/fixtures/sequence/conv1d.json
import json, math
import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)
B, T, C, FILT = 2, 9, 3, 4

def det(n, f):
    return torch.tensor([f(i) for i in range(n)])

x_btc = det(B * T * C, lambda i: math.sin(0.37 * i + 0.1)).reshape(B, T, C)
R = det(B * T * FILT, lambda i: math.cos(0.53 * i))  # loss = sum(R[:n] * y)

def conv_case(k, stride, dilation, padding, activation):
    w_keras = det(k * C * FILT, lambda i: 0.3 * math.cos(0.71 * i + 0.2)).reshape(k, C, FILT)
    b = det(FILT, lambda i: 0.1 * (i - 1.5))
    x = x_btc.clone().requires_grad_(True)
    w = w_keras.permute(2, 1, 0).contiguous().requires_grad_(True)  # (f, in, k)
    bb = b.clone().requires_grad_(True)
    xn = x.transpose(1, 2)  # (B, C, T)
    span = dilation * (k - 1) + 1
    if padding == 'causal':
        xn = F.pad(xn, (span - 1, 0))
    elif padding == 'same':
        out_len = math.ceil(T / stride)
        total = max(0, (out_len - 1) * stride + span - T)
        xn = F.pad(xn, (total // 2, total - total // 2))
    y = F.conv1d(xn, w, bb, stride=stride, dilation=dilation)
    if activation == 'relu':
        y = F.relu(y)
    elif activation == 'tanh':
        y = torch.tanh(y)
    y = y.transpose(1, 2)  # (B, T', f)
    r = R[: y.numel()].reshape(y.shape)
    (y * r).sum().backward()
    return {
        'kernelSize': k, 'strides': stride, 'dilationRate': dilation, 'padding': padding, 'activation': activation,
        'kernel': w_keras.flatten().tolist(), 'bias': b.tolist(),
        'outShape': list(y.shape), 'y': y.detach().flatten().tolist(),
        'dx': x.grad.flatten().tolist(),
        'dKernel': w.grad.permute(2, 1, 0).flatten().tolist(), 'dBias': bb.grad.tolist(),
    }

def pool_case(kind, pool, stride, padding):
    x = x_btc.clone().requires_grad_(True)
    xn = x.transpose(1, 2)
    if padding == 'same':
        out_len = math.ceil(T / stride)
        total = max(0, (out_len - 1) * stride + pool - T)
        left, right = total // 2, total - total // 2
    else:
        left = right = 0
    if kind == 'max':
        y = F.max_pool1d(F.pad(xn, (left, right), value=-math.inf), pool, stride)
    else:
        # mean over in-range rows only (TF excludes padding): sum / count
        s = F.avg_pool1d(F.pad(xn, (left, right)), pool, stride) * pool
        cnt = F.avg_pool1d(F.pad(torch.ones(1, 1, T), (left, right)), pool, stride) * pool
        y = s / cnt
    y = y.transpose(1, 2)
    r = R[: y.numel()].reshape(y.shape)
    (y * r).sum().backward()
    return {'kind': kind, 'poolSize': pool, 'strides': stride, 'padding': padding,
            'outShape': list(y.shape), 'y': y.detach().flatten().tolist(), 'dx': x.grad.flatten().tolist()}

out = {
    'x': x_btc.flatten().tolist(), 'xShape': [B, T, C], 'R': R.tolist(), 'filters': FILT,
    'conv': [
        conv_case(3, 1, 1, 'valid', None),
        conv_case(3, 1, 1, 'same', 'relu'),
        conv_case(2, 1, 2, 'causal', 'tanh'),
        conv_case(3, 2, 1, 'valid', None),
        conv_case(4, 2, 1, 'same', None),
        conv_case(3, 1, 3, 'same', None),
        conv_case(1, 3, 1, 'causal', None),
    ],
    'pool': [
        pool_case('max', 2, 2, 'valid'), pool_case('max', 3, 2, 'same'), pool_case('max', 3, 1, 'same'),
        pool_case('avg', 2, 2, 'valid'), pool_case('avg', 3, 2, 'same'), pool_case('avg', 4, 3, 'same'),
    ],
}
print(json.dumps(out))
