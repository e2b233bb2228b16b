// The one layer-test harness (after Keras' run_layer_test, keras/src/testing/test_case.py):
//   - kernelSets / describeKernels: every kernel set (reference always, wasm when built, native
//     when its binary loads: Node on x86-64 Linux);
//   - expectClose: the one closeness rule, |actual − expected| ≤ max(atol, rtol·|expected|);
//   - checkGradients: the one finite-difference check (central differences of L = Σ R ⊙ outputs,
//     R fixed random) for a layer, a chain of layers or a model's passes, on every float input
//     and trainable weight element;
//   - layerTest: build, output shapes, weight counts, config round trip, golden values and the
//     gradient check of one layer, on every kernel set.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { engine, setKernels } from '../../src/engine.ts';
import { Heap, type HeapBuffer } from '../../src/heap.ts';
import { deserializeLayer } from '../../src/io/registry.ts';
import { registerBuiltinLayers } from '../../src/layers/builtin.ts';
import { referenceKernels, type Kernels } from '../../src/kernels/index.ts';
import { Layer, type Activation, type CallContext, type Shape, type Weight } from '../../src/layers/layer.ts';
import { Random } from '../../src/random.ts';
import { Tensor } from '../../src/tensor.ts';

// ---- kernel sets ---------------------------------------------------------------------------

export type KernelSet = { name: string; make: () => Kernels };

/** Kernel sets every layer test runs on: reference always, wasm when it is built, native when it loads. */
export async function kernelSets(): Promise<KernelSet[]> {
  const sets: KernelSet[] = [{ name: 'reference', make: () => referenceKernels(new Heap()) }];
  try {
    const wasm = await import('../../src/kernels/wasm/index.ts');
    if (wasm.wasmSupported('simd', true)) sets.push({ name: 'wasm', make: () => wasm.wasmKernels(new Heap()) });
  } catch (e) {
    console.warn(`layer tests: wasm kernels unavailable (${String(e)})`);
  }
  const native = await import('../../src/kernels/native/index.ts');
  if (native.nativeSupported(true)) sets.push({ name: 'native', make: () => native.nativeKernels(new Heap()) });
  return sets;
}

export const KERNEL_SETS = await kernelSets();

/** Makes `set` the active kernels (layers made afterwards use them) and returns them. */
export function useKernels(set: KernelSet): Kernels {
  const k = set.make();
  setKernels(k);
  return k;
}

/** describe.each over the kernel sets: each test of `body` runs with fresh kernels of that set. */
export function describeKernels(name: string, body: (set: KernelSet) => void): void {
  describe.each(KERNEL_SETS)(`${name} ($name kernels)`, (set) => {
    let previous: Kernels;
    beforeEach(() => {
      previous = engine();
      useKernels(set);
    });
    afterEach(() => setKernels(previous));
    body(set);
  });
}

// ---- closeness -----------------------------------------------------------------------------

/** A number is an absolute tolerance. */
export type Tolerance = number | { atol?: number; rtol?: number };

/** Every element within max(atol, rtol·|expected|) of the expected one. */
export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: Tolerance, what = ''): void {
  const { atol = 0, rtol = 0 } = typeof tol === 'number' ? { atol: tol } : tol;
  if (actual.length !== expected.length) expect.fail(`${what}: length ${actual.length}, expected ${expected.length}`);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    if (!(Math.abs(a - e) <= Math.max(atol, rtol * Math.abs(e)))) {
      expect.fail(
        `${what}[${i}]: got ${a}, expected ${e} (atol ${atol}, rtol ${rtol})\nactual   ${Array.from(actual).slice(0, 12).join(', ')}\nexpected ${Array.from(expected).slice(0, 12).join(', ')}`,
      );
    }
  }
}

// ---- heap I/O ------------------------------------------------------------------------------

export interface RunInput {
  tensor: Tensor;
  /** [batch, time] of 1/0, nested or flat. */
  mask?: number[][] | ArrayLike<number>;
}

export type LayerInput = Tensor | RunInput;

const asInput = (x: LayerInput): RunInput => (x instanceof Tensor ? { tensor: x } : x);

/** Copies a Tensor (and mask) into fresh buffers of the active heap. */
export function toActivation(x: LayerInput): Activation {
  const { tensor: t, mask } = asInput(x);
  const heap = engine().heap;
  const buf = heap.alloc(t.size);
  if (t.dtype === 'int32') heap.viewInt(buf).set(t.dataSync());
  else heap.view(buf).set(t.dataSync());
  let maskBuf: HeapBuffer | null = null;
  if (mask) {
    const flat = Array.isArray(mask) && Array.isArray(mask[0]) ? (mask as number[][]).flat() : Array.from(mask as ArrayLike<number>);
    maskBuf = heap.alloc(flat.length);
    heap.view(maskBuf).set(flat);
  }
  return { buf, shape: [...t.shape], dtype: t.dtype, mask: maskBuf };
}

export function fromActivation(a: Activation): Tensor {
  return new Tensor(engine().heap.view(a.buf).slice(0, size(a.shape)), a.shape);
}

export function maskOf(a: Activation): number[] | null {
  return a.mask ? Array.from(engine().heap.view(a.mask)) : null;
}

const size = (shape: readonly number[]): number => shape.reduce((p, d) => p * d, 1);

/** Builds (from the inputs' shapes, batch = null) and runs a layer once. */
export function runLayer(
  layer: Layer,
  inputs: LayerInput[],
  training = false,
  seed = 1,
): { outputs: Tensor[]; acts: Activation[]; inputs: Activation[] } {
  const acts = inputs.map(toActivation);
  if (!layer.built) layer.build(acts.map((a) => [null, ...a.shape.slice(1)]));
  const outs = layer.forward(acts, { training, rng: new Random(seed) });
  return { outputs: outs.map(fromActivation), acts: outs, inputs: acts };
}

/** A deterministic float tensor: values drawn uniformly from [-scale, scale) by seed. */
export function randomTensor(shape: number[], seed = 1, scale = 1): Tensor {
  const rng = new Random(seed);
  return new Tensor(
    Float32Array.from({ length: size(shape) }, () => rng.uniform(-scale, scale)),
    shape,
  );
}

// ---- gradient check ------------------------------------------------------------------------

/** Anything with a forward and a backward pass over heap Activations (a layer, a chain, a model). */
export interface Differentiable {
  name: string;
  /** Weights whose gradients are checked (the trainable ones). */
  weights: Weight[];
  forward(inputs: Activation[], ctx: CallContext): Activation[];
  /** dLoss/dOutputs in, dLoss/dInputs out (null where not asked); adds into the weights' grads. */
  backward(outputGrads: HeapBuffer[], needInputGrads: boolean[]): Array<HeapBuffer | null>;
}

/** Layers applied in order: the first gets the inputs, each next one the previous outputs. */
export function chain(...layers: Layer[]): Differentiable {
  return {
    name: layers.map((l) => l.name).join(' → '),
    get weights() {
      return layers.flatMap((l) => l.weights.filter((w) => w.isTrainable));
    },
    forward(inputs, ctx) {
      let outs = inputs;
      for (const layer of layers) {
        if (!layer.built) layer.build(outs.map((o) => [null, ...o.shape.slice(1)]));
        outs = layer.forward(outs, ctx);
      }
      return outs;
    },
    backward(outputGrads, needInputGrads) {
      let grads: Array<HeapBuffer | null> = outputGrads;
      for (let i = layers.length - 1; i >= 0; i--) {
        grads = layers[i]!.backward(grads, { needInputGrads: i === 0 ? needInputGrads : [true] });
      }
      return grads;
    },
  };
}

export interface GradientCheckOptions {
  /** Central-difference step (default 1e-2; smaller where an activation has a kink at 0). */
  eps?: number;
  /** Per element, analytic vs numeric (default: atol 2e-2, rtol 2e-2). */
  tol?: Tolerance;
  /** Check at most this many elements per input/weight, spread evenly (default: all). */
  samples?: number;
  /** Inputs whose gradient is not checked (int ids are never checked). */
  skipInputs?: number[];
  /** Forward in training mode (dropout); every evaluation gets the same fresh Random(seed). */
  training?: boolean;
  seed?: number;
  /** Prefix for failure messages (e.g. the kernel set). */
  what?: string;
}

/**
 * Compares the backward pass with central differences of L = Σ R ⊙ outputs, on every float input
 * and every weight of `subject` (a Layer, built from the inputs' shapes when it is not yet).
 */
export function checkGradients(subject: Layer | Differentiable, inputs: LayerInput[], opts: GradientCheckOptions = {}): void {
  const eps = opts.eps ?? 1e-2;
  const tol = opts.tol ?? { atol: 2e-2, rtol: 2e-2 };
  const heap = engine().heap;
  const acts = inputs.map(toActivation);
  if (subject instanceof Layer && !subject.built) subject.build(acts.map((a) => [null, ...a.shape.slice(1)]));
  const model = subject instanceof Layer ? chain(subject) : subject;
  const ctx = (): CallContext => ({ training: opts.training ?? false, rng: new Random(opts.seed ?? 7) });
  const first = model.forward(acts, ctx());
  const rng = new Random(99);
  const projections = first.map((o) => Float64Array.from({ length: size(o.shape) }, () => rng.uniform(-1, 1)));
  const loss = (): number => {
    let s = 0;
    model.forward(acts, ctx()).forEach((o, i) => {
      const v = heap.view(o.buf);
      const r = projections[i]!;
      for (let j = 0; j < r.length; j++) s += r[j]! * v[j]!;
    });
    return s;
  };
  // analytic
  model.forward(acts, ctx());
  for (const w of model.weights) heap.view(w.grad).fill(0);
  const gradBufs = projections.map((r) => {
    const b = heap.alloc(r.length);
    heap.view(b).set(r);
    return b;
  });
  const needInputGrads = acts.map((a, i) => a.dtype === 'float32' && !(opts.skipInputs ?? []).includes(i));
  const dInputs = model.backward(gradBufs, needInputGrads);
  const analyticInputs = acts.map((a, i) => (dInputs[i] && needInputGrads[i] ? heap.view(dInputs[i]!).slice(0, size(a.shape)) : null));
  const analyticWeights = model.weights.map((w) => heap.view(w.grad).slice());

  const compare = (label: string, buf: HeapBuffer, n: number, analytic: Float32Array): void => {
    const step = Math.max(1, Math.floor(n / (opts.samples ?? n)));
    const got: number[] = [];
    const numeric: number[] = [];
    for (let i = 0; i < n; i += step) {
      const orig = heap.view(buf)[i]!;
      heap.view(buf)[i] = orig + eps;
      const up = loss();
      heap.view(buf)[i] = orig - eps;
      const down = loss();
      heap.view(buf)[i] = orig;
      got.push(analytic[i]!);
      numeric.push((up - down) / (2 * eps));
    }
    expectClose(got, numeric, tol, `${opts.what ? `${opts.what} ` : ''}${model.name} ${label} (every ${step})`);
  };
  acts.forEach((a, i) => {
    const g = analyticInputs[i];
    if (g) compare(`dInput${i}`, a.buf, g.length, g);
  });
  model.weights.forEach((w, i) => compare(`d${w.path ?? w.name}`, w.value, w.size, analyticWeights[i]!));
  for (const b of gradBufs) heap.release(b);
}

// ---- run_layer_test ------------------------------------------------------------------------

export interface LayerTestSpec {
  make: () => Layer;
  inputs: () => LayerInput[];
  /** Expected output shapes (batch included). */
  outputShapes: Shape[];
  /** Expected numbers of trainable and non-trainable weight arrays, and of parameters. */
  weights: { trainable: number; nonTrainable?: number; params?: number };
  /** Weights to set before running, and the expected outputs (Keras' values). */
  golden?: { weights?: () => Tensor[]; outputs: ArrayLike<number>[]; tol: Tolerance };
  /** The finite-difference check (skip with false). */
  gradients?: GradientCheckOptions | false;
}

/** Registers Keras' run_layer_test checks for one layer, on every kernel set. */
export function layerTest(name: string, spec: LayerTestSpec): void {
  describeKernels(name, (set) => {
    it('builds, gives the expected output shapes and weight counts, and round-trips its config', () => {
      const layer = spec.make();
      const inputs = spec.inputs();
      const { outputs } = runLayer(layer, inputs);
      expect(outputs.map((o) => o.shape)).toEqual(spec.outputShapes);
      expect(layer.weights.filter((w) => w.isTrainable).length).toBe(spec.weights.trainable);
      expect(layer.weights.filter((w) => !w.isTrainable).length).toBe(spec.weights.nonTrainable ?? 0);
      if (spec.weights.params !== undefined) expect(layer.countParams()).toBe(spec.weights.params);
      const config = layer.getConfig();
      registerBuiltinLayers();
      const copy = deserializeLayer(layer.className, JSON.parse(JSON.stringify(config)) as Record<string, unknown>);
      expect(copy.getConfig()).toEqual(config);
      copy.build(inputs.map((x) => [null, ...asInput(x).tensor.shape.slice(1)]));
      copy.setWeights(layer.getWeights());
      runLayer(copy, inputs).outputs.forEach((o, i) =>
        expectClose(o.dataSync(), outputs[i]!.dataSync(), 0, `${set.name} ${name} round-tripped output ${i}`),
      );
    });

    if (spec.golden) {
      const golden = spec.golden;
      it("gives Keras' values", () => {
        const layer = spec.make();
        const inputs = spec.inputs();
        layer.build(inputs.map((x) => [null, ...asInput(x).tensor.shape.slice(1)]));
        if (golden.weights) layer.setWeights(golden.weights());
        runLayer(layer, inputs).outputs.forEach((o, i) =>
          expectClose(o.dataSync(), golden.outputs[i]!, golden.tol, `${set.name} ${name} output ${i}`),
        );
      });
    }

    if (spec.gradients !== false) {
      const options = spec.gradients ?? {};
      it('passes the gradient check', () => checkGradients(spec.make(), spec.inputs(), { ...options, what: set.name }));
    }
  });
}
