// A Keras compile config (Keras 3 `compile_config`, tf.keras 2 `training_config`) → compile(),
// and back; and where each optimizer slot sits in Keras 3's optimizer variable list.

import type { Weight } from '../../layers/layer.ts';
import type { LayersModel } from '../../models/model.ts';
import { lossFromConfig, type CrossentropyOptions, type Loss } from '../../losses.ts';
import { getOptimizer, type Optimizer } from '../../optimizers/index.ts';
import { kerasSnakeCase, type KerasOrigin } from './layers.ts';

const OPTIMIZER_KEYS: Record<string, string> = {
  learning_rate: 'learningRate',
  lr: 'learningRate',
  beta_1: 'beta1',
  beta_2: 'beta2',
  epsilon: 'epsilon',
  amsgrad: 'amsgrad',
  clipnorm: 'clipnorm',
  clipvalue: 'clipvalue',
  global_clipnorm: 'globalClipnorm',
  rho: 'rho',
  momentum: 'momentum',
  centered: 'centered',
  nesterov: 'nesterov',
  initial_accumulator_value: 'initialAccumulatorValue',
};
/** Keras settings sunhwan has no equivalent for, with the value that means "off". */
const OFF: Record<string, unknown> = {
  weight_decay: null,
  use_ema: false,
  loss_scale_factor: null,
  gradient_accumulation_steps: null,
  decay: 0,
};

function optimizerFromKeras(spec: unknown, source: string): Optimizer {
  const s = (typeof spec === 'string' ? { class_name: spec, config: {} } : spec) as {
    class_name?: string;
    config?: Record<string, unknown>;
  } | null;
  if (!s || typeof s.class_name !== 'string') throw new Error(`${source}: unreadable optimizer in the compile config`);
  const config: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(s.config ?? {})) {
    if (k in OFF) {
      if (v !== OFF[k] && v !== undefined && !(k === 'decay' && v === 0))
        throw new Error(`optimizer setting ${k}=${JSON.stringify(v)} is not supported`);
      continue;
    }
    const to = OPTIMIZER_KEYS[k];
    if (!to || v === null || v === undefined) continue;
    if (typeof v === 'object')
      throw new Error(`optimizer setting ${k} is a schedule or object (${JSON.stringify(v).slice(0, 80)}), not supported`);
    config[to] = v;
  }
  if (typeof config.learningRate === 'number') config.learningRate = Math.fround(config.learningRate);
  return getOptimizer({ className: s.class_name, config });
}

/** A loss name, or a cross-entropy with from_logits=True. */
function lossFromKeras(spec: unknown): string | Loss {
  if (typeof spec === 'string') return spec;
  const s = spec as { class_name?: string; config?: Record<string, unknown> } | null;
  if (!s || typeof s.class_name !== 'string') throw new Error(`unreadable loss ${JSON.stringify(spec).slice(0, 80)}`);
  const c = s.config ?? {};
  if (typeof c.label_smoothing === 'number' && c.label_smoothing !== 0)
    throw new Error(`loss ${s.class_name}(label_smoothing=${c.label_smoothing}) is not supported`);
  if (c.ignore_class !== undefined && c.ignore_class !== null)
    throw new Error(`loss ${s.class_name}(ignore_class=${JSON.stringify(c.ignore_class)}) is not supported`);
  const name = kerasSnakeCase(s.class_name);
  return c.from_logits === true ? lossFromConfig(name, { fromLogits: true }) : name;
}

/** Keras 3's serialized loss object for a cross-entropy with from_logits=True (names stay names). */
function lossToKeras(name: string, options: CrossentropyOptions | null | undefined): unknown {
  if (!options?.fromLogits) return name;
  const className = name.replace(/(^|_)([a-z])/g, (_, _u: string, c: string) => c.toUpperCase());
  const config: Record<string, unknown> = { name, reduction: 'sum_over_batch_size', from_logits: true };
  if (name === 'sparse_categorical_crossentropy') config.ignore_class = null;
  else Object.assign(config, { label_smoothing: 0, axis: -1 });
  return { module: 'keras.losses', class_name: className, config, registered_name: null };
}

function metricNames(spec: unknown): string[] {
  if (spec === null || spec === undefined) return [];
  if (typeof spec === 'string') return [spec];
  if (Array.isArray(spec)) return spec.flatMap(metricNames);
  const s = spec as { class_name?: string; config?: { name?: string } };
  if (typeof s.config?.name === 'string') return [s.config.name];
  throw new Error(`unreadable metric ${JSON.stringify(spec).slice(0, 80)}`);
}

/** Where sunhwan marks a Keras file written from a model that uses tf.keras 2's loss formulas (metadata.json / a root attribute). */
export const LOSS_SEMANTICS_KEY = 'sunhwan_loss_semantics';

/** The loss formulas a file's model uses: its Keras version's, unless sunhwan marked it as tf.keras 2's. */
export const lossSemantics = (origin: KerasOrigin, mark: unknown): KerasOrigin => (mark === 'keras2' ? 'keras2' : origin);

/**
 * Compiles as the file says, with the formulas of the Keras that wrote it (kerasVersion 3 for a
 * Keras 3 file, the default tf.keras 2 formulas otherwise); what sunhwan cannot reproduce leaves the model uncompiled, with a warning.
 */
export function applyKerasCompile(model: LayersModel, c: Record<string, unknown>, origin: KerasOrigin, source: string): void {
  if (!c.optimizer && !c.loss) return; // saved uncompiled (Keras 3 writes an empty compile_config)
  try {
    const optimizer = optimizerFromKeras(c.optimizer, source);
    const loss = Array.isArray(c.loss) ? c.loss.map(lossFromKeras) : lossFromKeras(c.loss);
    // tf.keras 2's formulas are the default: a Keras 2 model's compile config does not name them
    model.compile({ optimizer, loss, metrics: metricNames(c.metrics), ...(origin === 'keras3' ? { kerasVersion: 3 as const } : {}) });
  } catch (e) {
    console.warn(`${source}: the model was loaded but not compiled (${(e as Error).message}); call model.compile() before fit/evaluate`);
  }
}

/** Keras 3's optimizer variables after iterations and learning_rate: which weight and slot each is. */
export function kerasOptimizerSlots(
  model: LayersModel,
  optimizer: Optimizer,
  source: string,
): Array<{ weight: Weight; slot: string; index: number }> {
  const weights = model.weights.filter((w) => w.isTrainable);
  const names = optimizer.slotNames;
  if (optimizer.className === 'Adam') {
    if (names.length !== 2) throw new Error(`${source}: Adam(amsgrad=True) optimizer state is not supported`);
    // Keras 3 adds momentum and velocity per variable, interleaved
    return weights.flatMap((weight) => names.map((slot, index) => ({ weight, slot, index })));
  }
  // one block of variables per slot kind (RMSprop: velocities, then momentums, then averages)
  return names.flatMap((slot, index) => weights.map((weight) => ({ weight, slot, index })));
}

export function kerasCompileConfig(model: LayersModel): Record<string, unknown> | null {
  const t = model.compileConfig;
  const optimizer = model.optimizer;
  if (!t || !optimizer) return null;
  const o = optimizer.getConfig() as Record<string, unknown>;
  const back: Record<string, string> = {
    learningRate: 'learning_rate',
    beta1: 'beta_1',
    beta2: 'beta_2',
    globalClipnorm: 'global_clipnorm',
    initialAccumulatorValue: 'initial_accumulator_value',
  };
  const config: Record<string, unknown> = { name: optimizer.className.toLowerCase() };
  for (const [k, v] of Object.entries(o)) if (k !== 'name' && k !== 'className') config[back[k] ?? k] = v;
  return {
    optimizer: { module: 'keras.optimizers', class_name: optimizer.className, config, registered_name: null },
    loss:
      t.loss.length === 1 ? lossToKeras(t.loss[0]!, t.lossOptions?.[0]) : t.loss.map((name, i) => lossToKeras(name, t.lossOptions?.[i])),
    loss_weights: null,
    metrics: t.metrics,
    weighted_metrics: null,
    run_eagerly: false,
    steps_per_execution: 1,
    jit_compile: false,
  };
}
