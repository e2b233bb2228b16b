// LayersModel: everything a Keras model is that does not depend on how its layers are wired —
// weights, save/load, and the public compile / fit / evaluate / predict, which the Trainer runs
// (training/trainer.ts: data adapters, compiled state, one loop over batches each).
// A subclass (Sequential here; the functional Model in functional.ts) only provides:
//   - its layers and symbolic input/output shapes (ensureBuilt, inputShapes, outputShapes),
//   - forwardPass(inputs) -> outputs and backwardPass(outputGrads), on heap Activations,
//   - outputLayers() (for fused sigmoid/softmax + cross-entropy gradients) and getConfig().
// Several inputs and outputs are supported throughout: x and y may be a Tensor or Tensor[].

import type { History } from '../callbacks/history.ts';
import { engine } from '../engine.ts';
import type { HeapBuffer } from '../heap.ts';
import { loadWeightsFile, saveModelFile, saveWeightsFile, type SaveOptions } from '../io/save.ts';
import type { Kernels } from '../kernels/index.ts';
import type { Activation, CallContext, Layer, Shape, Weight } from '../layers/layer.ts';
import type { Optimizer } from '../optimizers/index.ts';
import type { DType, Tensor } from '../tensor.ts';
import type { Dataset, TensorOrList } from './data.ts';
import type { EvaluateArgs, FitArgs, PredictArgs } from './training/args.ts';
import type { CompileArgs, CompileConfig } from './training/compiled.ts';
import { Trainer } from './training/trainer.ts';
import { assertUsable, disposeModel, exclusiveFit, isTraining } from './lifecycle.ts';
import { checkEvaluateArgs, checkFitArgs, checkPredictArgs } from './validate.ts';

export type { CompileArgs } from './training/compiled.ts';
export type { EvaluateArgs, FitArgs, PredictArgs } from './training/args.ts';

export abstract class LayersModel {
  abstract readonly className: string;
  name: string;
  /** Set true (e.g. from a callback) to stop fit() after the current batch. */
  stopTraining = false;
  /** The History of the last fit() (also returned by it). */
  history: History | null = null;
  private kernelsRef: Kernels | null = null;
  private readonly trainer = new Trainer(this, {
    forward: (inputs, ctx) => this.forwardPass(inputs, ctx),
    backward: (grads) => this.backwardPass(grads),
    inputDtypes: () => this.inputDtypes(),
    outputs: () => ({ layers: this.outputLayers(), shapes: this.outputShapes, isTerminal: (o) => this.outputIsTerminal(o) }),
  });

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
    return this.trainer.compiled?.optimizer ?? null;
  }

  /** The compile() arguments as names (for save/load). */
  get compileConfig(): CompileConfig | null {
    return this.trainer.compiled?.config ?? null;
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

  /**
   * Frees everything the model holds in the heap — weights, gradients, layer scratch, optimizer
   * state — so the memory is reused. The model (and its layers, even when shared) cannot run afterwards.
   */
  dispose(): void {
    disposeModel(this, this.kernels.heap, this.optimizer, [...this.trainer.stepper.buffers(), ...this.ownedBuffers()]);
  }

  /** Heap buffers a subclass owns besides its layers' (freed by dispose()). */
  protected ownedBuffers(): HeapBuffer[] {
    return [];
  }

  // ---- compile / fit / evaluate / predict (training/trainer.ts) -------------------------

  compile(args: CompileArgs): void {
    this.trainer.compile(args);
  }

  /**
   * Trains the model. `await model.fit(x, y, {epochs, batchSize, validationSplit})`, or with a
   * dataset of [x, y] batches: `await model.fit(dataset, {epochs, stepsPerEpoch})`.
   */
  async fit(x: TensorOrList | Dataset, y?: TensorOrList | FitArgs, args: FitArgs = {}): Promise<History> {
    return exclusiveFit(this, checkFitArgs(x, y, args, `${this.name}.fit`), () => this.trainer.fit(x, y, args));
  }

  /**
   * One gradient step on one batch: all rows of x and y, no shuffling, no callbacks, no history
   * (Keras' train_on_batch, tfjs' trainOnBatch). Returns that batch's loss, or [loss, ...metrics].
   */
  async trainOnBatch(x: TensorOrList, y: TensorOrList, args: { sampleWeight?: Tensor } = {}): Promise<number | number[]> {
    assertUsable(this, 'trainOnBatch');
    if (isTraining(this)) throw new Error(`${this.name}.trainOnBatch: the model is training in a fit() call; await it first`);
    if (y === undefined) throw new Error(`${this.name}.trainOnBatch: needs targets: trainOnBatch(x, y)`);
    return this.trainer.trainOnBatch(x, y, args.sampleWeight);
  }

  /**
   * Loss and metrics on data: a number when there are no metrics (and one output), else
   * [loss, ...metrics] in Keras' order.
   */
  async evaluate(x: TensorOrList | Dataset, y?: TensorOrList | EvaluateArgs, args: EvaluateArgs = {}): Promise<number | number[]> {
    checkEvaluateArgs(x, y, args, `${this.name}.evaluate`);
    assertUsable(this, 'evaluate');
    return this.trainer.evaluate(x, y, args);
  }

  /** Predictions for x (a Tensor, Tensor[] or a dataset of batches); one Tensor per output. */
  async predict(x: TensorOrList | Dataset, args: PredictArgs = {}): Promise<Tensor | Tensor[]> {
    checkPredictArgs(args, `${this.name}.predict`);
    assertUsable(this, 'predict');
    return this.trainer.predict(x, args);
  }

  /** predict() without the Promise, for arrays (datasets need predict()). */
  predictOnBatch(x: TensorOrList): Tensor | Tensor[] {
    assertUsable(this, 'predictOnBatch');
    return this.trainer.predictOnBatch(x);
  }
}
