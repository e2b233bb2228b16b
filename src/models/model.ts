// LayersModel: everything a Keras model does that does not depend on how its layers are wired —
// compile / fit / evaluate / predict, the training loop, getWeights / setWeights, save hooks.
// A subclass (Sequential here; the functional Model in functional.ts) only provides:
//   - its layers and symbolic input/output shapes (ensureBuilt, inputShapes, outputShapes),
//   - forwardPass(inputs) -> outputs and backwardPass(outputGrads), on heap Activations,
//   - outputLayers() (for fused sigmoid/softmax + cross-entropy gradients) and getConfig().
// Several inputs and outputs are supported throughout: x and y may be a Tensor or Tensor[].

import { wakeThreads } from '../threads/index.ts';
import { History } from '../callbacks/history.ts';
import { CallbackList, type CallbackHooks, type Logs, type TrainingParams } from '../callbacks/callback.ts';
import { ProgbarLogger } from '../callbacks/progbar-logger.ts';
import { engine } from '../engine.ts';
import type { HeapBuffer } from '../heap.ts';
import type { Kernels } from '../kernels/index.ts';
import type { Activation, CallContext, Layer, Shape, Weight } from '../layers/layer.ts';
import { getLoss, type Loss } from '../losses.ts';
import { getMetric, type Metric } from '../metrics.ts';
import { getOptimizer, type Optimizer } from '../optimizers/index.ts';
import { getGlobalRandom, Random } from '../random.ts';
import { Tensor, type DType } from '../tensor.ts';
import { Progbar } from '../utils/progbar.ts';
import { loadWeightsFile, saveModelFile, saveWeightsFile, type SaveOptions } from '../io/save.ts';
import { checkRows, DatasetReader, isDataset, normalizeBatch, toList, type Dataset, type TensorOrList } from './data.ts';

export interface CompileArgs {
  optimizer: string | Optimizer;
  /** One loss for every output, or one per output. */
  loss: string | Loss | Array<string | Loss>;
  metrics?: Array<string | Metric>;
}

export interface FitArgs {
  epochs?: number;
  batchSize?: number;
  /** 1: progress bar (one line per epoch when not a terminal); 2: one line per epoch; 0: silent. */
  verbose?: 0 | 1 | 2;
  callbacks?: CallbackHooks[];
  /** Fraction of the samples, taken from the end before shuffling, held out for validation. */
  validationSplit?: number;
  /** [xVal, yVal] or [xVal, yVal, sampleWeightVal], or a dataset of batches. */
  validationData?: [TensorOrList, TensorOrList] | [TensorOrList, TensorOrList, Tensor] | Dataset;
  shuffle?: boolean;
  initialEpoch?: number;
  /** Weight per class id (targets of 1 unit or class ids: the value; one-hot: the argmax). */
  classWeight?: Record<number, number>;
  /** One weight per sample. */
  sampleWeight?: Tensor;
  /** Datasets: batches per epoch (required for endless generators). */
  stepsPerEpoch?: number;
  /** Validation dataset: batches per evaluation. */
  validationSteps?: number;
  /** Progress counter in 'steps' (tf.keras 2, default) or 'samples' (Keras 2.2 books). */
  progressUnit?: 'steps' | 'samples';
  /** Seed for shuffling and dropout masks (default: drawn from the global seeded generator). */
  seed?: number;
}

export interface EvaluateArgs {
  batchSize?: number;
  verbose?: 0 | 1;
  sampleWeight?: Tensor;
  /** Datasets: number of batches to use. */
  steps?: number;
}

export interface PredictArgs {
  batchSize?: number;
  verbose?: 0 | 1;
  steps?: number;
}

/** A layer whose output activation can take the loss gradient with respect to its logits. */
interface FusableOutput {
  activation: { name: string };
  fuseActivationGrad: boolean;
}

function isFusable(layer: Layer): layer is Layer & FusableOutput {
  return 'fuseActivationGrad' in layer && typeof (layer as unknown as FusableOutput).activation?.name === 'string';
}

interface Compiled {
  optimizer: Optimizer;
  losses: Loss[];
  /** Per output: the resolved metrics. */
  metrics: Metric[][];
  /** Metric names as the user wrote them. */
  metricNames: string[];
  fused: boolean[];
  config: { optimizer: string; optimizerConfig: Record<string, unknown>; loss: string[]; metrics: string[] };
}

/** Running sums for one pass over data (Keras' Mean metrics). */
class Accumulator {
  samples = 0;
  lossSum = 0;
  outputLossSums: number[];
  metricSums: number[][];
  metricCounts: number[][];

  constructor(private readonly model: LayersModel, private readonly compiled: Compiled) {
    this.outputLossSums = compiled.losses.map(() => 0);
    this.metricSums = compiled.metrics.map((m) => m.map(() => 0));
    this.metricCounts = compiled.metrics.map((m) => m.map(() => 0));
  }

  logs(prefix = ''): Logs {
    const logs: Logs = {};
    const n = Math.max(this.samples, 1);
    logs[`${prefix}loss`] = this.lossSum / n;
    const names = this.model.outputNames;
    const multi = names.length > 1;
    if (multi) this.outputLossSums.forEach((s, o) => (logs[`${prefix}${names[o]}_loss`] = s / n));
    this.compiled.metrics.forEach((ms, o) =>
      ms.forEach((m, k) => {
        logs[`${prefix}${multi ? `${names[o]}_` : ''}${m.name}`] = this.metricSums[o]![k]! / Math.max(this.metricCounts[o]![k]!, 1e-12);
      }),
    );
    return logs;
  }
}

export abstract class LayersModel {
  abstract readonly className: string;
  name: string;
  /** Set true (e.g. from a callback) to stop fit() after the current batch. */
  stopTraining = false;
  /** The History of the last fit() (also returned by it). */
  history: History | null = null;
  protected compiled: Compiled | null = null;
  private kernelsRef: Kernels | null = null;
  private inputBufs: HeapBuffer[] = [];
  private gradBufs: HeapBuffer[] = [];
  private rng = new Random(0);

  constructor(name: string) {
    this.name = name;
  }

  // ---- the subclass contract -------------------------------------------------------------

  /** Every layer, in order (for summary, weights and save/load). */
  abstract get layers(): Layer[];
  /** Symbolic batch-first input shapes, or null while unknown (no inputShape, not yet called). */
  abstract get inputShapes(): Shape[] | null;
  /** Symbolic output shapes (the model must be built). */
  abstract get outputShapes(): Shape[];
  /** Builds the layers for these input shapes (no-op when already built). */
  abstract ensureBuilt(inputShapes: Shape[]): void;
  /** Runs the layers on inputs in the heap; returns the output Activations. */
  protected abstract forwardPass(inputs: Activation[], ctx: CallContext): Activation[];
  /** Backpropagates from dLoss/dOutput (one buffer per output), adding into weight grads. */
  protected abstract backwardPass(outputGrads: HeapBuffer[]): void;
  /** The layer producing each output. */
  protected abstract outputLayers(): Layer[];
  /** The dtype each input expects ('int32' for token ids). */
  protected abstract inputDtypes(): DType[];
  /**
   * Whether output `o` feeds nothing but the loss (its layer is called once and its value is not
   * used by another layer). Only then may a sigmoid/softmax output take dLoss/dLogits directly.
   * Graph models override this; a Sequential's last layer always qualifies.
   */
  protected outputIsTerminal(_o: number): boolean {
    return true;
  }
  /** Resets the carried states of every stateful layer (Keras `model.reset_states()`). */
  resetStates(): void {
    for (const layer of this.layers) {
      const reset = (layer as unknown as { resetStates?: () => void }).resetStates;
      if (typeof reset === 'function') reset.call(layer);
    }
  }
  /** Architecture as JSON (class names + layer configs), for save/load. */
  abstract getConfig(): Record<string, unknown>;
  abstract summary(options?: { print?: boolean; lineLength?: number }): string;

  // ---- weights --------------------------------------------------------------------------

  get kernels(): Kernels {
    if (!this.kernelsRef) this.kernelsRef = engine();
    return this.kernelsRef;
  }

  get built(): boolean {
    return this.layers.length > 0 && this.layers.every((l) => l.built);
  }

  /** Output names for multi-output logs (`dense_1_loss`). */
  get outputNames(): string[] {
    return this.outputLayers().map((l) => l.name);
  }

  get weights(): Weight[] {
    return this.layers.flatMap((l) => l.weights);
  }

  get trainableWeights(): Weight[] {
    return this.weights.filter((w) => w.isTrainable);
  }

  get nonTrainableWeights(): Weight[] {
    return this.weights.filter((w) => !w.isTrainable);
  }

  countParams(): number {
    return this.weights.reduce((n, w) => n + w.size, 0);
  }

  /** Copies of every weight, layer by layer in Keras order. */
  getWeights(): Tensor[] {
    this.requireBuilt('getWeights');
    return this.layers.flatMap((l) => l.getWeights());
  }

  setWeights(values: Tensor[]): void {
    this.requireBuilt('setWeights');
    const total = this.weights.length;
    if (values.length !== total) throw new Error(`${this.name}.setWeights: the model has ${total} weight arrays, got ${values.length}`);
    let i = 0;
    for (const l of this.layers) {
      const n = l.weights.length;
      l.setWeights(values.slice(i, i + n));
      i += n;
    }
  }

  getLayer(name: string): Layer {
    const layer = this.layers.find((l) => l.name === name);
    if (!layer) throw new Error(`${this.name}: no layer named '${name}' (layers: ${this.layers.map((l) => l.name).join(', ')})`);
    return layer;
  }

  get optimizer(): Optimizer | null {
    return this.compiled?.optimizer ?? null;
  }

  /** The compile() arguments as names (for save/load). */
  get compileConfig(): Compiled['config'] | null {
    return this.compiled?.config ?? null;
  }

  protected requireBuilt(what: string): void {
    if (!this.built) {
      throw new Error(`${this.name}.${what}: the model is not built yet; give the first layer an inputShape or call fit/predict first`);
    }
  }

  // ---- save / load (format: src/io/format.ts) --------------------------------------------

  /** Saves architecture, weights, compile arguments and optimizer state to one file (atomic). */
  async save(path: string, options: SaveOptions = {}): Promise<void> {
    await saveModelFile(this, path, options);
  }

  /** Saves only the weights (Keras' save_weights); load them with loadWeights(). */
  async saveWeights(path: string): Promise<void> {
    await saveWeightsFile(this, path);
  }

  /** Loads weights saved by saveWeights() or save() into this (built) model, by order. */
  async loadWeights(path: string): Promise<void> {
    this.requireBuilt('loadWeights');
    await loadWeightsFile(this, path);
  }

  // ---- compile --------------------------------------------------------------------------

  compile(args: CompileArgs): void {
    if (!args || args.optimizer === undefined || args.loss === undefined) {
      throw new Error(`${this.name}.compile: needs {optimizer, loss} (e.g. {optimizer: 'rmsprop', loss: 'binary_crossentropy', metrics: ['acc']})`);
    }
    if (this.compiled && this.compiled.optimizer !== args.optimizer) this.compiled.optimizer.dispose(this.kernels.heap);
    const optimizer = getOptimizer(args.optimizer);
    const lossSpecs = Array.isArray(args.loss) ? args.loss : null;
    const metricsSpecs = args.metrics ?? [];
    // resolution of per-output things waits until the output shapes are known
    this.compiled = {
      optimizer,
      losses: [],
      metrics: [],
      metricNames: metricsSpecs.map((m) => (typeof m === 'string' ? m : m.name)),
      fused: [],
      config: {
        optimizer: optimizer.className,
        optimizerConfig: optimizer.getConfig(),
        loss: (lossSpecs ?? [args.loss as string | Loss]).map((l) => (typeof l === 'string' ? l : l.name)),
        metrics: metricsSpecs.map((m) => (typeof m === 'string' ? m : m.name)),
      },
    };
    this.pendingLoss = args.loss;
    this.pendingMetrics = metricsSpecs;
    if (this.built) this.resolveCompile();
  }

  private pendingLoss: CompileArgs['loss'] | null = null;
  private pendingMetrics: Array<string | Metric> = [];

  /** Resolves losses/metrics per output once output shapes are known. */
  private resolveCompile(): Compiled {
    const c = this.compiled;
    if (!c) throw new Error(`${this.name}: compile the model before training or evaluating (model.compile({optimizer, loss}))`);
    if (c.losses.length > 0) return c;
    const outs = this.outputLayers();
    const spec = this.pendingLoss!;
    const lossSpecs = Array.isArray(spec) ? spec : outs.map(() => spec);
    if (lossSpecs.length !== outs.length) throw new Error(`${this.name}.compile: ${lossSpecs.length} losses for ${outs.length} outputs`);
    c.losses = lossSpecs.map((l) => getLoss(l));
    const shapes = this.outputShapes;
    c.metrics = outs.map((_, o) => {
      const depth = shapes[o]![shapes[o]!.length - 1] ?? 1;
      return this.pendingMetrics.map((m) => getMetric(m, c.losses[o]!, depth));
    });
    c.fused = outs.map((layer, o) => {
      const loss = c.losses[o]!;
      const fusable = isFusable(layer) && loss.fusesWith !== null && layer.activation.name === loss.fusesWith && this.outputIsTerminal(o);
      if (isFusable(layer)) layer.fuseActivationGrad = fusable;
      return fusable;
    });
    return c;
  }

  // ---- heap edges -----------------------------------------------------------------------

  /** Copies rows of each input tensor (in `order`, or contiguous from `start`) into the heap. */
  private loadInputs(xs: Tensor[], order: Int32Array | null, start: number, count: number): Activation[] {
    wakeThreads(); // a batch is starting: sleeping workers wake while the rows are copied
    const dtypes = this.inputDtypes();
    const heap = this.kernels.heap;
    const acts: Activation[] = [];
    for (let i = 0; i < xs.length; i++) {
      const t = xs[i]!;
      const rowSize = t.size / t.shape[0]!;
      const length = rowSize * count;
      let buf = this.inputBufs[i];
      if (!buf || buf.length < length) {
        if (buf) heap.release(buf);
        buf = heap.alloc(Math.max(length, 16));
        this.inputBufs[i] = buf;
      }
      const dtype = dtypes[i] ?? t.dtype;
      const src = t.dataSync();
      const dst = dtype === 'int32' ? heap.i32.subarray(buf.offset, buf.offset + length) : heap.f32.subarray(buf.offset, buf.offset + length);
      if (dtype === 'int32' && src instanceof Float32Array) {
        for (let r = 0; r < count; r++) {
          const from = (order ? order[start + r]! : start + r) * rowSize;
          for (let j = 0; j < rowSize; j++) dst[r * rowSize + j] = Math.trunc(src[from + j]!);
        }
      } else if (!order) {
        dst.set(src.subarray(start * rowSize, (start + count) * rowSize));
      } else {
        for (let r = 0; r < count; r++) {
          const from = order[start + r]! * rowSize;
          dst.set(src.subarray(from, from + rowSize), r * rowSize);
        }
      }
      acts.push({ buf: { offset: buf.offset, length }, shape: [count, ...t.shape.slice(1)], dtype });
    }
    return acts;
  }

  private gatherRows(t: Tensor, order: Int32Array | null, start: number, count: number, scratch: Float32Array | null): Float32Array {
    const rowSize = t.size / t.shape[0]!;
    const length = rowSize * count;
    const out = scratch && scratch.length >= length ? scratch.subarray(0, length) : new Float32Array(length);
    const src = t.dataSync();
    if (!order) out.set(src.subarray(start * rowSize, (start + count) * rowSize));
    else {
      for (let r = 0; r < count; r++) {
        const from = order[start + r]! * rowSize;
        out.set(src.subarray(from, from + rowSize), r * rowSize);
      }
    }
    return out;
  }

  private checkInputs(xs: Tensor[], where: string): void {
    const expected = this.inputShapes;
    if (!expected) return;
    if (xs.length !== expected.length) throw new Error(`${where}: the model has ${expected.length} input(s), got ${xs.length} tensor(s)`);
    xs.forEach((t, i) => {
      const want = expected[i]!;
      const bad = t.rank !== want.length || want.some((d, j) => j > 0 && d !== null && d !== t.shape[j]);
      if (bad) {
        throw new Error(`${where}: x${xs.length > 1 ? `[${i}]` : ''} has shape [${t.shape.join(', ')}] but the model expects (${want.map((d) => d ?? 'None').join(', ')})`);
      }
    });
  }

  private prepare(xs: Tensor[], where: string): void {
    if (!this.inputShapes || !this.built) this.ensureBuilt(xs.map((t) => [null, ...t.shape.slice(1)]));
    this.checkInputs(xs, where);
  }

  /** Runs forward + loss (+ backward + update when training) on one batch already in the heap. */
  private step(inputs: Activation[], targets: Float32Array[], sw: Float32Array | null, batch: number, acc: Accumulator, training: boolean): void {
    const c = this.compiled!;
    const outs = this.forwardPass(inputs, { training, rng: this.rng });
    const heap = this.kernels.heap;
    if (training) {
      outs.forEach((o, i) => {
        const n = o.shape.reduce((a, b) => a * b, 1);
        let g = this.gradBufs[i];
        if (!g || g.length < n) {
          if (g) heap.release(g);
          g = heap.alloc(n);
          this.gradBufs[i] = g;
        }
      });
    }
    const f = heap.f32; // after any allocation
    let total = 0;
    const grads: HeapBuffer[] = [];
    outs.forEach((o, i) => {
      const n = o.shape.reduce((a, b) => a * b, 1);
      const depth = o.shape[o.shape.length - 1] ?? 1;
      const pred = f.subarray(o.buf.offset, o.buf.offset + n);
      const grad = training ? f.subarray(this.gradBufs[i]!.offset, this.gradBufs[i]!.offset + n) : null;
      const loss = c.losses[i]!.compute({ pred, target: targets[i]!, grad, batch, depth, sampleWeight: sw, fused: training && c.fused[i]! });
      total += loss;
      acc.outputLossSums[i]! += loss * batch;
      c.metrics[i]!.forEach((m, k) => {
        const [s, cnt] = m.compute(pred, targets[i]!, batch, depth, sw);
        acc.metricSums[i]![k]! += s;
        acc.metricCounts[i]![k]! += cnt;
      });
      if (training) grads.push({ offset: this.gradBufs[i]!.offset, length: n });
    });
    acc.lossSum += total * batch;
    acc.samples += batch;
    if (!training) return;
    const weights = this.trainableWeights;
    for (const w of weights) this.kernels.fill(w.grad.offset, w.size, 0);
    this.backwardPass(grads);
    c.optimizer.applyGradients(weights, heap);
  }

  private sampleWeights(ys: Tensor[], sampleWeight: Tensor | undefined | null, classWeight: Record<number, number> | undefined): Float32Array | null {
    const n = ys[0]!.shape[0]!;
    let w: Float32Array | null = null;
    if (sampleWeight) {
      if (sampleWeight.size !== n) throw new Error(`sampleWeight has ${sampleWeight.size} values for ${n} samples`);
      w = Float32Array.from(sampleWeight.dataSync());
    }
    if (classWeight) {
      w ??= new Float32Array(n).fill(1);
      const y = ys[0]!;
      const data = y.dataSync();
      const row = y.size / n;
      for (let i = 0; i < n; i++) {
        let cls: number;
        if (row === 1) cls = Math.round(data[i]!);
        else {
          cls = 0;
          for (let j = 1; j < row; j++) if (data[i * row + j]! > data[i * row + cls]!) cls = j;
        }
        w[i] = w[i]! * (classWeight[cls] ?? 1);
      }
    }
    return w;
  }

  /** [x, y] (or [x, y, w]) arrays, as opposed to a JS array of such batches (a dataset). */
  private isArrayPair(v: unknown): boolean {
    if (!Array.isArray(v) || v.length < 2 || v.length > 3) return false;
    if (v[0] instanceof Tensor) return true;
    const numInputs = this.inputDtypes().length;
    return numInputs > 1 && Array.isArray(v[0]) && v[0].length === numInputs && v[0].every((t: unknown) => t instanceof Tensor);
  }

  // ---- fit ------------------------------------------------------------------------------

  /**
   * Trains the model. `await model.fit(x, y, {epochs, batchSize, validationSplit})`, or with a
   * dataset of [x, y] batches: `await model.fit(dataset, {epochs, stepsPerEpoch})`.
   */
  async fit(x: TensorOrList | Dataset, y?: TensorOrList | FitArgs, args: FitArgs = {}): Promise<History> {
    if (isDataset(x)) return this.fitDataset(x as Dataset, (y as FitArgs | undefined) ?? args);
    if (y === undefined || (!(y instanceof Tensor) && !Array.isArray(y))) throw new Error(`${this.name}.fit: needs targets: fit(x, y, {epochs, …})`);
    const where = `${this.name}.fit`;
    let xs = toList(x as TensorOrList, `${where}: x`);
    let ys = toList(y as TensorOrList, `${where}: y`);
    checkRows(xs, ys, args.sampleWeight ?? null, where);
    this.prepare(xs, where);
    const c = this.resolveCompile();
    if (ys.length !== c.losses.length) throw new Error(`${where}: the model has ${c.losses.length} output(s) but y has ${ys.length} tensor(s)`);
    let sw = this.sampleWeights(ys, args.sampleWeight, args.classWeight);

    // validation: explicit data, or the last fraction of x/y taken before shuffling
    let val: { xs: Tensor[]; ys: Tensor[]; sw: Float32Array | null } | Dataset | null = null;
    if (args.validationData !== undefined) {
      const vd = args.validationData;
      if (!this.isArrayPair(vd)) val = vd as Dataset;
      else {
        const [vx, vy, vsw] = vd as [TensorOrList, TensorOrList, Tensor?];
        const vxs = toList(vx, `${where}: validationData x`);
        const vys = toList(vy, `${where}: validationData y`);
        checkRows(vxs, vys, vsw ?? null, `${where}: validationData`);
        this.checkInputs(vxs, `${where}: validationData`);
        val = { xs: vxs, ys: vys, sw: vsw ? Float32Array.from(vsw.dataSync()) : null };
      }
    } else if (args.validationSplit) {
      const split = args.validationSplit;
      if (!(split > 0 && split < 1)) throw new Error(`${where}: validationSplit must be in (0, 1), got ${split}`);
      const n = xs[0]!.shape[0]!;
      const at = Math.floor(n * (1 - split));
      if (at === 0 || at === n) throw new Error(`${where}: validationSplit ${split} of ${n} samples leaves an empty training or validation set`);
      val = { xs: xs.map((t) => t.slice(at)), ys: ys.map((t) => t.slice(at)), sw: sw ? sw.subarray(at) : null };
      xs = xs.map((t) => t.slice(0, at));
      ys = ys.map((t) => t.slice(0, at));
      sw = sw ? sw.subarray(0, at) : null;
    }

    const n = xs[0]!.shape[0]!;
    const batchSize = args.batchSize ?? 32;
    if (!Number.isInteger(batchSize) || batchSize <= 0) throw new Error(`${where}: batchSize must be a positive integer, got ${batchSize}`);
    const steps = Math.ceil(n / batchSize);
    const order = new Int32Array(n);
    const shuffle = args.shuffle ?? true;
    const targetScratch = ys.map((t) => new Float32Array((t.size / n) * Math.min(batchSize, n)));
    const swScratch = sw ? new Float32Array(Math.min(batchSize, n)) : null;

    return this.trainLoop(args, { steps, samples: n, validationSamples: val && !isDataset(val) ? (val as { xs: Tensor[] }).xs[0]!.shape[0]! : null, batchSize }, async (_epoch, rng, onBatch) => {
      for (let i = 0; i < n; i++) order[i] = i;
      if (shuffle) rng.shuffle(order);
      const acc = new Accumulator(this, c);
      for (let b = 0; b < steps; b++) {
        const start = b * batchSize;
        const count = Math.min(batchSize, n - start);
        const stop = await onBatch(b, count, acc, () => {
          const inputs = this.loadInputs(xs, order, start, count);
          const targets = ys.map((t, i) => this.gatherRows(t, order, start, count, targetScratch[i]!));
          let w: Float32Array | null = null;
          if (sw) {
            w = swScratch!.subarray(0, count);
            for (let r = 0; r < count; r++) w[r] = sw[order[start + r]!]!;
          }
          this.step(inputs, targets, w, count, acc, true);
        });
        if (stop) break;
      }
      const logs = acc.logs();
      if (val && !this.stopTraining) Object.assign(logs, await this.evaluateInternal(val, { batchSize, steps: args.validationSteps }, 'val_'));
      return logs;
    });
  }

  private async fitDataset(dataset: Dataset, args: FitArgs): Promise<History> {
    const where = `${this.name}.fit`;
    if (args.validationSplit) throw new Error(`${where}: validationSplit is not supported with a dataset; pass validationData`);
    const reader = new DatasetReader<unknown>(dataset);
    const stepsPerEpoch = args.stepsPerEpoch ?? null;
    let val: Dataset | { xs: Tensor[]; ys: Tensor[]; sw: Float32Array | null } | null = null;
    if (args.validationData !== undefined) {
      const vd = args.validationData;
      if (this.isArrayPair(vd)) {
        const [vx, vy] = vd as [TensorOrList, TensorOrList];
        val = { xs: toList(vx, `${where}: validationData x`), ys: toList(vy, `${where}: validationData y`), sw: null };
      } else val = vd as Dataset;
    }
    let warned = false;
    return this.trainLoop(args, { steps: stepsPerEpoch, samples: null, validationSamples: null, batchSize: null }, async (_epoch, _rng, onBatch) => {
      if (stepsPerEpoch === null) reader.restart(); // a finite dataset: one pass per epoch
      let acc: Accumulator | null = null;
      for (let b = 0; stepsPerEpoch === null || b < stepsPerEpoch; b++) {
        let raw = await reader.next();
        if (raw === null && stepsPerEpoch !== null) {
          reader.restart(); // re-iterable datasets start over; exhausted generators stay empty
          raw = await reader.next();
        }
        if (raw === null) {
          if (stepsPerEpoch !== null && !warned) {
            warned = true;
            getWarn()(`${where}: the dataset ran out of data after ${b} of ${stepsPerEpoch} steps; training stops (give a repeating dataset or fewer stepsPerEpoch)`);
            this.stopTraining = true;
          }
          break;
        }
        const batch = normalizeBatch(raw, true, this.inputDtypes().length || 1, where);
        this.prepare(batch.xs, where);
        const c = this.resolveCompile();
        acc ??= new Accumulator(this, c);
        const count = batch.xs[0]!.shape[0]!;
        const stop = await onBatch(b, count, acc, () => {
          const inputs = this.loadInputs(batch.xs, null, 0, count);
          const targets = batch.ys.map((t) => this.gatherRows(t, null, 0, count, null));
          const w = batch.sampleWeight ? Float32Array.from(batch.sampleWeight.dataSync()) : null;
          this.step(inputs, targets, w, count, acc!, true);
        });
        if (stop) break;
      }
      if (!acc) throw new Error(`${where}: the dataset yielded no batches`);
      const logs = acc.logs();
      if (val && !this.stopTraining) Object.assign(logs, await this.evaluateInternal(val, { batchSize: 32, steps: args.validationSteps }, 'val_'));
      return logs;
    });
  }

  /** The epoch loop shared by array and dataset training: callbacks, progress, stopping. */
  private async trainLoop(
    args: FitArgs,
    shape: { steps: number | null; samples: number | null; validationSamples: number | null; batchSize: number | null },
    runEpoch: (
      epoch: number,
      rng: Random,
      onBatch: (batch: number, size: number, acc: Accumulator, work: () => void) => Promise<boolean>,
    ) => Promise<Logs>,
  ): Promise<History> {
    const epochs = args.epochs ?? 1;
    const verbose = args.verbose ?? 1;
    const initialEpoch = args.initialEpoch ?? 0;
    const history = new History();
    // Keras' order: progress bar first, History last (it sees keys callbacks add, e.g. 'lr')
    const hooks: CallbackHooks[] = [];
    if (verbose > 0) hooks.push(new ProgbarLogger());
    hooks.push(...(args.callbacks ?? []), history);
    const callbacks = new CallbackList(hooks);
    const params: TrainingParams = {
      epochs,
      steps: shape.steps,
      samples: shape.samples,
      validationSamples: shape.validationSamples,
      verbose,
      batchSize: shape.batchSize,
      progressUnit: args.progressUnit ?? 'steps',
      doValidation: args.validationData !== undefined || Boolean(args.validationSplit),
      metrics: [],
    };
    callbacks.setModel(this);
    callbacks.setParams(params);
    this.history = history;
    this.stopTraining = false;
    const fitSeed = args.seed ?? getGlobalRandom().nextUint32();
    await callbacks.call('onTrainBegin', {});
    const batchLogs: Logs = {};
    for (let epoch = initialEpoch; epoch < epochs; epoch++) {
      // shuffling and dropout depend only on (seed, epoch), so a resumed run repeats an uninterrupted one
      const rng = new Random((fitSeed ^ Math.imul(epoch + 1, 0x9e3779b9)) >>> 0);
      this.rng = rng.fork();
      await callbacks.callIndexed('onEpochBegin', epoch, {});
      const logs = await runEpoch(epoch, rng, async (batch, size, acc, work) => {
        for (const k in batchLogs) delete batchLogs[k];
        batchLogs.batch = batch;
        batchLogs.size = size;
        await callbacks.callIndexed('onBatchBegin', batch, batchLogs);
        work();
        Object.assign(batchLogs, acc.logs());
        await callbacks.callIndexed('onBatchEnd', batch, batchLogs);
        return this.stopTraining;
      });
      await callbacks.callIndexed('onEpochEnd', epoch, logs);
      if (this.stopTraining) break;
    }
    await callbacks.call('onTrainEnd', {});
    return history;
  }

  // ---- evaluate / predict ---------------------------------------------------------------

  /**
   * Loss and metrics on data: a number when there are no metrics (and one output), else
   * [loss, ...metrics] in Keras' order.
   */
  async evaluate(x: TensorOrList | Dataset, y?: TensorOrList | EvaluateArgs, args: EvaluateArgs = {}): Promise<number | number[]> {
    const where = `${this.name}.evaluate`;
    let logs: Logs;
    if (isDataset(x)) logs = await this.evaluateInternal(x as Dataset, (y as EvaluateArgs | undefined) ?? args, '', ((y as EvaluateArgs | undefined) ?? args).verbose ?? 1);
    else {
      if (y === undefined || (!(y instanceof Tensor) && !Array.isArray(y))) throw new Error(`${where}: needs targets: evaluate(x, y)`);
      const xs = toList(x as TensorOrList, `${where}: x`);
      const ys = toList(y as TensorOrList, `${where}: y`);
      checkRows(xs, ys, args.sampleWeight ?? null, where);
      this.prepare(xs, where);
      const sw = this.sampleWeights(ys, args.sampleWeight, undefined);
      logs = await this.evaluateInternal({ xs, ys, sw }, args, '', args.verbose ?? 1);
    }
    const values = Object.values(logs);
    return values.length === 1 ? values[0]! : values;
  }

  private async evaluateInternal(
    data: { xs: Tensor[]; ys: Tensor[]; sw: Float32Array | null } | Dataset,
    args: { batchSize?: number; steps?: number },
    prefix: string,
    verbose: 0 | 1 = 0,
  ): Promise<Logs> {
    const where = `${this.name}.evaluate`;
    let acc: Accumulator | null = null;
    if (isDataset(data)) {
      const reader = new DatasetReader<unknown>(data as Dataset);
      if (args.steps === undefined) reader.restart();
      const bar = verbose ? new Progbar({ target: args.steps ?? null }) : null;
      for (let b = 0; args.steps === undefined || b < args.steps; b++) {
        const raw = await reader.next();
        if (raw === null) break;
        const batch = normalizeBatch(raw, true, this.inputDtypes().length || 1, where);
        this.prepare(batch.xs, where);
        const c = this.resolveCompile();
        acc ??= new Accumulator(this, c);
        const count = batch.xs[0]!.shape[0]!;
        const inputs = this.loadInputs(batch.xs, null, 0, count);
        const targets = batch.ys.map((t) => this.gatherRows(t, null, 0, count, null));
        this.step(inputs, targets, batch.sampleWeight ? Float32Array.from(batch.sampleWeight.dataSync()) : null, count, acc, false);
        bar?.update(b + 1, acc.logs(), false);
      }
      if (!acc) throw new Error(`${where}: the dataset yielded no batches`);
      bar?.update(bar.target ?? 0, acc.logs(), true);
    } else {
      const { xs, ys, sw } = data as { xs: Tensor[]; ys: Tensor[]; sw: Float32Array | null };
      const c = this.resolveCompile();
      if (ys.length !== c.losses.length) throw new Error(`${where}: the model has ${c.losses.length} output(s) but y has ${ys.length} tensor(s)`);
      acc = new Accumulator(this, c);
      const n = xs[0]!.shape[0]!;
      const batchSize = args.batchSize ?? 32;
      const steps = Math.ceil(n / batchSize);
      const bar = verbose ? new Progbar({ target: steps }) : null;
      const scratch = ys.map((t) => new Float32Array((t.size / n) * Math.min(batchSize, n)));
      for (let b = 0; b < steps; b++) {
        const start = b * batchSize;
        const count = Math.min(batchSize, n - start);
        const inputs = this.loadInputs(xs, null, start, count);
        const targets = ys.map((t, i) => this.gatherRows(t, null, start, count, scratch[i]!));
        this.step(inputs, targets, sw ? sw.subarray(start, start + count) : null, count, acc, false);
        bar?.update(b + 1, acc.logs(), b + 1 === steps);
      }
    }
    return acc.logs(prefix);
  }

  /** Predictions for x (a Tensor, Tensor[] or a dataset of batches); one Tensor per output. */
  async predict(x: TensorOrList | Dataset, args: PredictArgs = {}): Promise<Tensor | Tensor[]> {
    return this.predictAny(x, args);
  }

  /** predict() without the Promise, for arrays (datasets need predict()). */
  predictOnBatch(x: TensorOrList): Tensor | Tensor[] {
    const where = `${this.name}.predictOnBatch`;
    const xs = toList(x, `${where}: x`);
    this.prepare(xs, where);
    const n = xs[0]!.shape[0]!;
    return this.runPredict(xs, n, n, null);
  }

  private async predictAny(x: TensorOrList | Dataset, args: PredictArgs): Promise<Tensor | Tensor[]> {
    const where = `${this.name}.predict`;
    if (isDataset(x)) {
      const reader = new DatasetReader<unknown>(x as Dataset);
      reader.restart();
      const parts: Tensor[][] = [];
      for (let b = 0; args.steps === undefined || b < args.steps; b++) {
        const raw = await reader.next();
        if (raw === null) break;
        const batch = normalizeBatch(raw, false, this.inputDtypes().length || 1, where);
        this.prepare(batch.xs, where);
        const out = this.runPredict(batch.xs, batch.xs[0]!.shape[0]!, batch.xs[0]!.shape[0]!, null);
        parts.push(Array.isArray(out) ? out : [out]);
      }
      if (parts.length === 0) throw new Error(`${where}: the dataset yielded no batches`);
      const joined = parts[0]!.map((_, o) => concatRows(parts.map((p) => p[o]!)));
      return joined.length === 1 ? joined[0]! : joined;
    }
    const xs = toList(x, `${where}: x`);
    checkRows(xs, [], null, where);
    this.prepare(xs, where);
    const n = xs[0]!.shape[0]!;
    const batchSize = args.batchSize ?? 32;
    return this.runPredict(xs, n, batchSize, args.verbose ? new Progbar({ target: Math.ceil(n / batchSize) }) : null);
  }

  private runPredict(xs: Tensor[], n: number, batchSize: number, bar: Progbar | null): Tensor | Tensor[] {
    const steps = Math.ceil(n / batchSize);
    let results: Tensor[] | null = null;
    for (let b = 0; b < steps; b++) {
      const start = b * batchSize;
      const count = Math.min(batchSize, n - start);
      const inputs = this.loadInputs(xs, null, start, count);
      const outs = this.forwardPass(inputs, { training: false, rng: this.rng });
      const f = this.kernels.heap.f32;
      results ??= outs.map((o) => {
        const rowShape = o.shape.slice(1);
        const rowSize = rowShape.reduce((a, c) => a * c, 1);
        return new Tensor(new Float32Array(rowSize * n), [n, ...rowShape]);
      });
      outs.forEach((o, i) => {
        const size = o.shape.reduce((a, c) => a * c, 1);
        const dst = results![i]!;
        const rowSize = dst.size / n;
        if (size !== rowSize * count) {
          throw new Error(`${this.name}.predict: output ${i} changed shape between batches ([${o.shape}] vs rows of [${dst.shape.slice(1)}]); predict variable-length data one length at a time`);
        }
        (dst.dataSync() as Float32Array).set(f.subarray(o.buf.offset, o.buf.offset + size), start * rowSize);
      });
      bar?.update(b + 1, {}, b + 1 === steps);
    }
    return results!.length === 1 ? results![0]! : results!;
  }
}

function concatRows(parts: Tensor[]): Tensor {
  const rowShape = parts[0]!.shape.slice(1);
  const rows = parts.reduce((n, t) => n + t.shape[0]!, 0);
  const out = new Float32Array(parts.reduce((n, t) => n + t.size, 0));
  let at = 0;
  for (const t of parts) {
    out.set(t.dataSync(), at);
    at += t.size;
  }
  return new Tensor(out, [rows, ...rowShape]);
}

function getWarn(): (message: string) => void {
  return (m) => console.warn(m);
}
