// The optimizer base: gradient clipping (clipnorm per tensor, clipvalue, globalClipnorm —
// only one, as Keras requires), the step counter, and per-weight state ("slots") kept in the
// heap next to the weights. Subclasses implement one update over a weight's value and grad,
// as one call of an update kernel (src/kernels/core.ts) of the weight's layer: SIMD on the
// wasm kernels, so a step over a large Embedding table is not a JavaScript loop.

import type { Heap, HeapBuffer } from '../heap.ts';
import { DEFAULT_POLICY, runRanges, UPDATE_WORK_PER_ELEMENT, type Calls } from '../threads/index.ts';
import type { Weight } from '../layers/layer.ts';
import { checkOptions, rules, type Schema } from '../models/validate.ts';

const commonOptions: Schema = {
  learningRate: rules.positive,
  lr: rules.positive,
  clipnorm: rules.positive,
  clipvalue: rules.positive,
  globalClipnorm: rules.positive,
};

export interface OptimizerArgs {
  learningRate?: number;
  /** Keras 2 spelling of learningRate. */
  lr?: number;
  /** Clip each gradient tensor to this L2 norm. */
  clipnorm?: number;
  /** Clip each gradient element to [−clipvalue, clipvalue]. */
  clipvalue?: number;
  /** Clip all gradients together to this global L2 norm. */
  globalClipnorm?: number;
}

/** Optimizer state in plain arrays, for save/load (slots by weight path, in slotNames order). */
export interface OptimizerState {
  iterations: number;
  slots: Record<string, Float32Array[]>;
}

export abstract class Optimizer {
  abstract readonly className: string;
  /** Settable between steps (ReduceLROnPlateau and LambdaCallbacks change it). */
  learningRate: number;
  readonly clipnorm: number | null;
  readonly clipvalue: number | null;
  readonly globalClipnorm: number | null;
  /** Steps taken so far (Keras' optimizer.iterations). */
  iterations = 0;
  private readonly slotBuffers = new Map<Weight, HeapBuffer[]>();

  /** `options`: the subclass's own options and their checks (besides learningRate and clipping). */
  constructor(args: OptimizerArgs, defaultLearningRate: number, options: Schema = {}) {
    const who = this.constructor.name;
    checkOptions(args, { ...commonOptions, ...options }, who, `${who.toLowerCase()}({learningRate: ${defaultLearningRate}})`);
    this.learningRate = args.learningRate ?? args.lr ?? defaultLearningRate;
    this.clipnorm = args.clipnorm ?? null;
    this.clipvalue = args.clipvalue ?? null;
    this.globalClipnorm = args.globalClipnorm ?? null;
    const set = [this.clipnorm, this.clipvalue, this.globalClipnorm].filter((v) => v !== null).length;
    if (set > 1) throw new Error(`${this.constructor.name}: only one of clipnorm, clipvalue and globalClipnorm may be set`);
    if (!(this.learningRate > 0)) throw new Error(`${this.constructor.name}: learningRate must be positive, got ${this.learningRate}`);
  }

  /** Names of the per-weight state arrays this optimizer keeps (e.g. ['m', 'v']). */
  abstract get slotNames(): string[];

  /** Updates one weight in place with `kernels` (the weight's layer's); `slots` are this weight's state. */
  protected abstract update(calls: Calls, value: number, grad: number, n: number, slots: number[], step: number): void;

  /** Clips the gradients and updates every weight once. */
  applyGradients(weights: Weight[], heap: Heap): void {
    for (const w of weights) this.slotsFor(w, heap); // allocate before taking views
    const f = heap.f32;
    if (this.globalClipnorm !== null) {
      let sq = 0;
      for (const w of weights) sq += sumSquares(f, w.grad.offset, w.size);
      const norm = Math.sqrt(sq);
      if (norm > this.globalClipnorm) for (const w of weights) scaleRange(f, w.grad.offset, w.size, this.globalClipnorm / norm);
    }
    const step = this.iterations + 1;
    for (const w of weights) {
      const g = w.grad.offset;
      const n = w.size;
      if (this.clipnorm !== null) {
        const norm = Math.sqrt(sumSquares(f, g, n));
        if (norm > this.clipnorm) scaleRange(f, g, n, this.clipnorm / norm);
      }
      if (this.clipvalue !== null) {
        const c = this.clipvalue;
        for (let i = g; i < g + n; i++) f[i] = f[i]! > c ? c : f[i]! < -c ? -c : f[i]!;
      }
      const slots = this.slotsFor(w, heap).map((b) => b.offset);
      // elementwise: a large weight (an Embedding table) is updated in chunks on all threads
      runRanges(
        w.layer.kernels,
        n,
        UPDATE_WORK_PER_ELEMENT * n,
        (calls, start, count) => {
          this.update(
            calls,
            w.value.offset + start,
            g + start,
            count,
            slots.map((s) => s + start),
            step,
          );
        },
        { align: 4, minCount: DEFAULT_POLICY.updateMinChunk },
      );
    }
    this.iterations = step;
  }

  private slotsFor(w: Weight, heap: Heap): HeapBuffer[] {
    let slots = this.slotBuffers.get(w);
    if (!slots) {
      slots = this.slotNames.map(() => heap.alloc(w.size));
      this.initSlots(heap, slots, w.size);
      this.slotBuffers.set(w, slots);
    }
    return slots;
  }

  /** Fills fresh slots (zeros by default; Adagrad starts its accumulator at 0.1). */
  protected initSlots(_heap: Heap, _slots: HeapBuffer[], _n: number): void {}

  getState(heap: Heap): OptimizerState {
    const slots: Record<string, Float32Array[]> = Object.create(null); // keys are weight paths
    for (const [w, bufs] of this.slotBuffers) slots[w.path] = bufs.map((b) => heap.view(b).slice());
    return { iterations: this.iterations, slots };
  }

  /** Restores state saved by getState(); weights are matched by path. */
  setState(state: OptimizerState, weights: Weight[], heap: Heap): void {
    this.iterations = state.iterations;
    for (const w of weights) {
      const saved = Object.prototype.hasOwnProperty.call(state.slots, w.path) ? state.slots[w.path] : undefined;
      if (!saved) continue;
      if (saved.length !== this.slotNames.length || this.slotNames.some((_, i) => saved[i]?.length !== w.size)) {
        throw new Error(`${this.className}.setState: state for ${w.path} does not match the weight [${w.shape}]`);
      }
      const bufs = this.slotsFor(w, heap);
      saved.forEach((a, i) => heap.view(bufs[i]!).set(a));
    }
  }

  getConfig(): Record<string, unknown> {
    const config: Record<string, unknown> = { learningRate: this.learningRate };
    if (this.clipnorm !== null) config.clipnorm = this.clipnorm;
    if (this.clipvalue !== null) config.clipvalue = this.clipvalue;
    if (this.globalClipnorm !== null) config.globalClipnorm = this.globalClipnorm;
    return config;
  }

  /** Frees the state (e.g. when a model is recompiled). */
  dispose(heap: Heap): void {
    for (const bufs of this.slotBuffers.values()) for (const b of bufs) heap.release(b);
    this.slotBuffers.clear();
  }
}

function sumSquares(f: Float32Array, o: number, n: number): number {
  let s = 0;
  for (let i = o; i < o + n; i++) s += f[i]! * f[i]!;
  return s;
}

function scaleRange(f: Float32Array, o: number, n: number, k: number): void {
  for (let i = o; i < o + n; i++) f[i] = f[i]! * k;
}
