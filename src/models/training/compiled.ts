// Compile state in one place (Keras' compile_utils.py): the compile() arguments, their resolution
// per output once the output shapes are known, and the running means a pass over data reports.

import type { Logs } from '../../callbacks/callback.ts';
import type { Layer, Shape } from '../../layers/layer.ts';
import { getLoss, type CrossentropyOptions, type KerasVersion, type Loss } from '../../losses.ts';
import { getMetric, type Metric } from '../../metrics.ts';
import { getOptimizer, type Optimizer } from '../../optimizers/index.ts';

export interface CompileArgs {
  optimizer: string | Optimizer;
  /** One loss for every output, or one per output. */
  loss: string | Loss | Array<string | Loss>;
  metrics?: Array<string | Metric>;
  /**
   * Whose formulas where tf.keras 2 and Keras 3 differ (cross-entropy of probabilities at 0/1 or of
   * rows not summing to 1; which accuracy 'accuracy' means): 2 (the default) or 3.
   */
  kerasVersion?: KerasVersion;
}

/** The compile() arguments as names (for save/load). */
export interface CompileConfig {
  optimizer: string;
  optimizerConfig: Record<string, unknown>;
  loss: string[];
  metrics: string[];
  /** Per loss, a cross-entropy's options when it has any beyond the defaults (else null). */
  lossOptions?: Array<CrossentropyOptions | null>;
  kerasVersion?: KerasVersion;
}

/** What resolving losses and metrics needs to know about the model's outputs. */
export interface ModelOutputs {
  layers: Layer[];
  shapes: Shape[];
  /** Whether output `o` feeds nothing but the loss (only then may its activation fuse with the loss). */
  isTerminal(o: number): boolean;
}

/** A layer whose output activation can take the loss gradient with respect to its logits. */
interface FusableOutput {
  activation: { name: string };
  fuseActivationGrad: boolean;
}

function isFusable(layer: Layer): layer is Layer & FusableOutput {
  return 'fuseActivationGrad' in layer && typeof (layer as unknown as FusableOutput).activation?.name === 'string';
}

const specName = (s: string | { name: string }): string => (typeof s === 'string' ? s : s.name);

/** The parts of the compile config that only a non-default loss or kerasVersion needs. */
function lossOptionsConfig(args: CompileArgs): Pick<CompileConfig, 'lossOptions' | 'kerasVersion'> {
  const specs = Array.isArray(args.loss) ? args.loss : [args.loss];
  const options = specs.map((l) =>
    typeof l !== 'string' && l.options && (l.options.fromLogits || l.options.kerasVersion) ? { ...l.options } : null,
  );
  return {
    ...(options.some((o) => o !== null) ? { lossOptions: options } : {}),
    ...(args.kerasVersion ? { kerasVersion: args.kerasVersion } : {}),
  };
}

export class CompiledState {
  readonly optimizer: Optimizer;
  readonly config: CompileConfig;
  /** Per output, once resolved. */
  losses: Loss[] = [];
  /** Per output: the resolved metrics. */
  metrics: Metric[][] = [];
  /** Per output: whether the sigmoid/softmax output takes dLoss/dLogits directly. */
  fused: boolean[] = [];

  constructor(private readonly args: CompileArgs) {
    if (args.kerasVersion !== undefined && args.kerasVersion !== 2 && args.kerasVersion !== 3) {
      throw new Error(`compile: kerasVersion must be 2 (tf.keras 2's formulas) or 3 (Keras 3's), got ${JSON.stringify(args.kerasVersion)}`);
    }
    this.optimizer = getOptimizer(args.optimizer);
    this.config = {
      optimizer: this.optimizer.className,
      optimizerConfig: this.optimizer.getConfig(),
      loss: (Array.isArray(args.loss) ? args.loss : [args.loss]).map(specName),
      metrics: (args.metrics ?? []).map(specName),
      ...lossOptionsConfig(args),
    };
  }

  /** Resolves losses and metrics per output (once; the output shapes must be known). */
  resolve(outputs: ModelOutputs, modelName: string): this {
    if (this.losses.length > 0) return this;
    const outs = outputs.layers;
    const spec = this.args.loss;
    const lossSpecs = Array.isArray(spec) ? spec : outs.map(() => spec);
    if (lossSpecs.length !== outs.length) throw new Error(`${modelName}.compile: ${lossSpecs.length} losses for ${outs.length} outputs`);
    this.losses = lossSpecs.map((l) => getLoss(l, this.args.kerasVersion));
    this.metrics = outs.map((_, o) => {
      const shape = outputs.shapes[o]!;
      const depth = shape[shape.length - 1] ?? 1;
      return (this.args.metrics ?? []).map((m) => getMetric(m, this.losses[o]!, depth, this.args.kerasVersion));
    });
    this.fused = outs.map((layer, o) => {
      const loss = this.losses[o]!;
      const fusable = isFusable(layer) && loss.fusesWith !== null && layer.activation.name === loss.fusesWith && outputs.isTerminal(o);
      if (isFusable(layer)) layer.fuseActivationGrad = fusable;
      return fusable;
    });
    return this;
  }
}

/** Running sums for one pass over data (Keras' Mean metrics), reported as logs. */
export class LogAccumulator {
  samples = 0;
  lossSum = 0;
  outputLossSums: number[];
  metricSums: number[][];
  metricCounts: number[][];

  constructor(
    private readonly compiled: CompiledState,
    private readonly outputNames: string[],
  ) {
    this.outputLossSums = compiled.losses.map(() => 0);
    this.metricSums = compiled.metrics.map((m) => m.map(() => 0));
    compiled.metrics.forEach((ms) => ms.forEach((m) => m.reset?.())); // stateful metrics (AUC) start each epoch/evaluation empty
    this.metricCounts = compiled.metrics.map((m) => m.map(() => 0));
  }

  logs(prefix = ''): Logs {
    const logs: Logs = {};
    const n = Math.max(this.samples, 1);
    logs[`${prefix}loss`] = this.lossSum / n;
    const names = this.outputNames;
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
