// Bidirectional(layer, {mergeMode}): runs the recurrent layer forwards and a fresh copy with
// goBackwards flipped, then merges. As Keras: with returnSequences the backward output is
// flipped back to forward time order before merging; returnState gives
// [output, ...forward states, ...backward states]; mergeMode null gives both outputs; initial
// states are split half/half; masks go to both sublayers, and masked steps of the sequence
// outputs are zeros (Keras forces zero_output_for_mask). Weights: forward_* then backward_*.

import type { HeapBuffer } from '../../heap.ts';
import type { Tensor } from '../../tensor.ts';
import { Layer, type Activation, type BackwardContext, type CallContext, type LayerArgs, type Shape } from '../layer.ts';
import { sizeOf } from '../core/shape-util.ts';
import { cloneLayer, removePrefix } from './clone.ts';
import type { EmbeddingConsumer } from '../embedding-fusion.ts';
import type { RNNBase } from '../recurrent/base.ts';
import { runSequenceCalls } from '../recurrent/inference.ts';

export type MergeMode = 'concat' | 'sum' | 'ave' | 'mul' | null;

export interface BidirectionalOptions extends LayerArgs {
  mergeMode?: MergeMode;
  /** A layer to use for the backward direction instead of a copy (must have goBackwards: true). */
  backwardLayer?: Layer;
}

export interface BidirectionalArgs extends BidirectionalOptions {
  layer: Layer;
}

interface RecurrentLike {
  returnSequences: boolean;
  returnState: boolean;
  goBackwards: boolean;
  /** The recurrent layers' (RNNBase): asked for both directions. */
  fusesWithEmbedding?: EmbeddingConsumer['fusesWithEmbedding'];
}

function recurrent(layer: Layer, who: string): Layer & RecurrentLike {
  const r = layer as Layer & Partial<RecurrentLike>;
  if (typeof r.returnSequences !== 'boolean' || typeof r.goBackwards !== 'boolean') {
    throw new Error(`${who}: the wrapped layer must be a recurrent layer (SimpleRNN, LSTM, GRU), got ${layer.className}`);
  }
  return r as Layer & RecurrentLike;
}

/** A recurrent layer's inference plan (RNNBase.sequencePlan), or null where it takes its training path. */
function sequencePlanOf(layer: Layer, x: Activation, ctx: CallContext): ReturnType<RNNBase['sequencePlan']> {
  const plan = (layer as Partial<Pick<RNNBase, 'sequencePlan'>>).sequencePlan;
  return plan ? plan.call(layer, [x], ctx) : null;
}

export class Bidirectional extends Layer implements EmbeddingConsumer {
  readonly className = 'Bidirectional';
  readonly forwardLayer: Layer & RecurrentLike;
  readonly backwardLayer: Layer & RecurrentLike;
  readonly mergeMode: MergeMode;
  // saved by forward
  private fwdOut: Activation[] = [];
  private bwdOut: Activation[] = [];
  private outputsFwd: HeapBuffer | null = null;
  private outputsBwd: HeapBuffer | null = null;
  private mask: HeapBuffer | null = null;
  private inShape: number[] = [];
  private initialStates = 0;

  constructor(args: BidirectionalArgs) {
    super(args, 'bidirectional');
    const layer = recurrent(args.layer, this.name);
    this.mergeMode = args.mergeMode === undefined ? 'concat' : args.mergeMode;
    if (!['concat', 'sum', 'ave', 'mul', null].includes(this.mergeMode)) {
      throw new Error(`${this.name}: mergeMode must be 'concat', 'sum', 'ave', 'mul' or null, got '${String(this.mergeMode)}'`);
    }
    if (layer.built) throw new Error(`${this.name}: wrap an unbuilt layer (the backward copy is made from its config)`);
    const base = removePrefix(layer.name, 'forward_');
    this.backwardLayer = recurrent(
      args.backwardLayer ?? cloneLayer(layer, { name: `backward_${removePrefix(base, 'backward_')}`, goBackwards: !layer.goBackwards }),
      this.name,
    );
    layer.name = `forward_${base}`;
    this.forwardLayer = layer;
    const [f, b] = [this.forwardLayer, this.backwardLayer];
    if (args.backwardLayer) {
      if (f.goBackwards === b.goBackwards)
        throw new Error(`${this.name}: backwardLayer must have goBackwards ${!f.goBackwards}, as the opposite of the forward layer`);
      if (f.returnSequences !== b.returnSequences || f.returnState !== b.returnState) {
        throw new Error(`${this.name}: forward and backward layers must agree on returnSequences and returnState`);
      }
    }
  }

  get returnSequences(): boolean {
    return this.forwardLayer.returnSequences;
  }

  get returnState(): boolean {
    return this.forwardLayer.returnState;
  }

  override build(inputShapes: Shape[]): void {
    const x = [inputShapes[0]!];
    if (!this.forwardLayer.built) this.forwardLayer.build(x);
    if (!this.backwardLayer.built) this.backwardLayer.build(x);
    this.weights.push(...this.forwardLayer.weights, ...this.backwardLayer.weights);
    super.build(inputShapes);
  }

  computeOutputShape(inputShapes: Shape[]): Shape[] {
    const f = this.forwardLayer.computeOutputShape([inputShapes[0]!]);
    const b = this.backwardLayer.computeOutputShape([inputShapes[0]!]);
    const [outF, ...statesF] = f as [Shape, ...Shape[]];
    const [outB, ...statesB] = b as [Shape, ...Shape[]];
    if (this.mergeMode === null) return [outF, outB, ...statesF, ...statesB];
    const merged = [...outF];
    if (this.mergeMode === 'concat') {
      const last = merged.length - 1;
      merged[last] = merged[last] === null || outB[last] == null ? null : (merged[last] as number) + (outB[last] as number);
    }
    return [merged, ...statesF, ...statesB];
  }

  /** [B, T, u] → [B, T, u] with time reversed (via two time transposes). */
  private flipTime(src: number, dst: number, batch: number, time: number, units: number): void {
    const tmp = this.buffer('flipTmp', batch * time * units);
    this.kernels.transposeTime(src, tmp.offset, batch, time, units, false, true);
    this.kernels.transposeTime(tmp.offset, dst, time, batch, units, false, false);
  }

  /** Zeroes the rows of a [B, T, u] buffer at masked steps. */
  private applyMask(buf: number, rows: number, units: number): void {
    if (!this.mask) return;
    const h = this.kernels.heap.f32;
    for (let r = 0; r < rows; r++) if (h[this.mask.offset + r] === 0) h.fill(0, buf + r * units, buf + (r + 1) * units);
  }

  /** Both directions work from an Embedding's ids and table (the model then hands them to both in ctx.embedded). */
  fusesWithEmbedding(vocab: number, batch: number, time: number, training: boolean): boolean {
    const fuses = (layer: RecurrentLike): boolean => layer.fusesWithEmbedding?.(vocab, batch, time, training) ?? false;
    return fuses(this.forwardLayer) && fuses(this.backwardLayer);
  }

  forward(inputs: Activation[], ctx: CallContext): Activation[] {
    const [x, ...states] = inputs as [Activation, ...Activation[]];
    if (states.length % 2 !== 0) throw new Error(`${this.name}: initial states must come in forward/backward halves, got ${states.length}`);
    if (!this.built) this.build([[null, ...x.shape.slice(1)]]);
    this.inShape = [...x.shape];
    this.initialStates = states.length;
    const half = states.length / 2;
    // inference: both directions' time loops in one fork-join, running concurrently
    const forwardPlan = states.length === 0 ? sequencePlanOf(this.forwardLayer, x, ctx) : null;
    const backwardPlan = forwardPlan ? sequencePlanOf(this.backwardLayer, x, ctx) : null;
    if (forwardPlan && backwardPlan) {
      runSequenceCalls(this.kernels, [forwardPlan.call, backwardPlan.call], (this.forwardLayer as Partial<RNNBase>).threadPolicy);
      this.fwdOut = forwardPlan.outputs();
      this.bwdOut = backwardPlan.outputs();
    } else {
      this.fwdOut = this.forwardLayer.forward([x, ...states.slice(0, half)], ctx);
      this.bwdOut = this.backwardLayer.forward([x, ...states.slice(half)], ctx);
    }
    const [of, ...statesF] = this.fwdOut as [Activation, ...Activation[]];
    const [ob, ...statesB] = this.bwdOut as [Activation, ...Activation[]];
    const k = this.kernels;
    const seq = this.returnSequences;
    this.mask = seq ? (x.mask ?? null) : null;
    const n = sizeOf(of.shape);
    const units = of.shape[of.shape.length - 1]!;
    const rows = n / units;
    // forward-time copies of both outputs (layer-owned, so merges and backward can read them)
    const f = this.buffer('outF', n);
    const b = this.buffer('outB', n);
    k.copy(of.buf.offset, f.offset, n);
    if (seq) this.flipTime(ob.buf.offset, b.offset, x.shape[0]!, x.shape[1]!, units);
    else k.copy(ob.buf.offset, b.offset, n);
    this.applyMask(f.offset, rows, units);
    this.applyMask(b.offset, rows, units);
    this.outputsFwd = f;
    this.outputsBwd = b;
    const outMask = seq ? (x.mask ?? null) : null;
    const stateActs = [...statesF, ...statesB];
    if (this.mergeMode === null) {
      return [
        { buf: f, shape: [...of.shape], dtype: 'float32', mask: outMask },
        { buf: b, shape: [...of.shape], dtype: 'float32', mask: outMask },
        ...stateActs,
      ];
    }
    let merged: HeapBuffer;
    let shape = [...of.shape];
    if (this.mergeMode === 'concat') {
      merged = this.buffer('merged', 2 * n);
      const h = k.heap.f32;
      for (let r = 0; r < rows; r++) {
        h.copyWithin(merged.offset + 2 * r * units, f.offset + r * units, f.offset + (r + 1) * units);
        h.copyWithin(merged.offset + (2 * r + 1) * units, b.offset + r * units, b.offset + (r + 1) * units);
      }
      shape = [...of.shape.slice(0, -1), 2 * units];
    } else {
      merged = this.buffer('merged', n);
      if (this.mergeMode === 'mul') k.mul(f.offset, b.offset, merged.offset, n);
      else k.add(f.offset, b.offset, merged.offset, n);
      if (this.mergeMode === 'ave') k.scale(merged.offset, 0.5, n);
    }
    return [{ buf: merged, shape, dtype: 'float32', mask: outMask }, ...stateActs];
  }

  backward(outputGrads: Array<HeapBuffer | null>, ctx: BackwardContext): Array<HeapBuffer | null> {
    const k = this.kernels;
    const [of] = this.fwdOut as [Activation];
    const n = sizeOf(of.shape);
    const units = of.shape[of.shape.length - 1]!;
    const rows = n / units;
    const outputs = this.mergeMode === null ? 2 : 1;
    const stateGrads = outputGrads.slice(outputs);
    const nStates = this.fwdOut.length - 1;
    const dF = this.buffer('dOutF', n);
    const dB = this.buffer('dOutB', n);
    const h = k.heap.f32;
    if (this.mergeMode === null) {
      const [gf, gb] = outputGrads;
      if (gf) k.copy(gf.offset, dF.offset, n);
      else k.fill(dF.offset, n, 0);
      if (gb) k.copy(gb.offset, dB.offset, n);
      else k.fill(dB.offset, n, 0);
    } else {
      const g = outputGrads[0];
      if (!g) {
        k.fill(dF.offset, n, 0);
        k.fill(dB.offset, n, 0);
      } else if (this.mergeMode === 'concat') {
        for (let r = 0; r < rows; r++) {
          h.copyWithin(dF.offset + r * units, g.offset + 2 * r * units, g.offset + (2 * r + 1) * units);
          h.copyWithin(dB.offset + r * units, g.offset + (2 * r + 1) * units, g.offset + (2 * r + 2) * units);
        }
      } else if (this.mergeMode === 'mul') {
        k.mul(g.offset, this.outputsBwd!.offset, dF.offset, n);
        k.mul(g.offset, this.outputsFwd!.offset, dB.offset, n);
      } else {
        k.copy(g.offset, dF.offset, n);
        if (this.mergeMode === 'ave') k.scale(dF.offset, 0.5, n);
        k.copy(dF.offset, dB.offset, n);
      }
    }
    this.applyMask(dF.offset, rows, units);
    this.applyMask(dB.offset, rows, units);
    let dBack = dB;
    if (this.returnSequences) {
      dBack = this.buffer('dOutBFlipped', n);
      this.flipTime(dB.offset, dBack.offset, this.inShape[0]!, this.inShape[1]!, units);
    }
    const gradsF = this.forwardLayer.backward([dF, ...stateGrads.slice(0, nStates)], ctx);
    const gradsB = this.backwardLayer.backward([dBack, ...stateGrads.slice(nStates)], ctx);
    let dx: HeapBuffer | null = null;
    if (!gradsF[0] !== !gradsB[0]) throw new Error(`${this.name}: internal error: only one direction returned an input gradient`);
    if ((ctx.needInputGrads[0] ?? true) && gradsF[0] && gradsB[0]) {
      const size = sizeOf(this.inShape);
      dx = this.buffer('dx', size);
      k.add(gradsF[0].offset, gradsB[0].offset, dx.offset, size);
    }
    const half = this.initialStates / 2;
    const dStates = [...gradsF.slice(1, 1 + half), ...gradsB.slice(1, 1 + half)];
    return [dx, ...dStates.map((d) => d ?? null)];
  }

  /** stateful sublayers: forget the carried states, or set them (forward half, then backward half). */
  resetStates(states?: Tensor[]): void {
    const half = states ? states.length / 2 : 0;
    for (const [layer, part] of [
      [this.forwardLayer, states?.slice(0, half)],
      [this.backwardLayer, states?.slice(half)],
    ] as const) {
      const reset = (layer as unknown as { resetStates?: (s?: Tensor[]) => void }).resetStates;
      if (!reset) throw new Error(`${this.name}.resetStates: ${layer.name} has no states to reset`);
      reset.call(layer, part);
    }
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      layer: { className: this.forwardLayer.className, config: this.forwardLayer.getConfig() },
      backwardLayer: { className: this.backwardLayer.className, config: this.backwardLayer.getConfig() },
      mergeMode: this.mergeMode,
    };
  }

  override dispose(): void {
    this.weights.length = 0; // owned by the sublayers
    this.forwardLayer.dispose();
    this.backwardLayer.dispose();
    super.dispose();
  }
}

/** `bidirectional(lstm({units: 32}))`, `bidirectional(layer, {mergeMode: 'sum'})` or tfjs' `bidirectional({layer, mergeMode})`. */
export function bidirectional(layerOrArgs: Layer | BidirectionalArgs, options: BidirectionalOptions = {}): Bidirectional {
  return layerOrArgs instanceof Layer ? new Bidirectional({ ...options, layer: layerOrArgs }) : new Bidirectional(layerOrArgs);
}
