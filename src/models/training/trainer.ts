// The Trainer (Keras' trainers/trainer.py): compile, fit, evaluate and predict. Each entry point
// turns its arguments into data adapters (data-adapter.ts) — the same checks for arrays and
// datasets — and then runs one loop over batches; a batch goes through the model in stepper.ts.
//
//   fit(x, y) ──► DataAdapter ──► epoch loop ──► batches ──► Stepper.run(training) ──► optimizer
//                 (+ validation DataAdapter ──► evaluation loop at each epoch end)
//   evaluate  ──► DataAdapter ──► evaluation loop ──► Stepper.run(not training) ──► logs
//   predict   ──► DataAdapter ──► prediction loop ──► Stepper.predict ──► output tensors

import { History } from '../../callbacks/history.ts';
import { CallbackList, type CallbackHooks, type Logs, type TrainingParams } from '../../callbacks/callback.ts';
import { ProgbarLogger } from '../../callbacks/progbar-logger.ts';
import { getGlobalRandom, Random } from '../../random.ts';
import { Tensor } from '../../tensor.ts';
import { Progbar } from '../../utils/progbar.ts';
import { checkRows, isDataset, toList, type Dataset, type TensorOrList } from '../data.ts';
import { checkFloatIds } from '../validate.ts';
import { NonFiniteWatch, warnNonFiniteData } from '../numerics.ts';
import type { LayersModel } from '../model.ts';
import type { EvaluateArgs, FitArgs, PredictArgs } from './args.ts';
import { CompiledState, LogAccumulator, type CompileArgs, type ModelOutputs } from './compiled.ts';
import { ArrayAdapter, DatasetAdapter, sampleWeights, type Batch, type DataAdapter } from './data-adapter.ts';
import { Stepper, type ModelPasses } from './stepper.ts';

/** What the trainer needs beyond the model's public face (the subclass contract, see model.ts). */
export interface TrainerHooks extends ModelPasses {
  outputs(): ModelOutputs;
}

export class Trainer {
  compiled: CompiledState | null = null;
  readonly stepper: Stepper;

  constructor(
    private readonly model: LayersModel,
    private readonly hooks: TrainerHooks,
  ) {
    this.stepper = new Stepper(model, hooks);
  }

  compile(args: CompileArgs): void {
    if (!args || args.optimizer === undefined || args.loss === undefined) {
      throw new Error(
        `${this.model.name}.compile: needs {optimizer, loss} (e.g. {optimizer: 'rmsprop', loss: 'binary_crossentropy', metrics: ['acc']})`,
      );
    }
    if (this.compiled && this.compiled.optimizer !== args.optimizer) this.compiled.optimizer.dispose(this.model.kernels.heap);
    this.compiled = new CompiledState(args);
    if (this.model.built) this.resolveCompile();
  }

  /** The compile state with losses and metrics resolved per output (the model must be built). */
  resolveCompile(): CompiledState {
    if (!this.compiled)
      throw new Error(`${this.model.name}: compile the model before training or evaluating (model.compile({optimizer, loss}))`);
    return this.compiled.resolve(this.hooks.outputs(), this.model.name);
  }

  // ---- data ----------------------------------------------------------------------------

  /** Builds the model for the first inputs it sees, then checks every input against its shapes. */
  private prepare(xs: Tensor[], where: string): void {
    const model = this.model;
    if (!model.inputShapes || !model.built) model.ensureBuilt(xs.map((t) => [null, ...t.shape.slice(1)]));
    this.checkInputs(xs, where);
    checkFloatIds(xs, this.hooks.inputDtypes(), where);
  }

  /** x and y as lists, their rows checked against each other (and sampleWeight), the model built for x. */
  private arrayPair(x: TensorOrList, y: TensorOrList, sampleWeight: Tensor | undefined, where: string): [Tensor[], Tensor[]] {
    const xs = toList(x, `${where}: x`);
    const ys = toList(y, `${where}: y`);
    checkRows(xs, ys, sampleWeight ?? null, where);
    this.prepare(xs, where);
    return [xs, ys];
  }

  private checkInputs(xs: Tensor[], where: string): void {
    const expected = this.model.inputShapes;
    if (!expected) return;
    if (xs.length !== expected.length) throw new Error(`${where}: the model has ${expected.length} input(s), got ${xs.length} tensor(s)`);
    xs.forEach((t, i) => {
      const want = expected[i]!;
      const bad = t.rank !== want.length || want.some((d, j) => j > 0 && d !== null && d !== t.shape[j]);
      if (bad) {
        throw new Error(
          `${where}: x${xs.length > 1 ? `[${i}]` : ''} has shape [${t.shape.join(', ')}] but the model expects (${want.map((d) => d ?? 'None').join(', ')})`,
        );
      }
    });
  }

  private checkOutputCount(ys: unknown[], where: string): void {
    const outputs = this.resolveCompile().losses.length;
    if (ys.length !== outputs) throw new Error(`${where}: the model has ${outputs} output(s) but y has ${ys.length} tensor(s)`);
  }

  private dataset(
    data: Dataset,
    where: string,
    steps: number | undefined,
    training: { classWeight?: Record<number, number> } | null,
    needTargets = true,
  ): DatasetAdapter {
    return new DatasetAdapter(data, {
      steps: steps ?? null,
      continueAcrossPasses: training !== null,
      needTargets,
      numInputs: this.hooks.inputDtypes().length || 1,
      where,
      checkInputs: (xs) => this.prepare(xs, where),
      weigh: needTargets ? (ys, sw) => sampleWeights(ys, sw, training?.classWeight) : undefined,
    });
  }

  /** [x, y] (or [x, y, w]) arrays, as opposed to a JS array of such batches (a dataset). */
  private isArrayPair(v: unknown): boolean {
    if (!Array.isArray(v) || v.length < 2 || v.length > 3) return false;
    if (v[0] instanceof Tensor) return true;
    const numInputs = this.hooks.inputDtypes().length;
    return numInputs > 1 && Array.isArray(v[0]) && v[0].length === numInputs && v[0].every((t: unknown) => t instanceof Tensor);
  }

  /** Training data and validation data for fit(): explicit, or the last fraction of the arrays. */
  private fitData(x: TensorOrList | Dataset, y: TensorOrList | undefined, args: FitArgs, where: string): [DataAdapter, DataAdapter | null] {
    const batchSize = checkBatchSize(args.batchSize, where);
    let train: DataAdapter;
    if (isDataset(x)) {
      if (args.validationSplit) throw new Error(`${where}: validationSplit is not supported with a dataset; pass validationData`);
      if (args.sampleWeight) throw new Error(`${where}: sampleWeight is not supported with a dataset; yield [x, y, sampleWeight] batches`);
      train = this.dataset(x as Dataset, where, args.stepsPerEpoch, args);
    } else {
      if (y === undefined || (!(y instanceof Tensor) && !Array.isArray(y)))
        throw new Error(`${where}: needs targets: fit(x, y, {epochs, …})`);
      const [xs, ys] = this.arrayPair(x as TensorOrList, y, args.sampleWeight, where);
      warnNonFiniteData({ x: xs, y: ys }, where);
      this.checkOutputCount(ys, where);
      train = new ArrayAdapter(xs, ys, sampleWeights(ys, args.sampleWeight, args.classWeight), batchSize, args.shuffle ?? true);
    }
    const vd = args.validationData;
    if (vd !== undefined) {
      if (!this.isArrayPair(vd)) return [train, this.dataset(vd as Dataset, `${this.model.name}.evaluate`, args.validationSteps, null)];
      const [vx, vy, vsw] = vd as [TensorOrList, TensorOrList, Tensor?];
      const vxs = toList(vx, `${where}: validationData x`);
      const vys = toList(vy, `${where}: validationData y`);
      checkRows(vxs, vys, vsw ?? null, `${where}: validationData`);
      this.checkInputs(vxs, `${where}: validationData`);
      return [train, new ArrayAdapter(vxs, vys, vsw ? Float32Array.from(vsw.dataSync()) : null, batchSize)];
    }
    if (args.validationSplit) {
      if (!(train instanceof ArrayAdapter)) throw new Error(`${where}: validationSplit needs arrays`);
      return train.splitValidation(args.validationSplit, where);
    }
    return [train, null];
  }

  // ---- fit -----------------------------------------------------------------------------

  async fit(x: TensorOrList | Dataset, y: TensorOrList | FitArgs | undefined, args: FitArgs): Promise<History> {
    const where = `${this.model.name}.fit`;
    if (isDataset(x)) args = (y as FitArgs | undefined) ?? args;
    const [train, val] = this.fitData(x, isDataset(x) ? undefined : (y as TensorOrList | undefined), args, where);
    const model = this.model;
    const epochs = args.epochs ?? 1;
    const verbose = args.verbose ?? 1;
    const history = new History();
    // Keras' order: progress bar first, History last (it sees keys callbacks add, e.g. 'lr')
    const hooks: CallbackHooks[] = [];
    if (verbose > 0) hooks.push(new ProgbarLogger());
    hooks.push(...(args.callbacks ?? []), history);
    const callbacks = new CallbackList(hooks);
    const params: TrainingParams = {
      epochs,
      steps: train.steps,
      samples: train.samples,
      validationSamples: val?.samples ?? null,
      verbose,
      batchSize: train.batchSize,
      progressUnit: args.progressUnit ?? 'steps',
      doValidation: val !== null,
      metrics: [],
    };
    callbacks.setModel(model);
    callbacks.setParams(params);
    model.history = history;
    model.stopTraining = false;
    const fitSeed = args.seed ?? getGlobalRandom().nextUint32();
    const nonFinite = new NonFiniteWatch(model);
    await callbacks.call('onTrainBegin', {});
    const batchLogs: Logs = {};
    for (let epoch = args.initialEpoch ?? 0; epoch < epochs; epoch++) {
      // shuffling and dropout depend only on (seed, epoch), so a resumed run repeats an uninterrupted one
      const rng = new Random((fitSeed ^ Math.imul(epoch + 1, 0x9e3779b9)) >>> 0);
      this.stepper.rng = rng.fork();
      await callbacks.callIndexed('onEpochBegin', epoch, {});
      let acc: LogAccumulator | null = null;
      let b = 0;
      for await (const batch of train.batches(rng)) {
        const compiled = this.resolveCompile();
        acc ??= new LogAccumulator(compiled, model.outputNames);
        for (const k in batchLogs) delete batchLogs[k];
        batchLogs.batch = b;
        batchLogs.size = batch.count;
        await callbacks.callIndexed('onBatchBegin', b, batchLogs);
        this.stepper.run(batch, compiled, acc, true);
        Object.assign(batchLogs, acc.logs());
        nonFinite.afterBatch(epoch, b, batchLogs.loss);
        await callbacks.callIndexed('onBatchEnd', b, batchLogs);
        b++;
        if (model.stopTraining) break;
      }
      if (train instanceof DatasetAdapter && train.ranOutAfter !== null) {
        console.warn(
          `${where}: the dataset ran out of data after ${train.ranOutAfter} of ${train.steps} steps; training stops (give a repeating dataset or fewer stepsPerEpoch)`,
        );
        model.stopTraining = true;
      }
      if (!acc) throw new Error(`${where}: the dataset yielded no batches`);
      const logs = acc.logs();
      if (val && !model.stopTraining) Object.assign(logs, await this.evaluationLoop(val, 'val_', 0));
      nonFinite.afterEpoch(epoch);
      await callbacks.callIndexed('onEpochEnd', epoch, logs);
      if (model.stopTraining) break;
    }
    await callbacks.call('onTrainEnd', {});
    return history;
  }

  /** One training step on all rows of x, y (model.trainOnBatch); the batch's loss and metrics. */
  trainOnBatch(x: TensorOrList, y: TensorOrList, sampleWeight: Tensor | undefined): number | number[] {
    const where = `${this.model.name}.trainOnBatch`;
    const [xs, ys] = this.arrayPair(x, y, sampleWeight, where);
    this.checkOutputCount(ys, where);
    const data = new ArrayAdapter(xs, ys, sampleWeights(ys, sampleWeight, undefined), Number.MAX_SAFE_INTEGER, false);
    const [batch] = data.batches(null) as Iterable<Batch>;
    const compiled = this.resolveCompile();
    const acc = new LogAccumulator(compiled, this.model.outputNames);
    this.stepper.rng = new Random(getGlobalRandom().nextUint32()); // dropout masks
    this.stepper.run(batch!, compiled, acc, true);
    const values = Object.values(acc.logs());
    return values.length === 1 ? values[0]! : values;
  }

  // ---- evaluate ------------------------------------------------------------------------

  async evaluate(x: TensorOrList | Dataset, y: TensorOrList | EvaluateArgs | undefined, args: EvaluateArgs): Promise<number | number[]> {
    const where = `${this.model.name}.evaluate`;
    let data: DataAdapter;
    if (isDataset(x)) {
      args = (y as EvaluateArgs | undefined) ?? args;
      data = this.dataset(x as Dataset, where, args.steps, null);
    } else {
      if (y === undefined || (!(y instanceof Tensor) && !Array.isArray(y))) throw new Error(`${where}: needs targets: evaluate(x, y)`);
      const [xs, ys] = this.arrayPair(x as TensorOrList, y as TensorOrList, args.sampleWeight, where);
      data = new ArrayAdapter(xs, ys, sampleWeights(ys, args.sampleWeight, undefined), checkBatchSize(args.batchSize, where));
    }
    const values = Object.values(await this.evaluationLoop(data, '', args.verbose ?? 1));
    return values.length === 1 ? values[0]! : values;
  }

  private async evaluationLoop(data: DataAdapter, prefix: string, verbose: 0 | 1): Promise<Logs> {
    const where = `${this.model.name}.evaluate`;
    const bar = verbose ? new Progbar({ target: data.steps }) : null;
    let acc: LogAccumulator | null = null;
    let b = 0;
    for await (const batch of data.batches(null)) {
      this.checkOutputCount(batch.targets, where);
      acc ??= new LogAccumulator(this.resolveCompile(), this.model.outputNames);
      this.stepper.run(batch, this.compiled!, acc, false);
      b++;
      bar?.update(b, acc.logs(), b === data.steps);
    }
    if (!acc) throw new Error(`${where}: the dataset yielded no batches`);
    if (b !== data.steps) bar?.update(b, acc.logs(), true);
    return acc.logs(prefix);
  }

  // ---- predict -------------------------------------------------------------------------

  async predict(x: TensorOrList | Dataset, args: PredictArgs): Promise<Tensor | Tensor[]> {
    const where = `${this.model.name}.predict`;
    const data = isDataset(x)
      ? this.dataset(x as Dataset, where, args.steps, null, false)
      : this.predictArrays(x as TensorOrList, checkBatchSize(args.batchSize, where), where);
    const bar = args.verbose ? new Progbar({ target: data.steps }) : null;
    const parts: Tensor[][] = [];
    for await (const batch of data.batches(null)) {
      parts.push(this.stepper.predict(batch));
      bar?.update(parts.length, {}, parts.length === data.steps);
    }
    if (parts.length === 0) throw new Error(`${where}: the dataset yielded no batches`);
    if (parts.length !== data.steps) bar?.update(parts.length, {}, true);
    return unwrap(concatBatches(parts, where));
  }

  /** predict() without the Promise, for arrays: all rows in one batch. */
  predictOnBatch(x: TensorOrList): Tensor | Tensor[] {
    const where = `${this.model.name}.predictOnBatch`;
    const data = this.predictArrays(x, Number.MAX_SAFE_INTEGER, where);
    const [batch] = data.batches(null) as Iterable<Batch>;
    return unwrap(this.stepper.predict(batch!));
  }

  private predictArrays(x: TensorOrList, batchSize: number, where: string): ArrayAdapter {
    const xs = toList(x, `${where}: x`);
    checkRows(xs, [], null, where);
    this.prepare(xs, where);
    return new ArrayAdapter(xs, [], null, batchSize);
  }
}

function checkBatchSize(batchSize: number | undefined, where: string): number {
  const size = batchSize ?? 32;
  if (!Number.isInteger(size) || size <= 0) throw new Error(`${where}: batchSize must be a positive integer, got ${size}`);
  return size;
}

const unwrap = (outputs: Tensor[]): Tensor | Tensor[] => (outputs.length === 1 ? outputs[0]! : outputs);

/** Joins per-batch outputs row-wise (one Tensor per output); every batch must give the same row shape. */
function concatBatches(parts: Tensor[][], where: string): Tensor[] {
  if (parts.length === 1) return parts[0]!;
  return parts[0]!.map((first, o) => {
    const rowShape = first.shape.slice(1);
    let rows = 0;
    for (const p of parts) {
      const t = p[o]!;
      if (t.rank !== first.rank || t.shape.some((d, j) => j > 0 && d !== first.shape[j])) {
        throw new Error(
          `${where}: output ${o} changed shape between batches ([${t.shape}] vs rows of [${rowShape}]); predict variable-length data one length at a time`,
        );
      }
      rows += t.shape[0]!;
    }
    const out = new Float32Array(rows * rowShape.reduce((a, c) => a * c, 1));
    let at = 0;
    for (const p of parts) {
      out.set(p[o]!.dataSync(), at);
      at += p[o]!.size;
    }
    return new Tensor(out, [rows, ...rowShape]);
  });
}
