// Test helpers for the recurrent layers: heap I/O, the kernel sets to run on, and a
// finite-difference gradient checker.

import { setKernels } from '../../../src/engine.ts';
import { Heap } from '../../../src/heap.ts';
import { referenceKernels, type Kernels } from '../../../src/kernels/index.ts';
import type { Activation, Layer } from '../../../src/layers/layer.ts';
import { Random } from '../../../src/random.ts';

export type KernelSet = { name: string; make: () => Kernels };

/** Kernel sets every layer test runs on: reference always, wasm when it is built. */
export async function kernelSets(): Promise<KernelSet[]> {
  const sets: KernelSet[] = [{ name: 'reference', make: () => referenceKernels(new Heap()) }];
  try {
    const wasm = await import('../../../src/kernels/wasm/index.ts');
    if (wasm.wasmSupported('simd', true)) sets.push({ name: 'wasm', make: () => wasm.wasmKernels(new Heap()) });
  } catch (e) {
    console.warn(`recurrent tests: wasm kernels unavailable (${String(e)})`);
  }
  return sets;
}

export function useKernels(set: KernelSet): Kernels {
  const k = set.make();
  setKernels(k);
  return k;
}

export function put(k: Kernels, values: ArrayLike<number>, shape: number[], mask?: ArrayLike<number>): Activation {
  const buf = k.heap.alloc(values.length);
  k.heap.view(buf).set(values);
  let maskBuf = null;
  if (mask) {
    maskBuf = k.heap.alloc(mask.length);
    k.heap.view(maskBuf).set(mask);
  }
  return { buf, shape, dtype: 'float32', mask: maskBuf };
}

export function read(k: Kernels, a: { offset: number; length: number } | Activation): Float32Array {
  const buf = 'buf' in a ? a.buf : a;
  return k.heap.view(buf).slice();
}

export function randomArray(n: number, rng: Random, scale = 1): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = rng.uniform(-scale, scale);
  return out;
}

export function arange(n: number): Float32Array {
  return Float32Array.from({ length: n }, (_, i) => i);
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number, what = ''): void {
  const d = maxAbsDiff(actual, expected);
  if (!(d <= tol)) {
    throw new Error(`${what}: max |diff| ${d} > ${tol}\nactual   ${Array.from(actual).slice(0, 12).join(', ')}\nexpected ${Array.from(expected).slice(0, 12).join(', ')}`);
  }
}

export { Random };
export type { Layer };

export interface InputSpec {
  values: Float32Array;
  shape: number[];
  mask?: Float32Array;
}

export interface GradientReport {
  /** Per checked tensor (input i / weight path): max |analytic − numeric| / max(|numeric|, floor). */
  errors: Record<string, number>;
  worst: number;
}

/**
 * Central-difference check of every input and weight element of `layers` chained in order
 * (the first gets `inputs`, each next one the previous outputs[0]), for the loss
 * L = Σ_outputs Σ out ⊙ R with fixed random R. Each forward gets a fresh Random(seed), so
 * dropout masks are the same in every evaluation.
 */
export function checkGradients(k: Kernels, layers: Layer[], inputs: InputSpec[], opts: { training?: boolean; seed?: number; eps?: number } = {}): GradientReport {
  const eps = opts.eps ?? 1e-2;
  const acts = inputs.map((s) => put(k, s.values, s.shape, s.mask));
  const forward = (): Activation[] => {
    const ctx = { training: opts.training ?? false, rng: new Random(opts.seed ?? 7) };
    let outs = acts;
    for (const layer of layers) outs = layer.forward(outs, ctx);
    return outs;
  };
  const first = forward();
  const rng = new Random(1234);
  const R = first.map((o) => randomArray(o.buf.length, rng));
  const loss = (): number => {
    const outs = forward();
    let s = 0;
    outs.forEach((o, i) => {
      const v = read(k, o);
      for (let j = 0; j < v.length; j++) s += v[j]! * R[i]![j]!;
    });
    return s;
  };

  // analytic: backward through the chain
  for (const layer of layers) for (const w of layer.weights) k.fill(w.grad.offset, w.size, 0);
  forward();
  let grads: Array<{ offset: number; length: number } | null> = R.map((r) => put(k, r, [r.length]).buf);
  for (let li = layers.length - 1; li >= 0; li--) {
    const nIn = li === 0 ? inputs.length : 1;
    grads = layers[li]!.backward(grads, { needInputGrads: Array(nIn).fill(true) });
  }
  const analytic = new Map<string, Float32Array>();
  inputs.forEach((_, i) => analytic.set(`input ${i}`, grads[i] ? read(k, grads[i]!) : new Float32Array(inputs[i]!.values.length)));
  for (const layer of layers) for (const w of layer.weights) analytic.set(`${layer.name}/${w.name}`, read(k, w.grad));

  const numeric = (buf: { offset: number; length: number }): Float32Array => {
    const out = new Float32Array(buf.length);
    for (let j = 0; j < buf.length; j++) {
      const at = buf.offset + j;
      const orig = k.heap.f32[at]!;
      k.heap.f32[at] = orig + eps;
      const plus = loss();
      k.heap.f32[at] = orig - eps;
      const minus = loss();
      k.heap.f32[at] = orig;
      out[j] = (plus - minus) / (2 * eps);
    }
    return out;
  };
  const errors: Record<string, number> = {};
  const compare = (name: string, num: Float32Array): void => {
    const a = analytic.get(name)!;
    let scale = 0;
    for (const v of num) scale = Math.max(scale, Math.abs(v));
    errors[name] = maxAbsDiff(a, num) / Math.max(scale, 1e-2);
  };
  acts.forEach((a, i) => compare(`input ${i}`, numeric(a.buf)));
  for (const layer of layers) for (const w of layer.weights) compare(`${layer.name}/${w.name}`, numeric(w.value));
  return { errors, worst: Math.max(...Object.values(errors)) };
}
