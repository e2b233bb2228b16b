// Test helpers for the sequence layers: run a layer on Tensors, and check its backward pass
// against central finite differences of L = Σ R ⊙ output (R fixed random).

import { expect } from 'vitest';
import { engine } from '../../../src/engine.ts';
import type { HeapBuffer } from '../../../src/heap.ts';
import type { Activation, Layer } from '../../../src/layers/layer.ts';
import { Random } from '../../../src/random.ts';
import { Tensor } from '../../../src/tensor.ts';

export interface RunInput {
  tensor: Tensor;
  /** [batch, time] of 1/0 */
  mask?: number[][];
}

const asInput = (x: Tensor | RunInput): RunInput => (x instanceof Tensor ? { tensor: x } : x);

/** Copies a Tensor (and mask) into fresh heap buffers. */
export function toActivation(x: Tensor | RunInput): Activation {
  const { tensor: t, mask } = asInput(x);
  const heap = engine().heap;
  const buf = heap.alloc(t.size);
  if (t.dtype === 'int32') heap.viewInt(buf).set(t.dataSync());
  else heap.view(buf).set(t.dataSync());
  let maskBuf: HeapBuffer | null = null;
  if (mask) {
    maskBuf = heap.alloc(mask.length * mask[0]!.length);
    heap.view(maskBuf).set(mask.flat());
  }
  return { buf, shape: [...t.shape], dtype: t.dtype, mask: maskBuf };
}

export function fromActivation(a: Activation): Tensor {
  const heap = engine().heap;
  return new Tensor(heap.view(a.buf).slice(0, a.shape.reduce((p, d) => p * d, 1)), a.shape);
}

export function maskOf(a: Activation): number[] | null {
  return a.mask ? Array.from(engine().heap.view(a.mask)) : null;
}

/** Builds (from the inputs' shapes, batch = null) and runs a layer once. */
export function runLayer(layer: Layer, inputs: Array<Tensor | RunInput>, training = false, seed = 1): { outputs: Tensor[]; acts: Activation[]; inputs: Activation[] } {
  const acts = inputs.map(toActivation);
  if (!layer.built) layer.build(acts.map((a) => [null, ...a.shape.slice(1)]));
  const outs = layer.forward(acts, { training, rng: new Random(seed) });
  return { outputs: outs.map(fromActivation), acts: outs, inputs: acts };
}

export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol = 1e-5): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const ok = Math.abs(actual[i]! - expected[i]!) <= tol * Math.max(1, Math.abs(expected[i]!));
    if (!ok) expect.fail(`element ${i}: got ${actual[i]}, expected ${expected[i]} (tol ${tol})`);
  }
}

export interface GradCheckOptions {
  eps?: number;
  tol?: number;
  /** Check at most this many elements per input/weight (spread evenly). */
  samples?: number;
  /** Inputs whose gradient is not checked (int ids, masks…). */
  skipInputs?: number[];
  training?: boolean;
}

/**
 * Compares layer.backward with central differences for every float input and every weight.
 * The layer must already be built; inputs are perturbed in place in the heap.
 */
export function gradCheck(layer: Layer, inputs: Array<Tensor | RunInput>, opts: GradCheckOptions = {}): void {
  const eps = opts.eps ?? 1e-2;
  const tol = opts.tol ?? 2e-2;
  const samples = opts.samples ?? 48;
  const heap = engine().heap;
  const acts = inputs.map(toActivation);
  if (!layer.built) layer.build(acts.map((a) => [null, ...a.shape.slice(1)]));
  const ctx = () => ({ training: opts.training ?? false, rng: new Random(7) });
  const first = layer.forward(acts, ctx());
  const rng = new Random(99);
  const projections = first.map((o) => Float64Array.from({ length: o.shape.reduce((p, d) => p * d, 1) }, () => rng.uniform(-1, 1)));
  const loss = (): number => {
    const outs = layer.forward(acts, ctx());
    let s = 0;
    outs.forEach((o, i) => {
      const v = heap.view(o.buf);
      const r = projections[i]!;
      for (let j = 0; j < r.length; j++) s += r[j]! * v[j]!;
    });
    return s;
  };
  // analytic
  layer.forward(acts, ctx());
  for (const w of layer.weights) heap.view(w.grad).fill(0);
  const gradBufs = projections.map((r) => {
    const b = heap.alloc(r.length);
    heap.view(b).set(r);
    return b;
  });
  const needInputGrads = acts.map((a, i) => a.dtype === 'float32' && !(opts.skipInputs ?? []).includes(i));
  const dInputs = layer.backward(gradBufs, { needInputGrads });
  const analyticInputs = dInputs.map((d, i) => (d && needInputGrads[i] ? heap.view(d).slice(0, acts[i]!.shape.reduce((p, q) => p * q, 1)) : null));
  const analyticWeights = layer.weights.map((w) => heap.view(w.grad).slice());

  const check = (label: string, buf: HeapBuffer, n: number, analytic: Float32Array): void => {
    const step = Math.max(1, Math.floor(n / samples));
    for (let i = 0; i < n; i += step) {
      const v = heap.view(buf);
      const orig = v[i]!;
      v[i] = orig + eps;
      const up = loss();
      heap.view(buf)[i] = orig - eps;
      const down = loss();
      heap.view(buf)[i] = orig;
      const numeric = (up - down) / (2 * eps);
      const got = analytic[i]!;
      if (Math.abs(got - numeric) > tol * Math.max(1, Math.abs(numeric))) {
        expect.fail(`${layer.name} ${label}[${i}]: analytic ${got}, numeric ${numeric}`);
      }
    }
  };
  acts.forEach((a, i) => {
    const g = analyticInputs[i];
    if (g) check(`dInput${i}`, a.buf, g.length, g);
  });
  layer.weights.forEach((w, i) => {
    if (w.isTrainable) check(`d${w.name}`, w.value, w.size, analyticWeights[i]!);
  });
  for (const b of gradBufs) heap.release(b);
}

/** A deterministic float tensor: values drawn uniformly from [-1, 1) by seed. */
export function randomTensor(shape: number[], seed = 1, scale = 1): Tensor {
  const rng = new Random(seed);
  const n = shape.reduce((p, d) => p * d, 1);
  return new Tensor(Float32Array.from({ length: n }, () => rng.uniform(-scale, scale)), shape);
}
