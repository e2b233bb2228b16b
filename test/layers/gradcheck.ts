// Finite-difference gradient check for one layer: L = Σ out ⊙ R for a fixed random R.
import { engine } from '../../src/engine.ts';
import type { HeapBuffer } from '../../src/heap.ts';
import type { Activation, Layer } from '../../src/layers/layer.ts';
import { Random } from '../../src/random.ts';

export interface GradCheckResult {
  maxInputError: number;
  maxWeightError: number;
}

export function putInHeap(values: Float32Array | Int32Array, shape: number[]): Activation {
  const heap = engine().heap;
  const buf = heap.alloc(values.length);
  if (values instanceof Int32Array) heap.viewInt(buf).set(values);
  else heap.view(buf).set(values);
  return { buf, shape, dtype: values instanceof Int32Array ? 'int32' : 'float32' };
}

export function gradCheck(layer: Layer, input: Activation, opts: { eps?: number; checkInput?: boolean; seed?: number } = {}): GradCheckResult {
  const heap = engine().heap;
  const eps = opts.eps ?? 1e-2;
  const rng = new Random(opts.seed ?? 7);
  if (!layer.built) layer.build([[null, ...input.shape.slice(1)]]);
  const ctx = { training: false, rng: new Random(1) };
  const out0 = layer.forward([input], ctx)[0]!;
  const n = out0.shape.reduce((a, b) => a * b, 1);
  const r = new Float32Array(n).map(() => rng.uniform(-1, 1));
  const loss = (): number => {
    const o = layer.forward([input], ctx)[0]!;
    const v = heap.view({ offset: o.buf.offset, length: n });
    let s = 0;
    for (let i = 0; i < n; i++) s += v[i]! * r[i]!;
    return s;
  };
  // analytic
  for (const w of layer.weights) heap.view(w.grad).fill(0);
  loss();
  const dy: HeapBuffer = heap.alloc(n);
  heap.view(dy).set(r);
  const checkInput = opts.checkInput ?? input.dtype === 'float32';
  const [dx] = layer.backward([dy], { needInputGrads: [checkInput] });
  const dxCopy = dx ? heap.view(dx).slice(0, input.shape.reduce((a, b) => a * b, 1)) : null;
  const grads = layer.weights.map((w) => heap.view(w.grad).slice());
  const numeric = (buf: HeapBuffer, i: number): number => {
    const v = heap.f32;
    const old = v[buf.offset + i]!;
    v[buf.offset + i] = old + eps;
    const lp = loss();
    heap.f32[buf.offset + i] = old - eps;
    const lm = loss();
    heap.f32[buf.offset + i] = old;
    return (lp - lm) / (2 * eps);
  };
  const relErr = (a: number, b: number): number => Math.abs(a - b) / Math.max(1, Math.abs(a), Math.abs(b));
  let maxInputError = 0;
  if (checkInput && dxCopy) {
    for (let i = 0; i < dxCopy.length; i++) maxInputError = Math.max(maxInputError, relErr(dxCopy[i]!, numeric(input.buf, i)));
  }
  let maxWeightError = 0;
  layer.weights.forEach((w, wi) => {
    if (!w.isTrainable) return;
    const size = w.size;
    const step = Math.max(1, Math.floor(size / 40)); // sample big tables
    for (let i = 0; i < size; i += step) maxWeightError = Math.max(maxWeightError, relErr(grads[wi]![i]!, numeric(w.value, i)));
  });
  heap.release(dy);
  return { maxInputError, maxWeightError };
}
