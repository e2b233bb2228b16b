// Keras layer configs (snake_case, from Keras 3 or tf.keras 2) → sunhwan layer configs, and
// back. Only the options that change what a loaded model computes are carried; initializers,
// regularizers and constraints are dropped (the weights come from the file). Anything that
// would need code (Lambda, custom classes, custom activations) is refused by name.

export type KerasOrigin = 'keras3' | 'keras2';

export interface KerasLayerSpec {
  class_name: string;
  config: Record<string, unknown>;
  module?: string | null;
  registered_name?: string | null;
  name?: string;
  inbound_nodes?: unknown;
}

/** Keras' to_snake_case (auto names in .keras weight paths: SimpleRNN → simple_rnn). */
export function kerasSnakeCase(name: string): string {
  const a = name.replace(/\W+/g, '').replace(/(.)([A-Z][a-z]+)/g, '$1_$2');
  return a.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
}

const camel = (s: string): string => s.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

const RECURRENT_KEYS = [
  'units',
  'activation',
  'use_bias',
  'dropout',
  'recurrent_dropout',
  'return_sequences',
  'return_state',
  'go_backwards',
  'stateful',
];

/** The Keras config keys carried per class (wrappers' nested layers are handled apart). */
const KEYS: Record<string, string[]> = {
  Dense: ['units', 'activation', 'use_bias'],
  Embedding: ['input_dim', 'output_dim', 'mask_zero', 'input_length'],
  Dropout: ['rate', 'seed'],
  SpatialDropout1D: ['rate', 'seed'],
  Flatten: [],
  Activation: ['activation'],
  SimpleRNN: RECURRENT_KEYS,
  LSTM: [...RECURRENT_KEYS, 'recurrent_activation', 'unit_forget_bias'],
  GRU: [...RECURRENT_KEYS, 'recurrent_activation', 'reset_after'],
  Conv1D: ['filters', 'kernel_size', 'strides', 'padding', 'dilation_rate', 'activation', 'use_bias'],
  MaxPooling1D: ['pool_size', 'strides', 'padding'],
  AveragePooling1D: ['pool_size', 'strides', 'padding'],
  GlobalMaxPooling1D: ['keepdims'],
  GlobalAveragePooling1D: ['keepdims'],
  Masking: ['mask_value'],
  RepeatVector: ['n'],
  Reshape: ['target_shape'],
  Permute: ['dims'],
  Concatenate: ['axis'],
  Add: [],
  Subtract: [],
  Multiply: [],
  Average: [],
  Maximum: [],
  Minimum: [],
  Dot: ['axes', 'normalize'],
  Attention: ['use_scale', 'score_mode', 'dropout'],
  AdditiveAttention: ['use_scale', 'dropout'],
  Bidirectional: ['merge_mode'],
  TimeDistributed: [],
};

export const SUPPORTED_LAYERS = Object.keys(KEYS).sort();

/** Activations by name; a Keras 3 file's 'hard_sigmoid' is relu6(x + 3) / 6. */
function activation(value: unknown, origin: KerasOrigin, where: string): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'string') {
    throw new Error(
      `${where}: the activation is a custom object (${JSON.stringify(value).slice(0, 120)}); only Keras' named activations load (no code is run)`,
    );
  }
  if (origin === 'keras3' && (value === 'hard_sigmoid' || value === 'hardSigmoid')) return 'hard_sigmoid_keras3';
  return value;
}

function pick(c: Record<string, unknown>, names: string[], origin: KerasOrigin, where: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (typeof c.name === 'string') out.name = c.name;
  if (typeof c.trainable === 'boolean') out.trainable = c.trainable;
  const dataFormat = c.data_format;
  if (dataFormat !== undefined && dataFormat !== null && dataFormat !== 'channels_last') {
    throw new Error(`${where}: data_format '${String(dataFormat)}' is not supported (only channels_last)`);
  }
  if ('groups' in c && c.groups !== 1) throw new Error(`${where}: groups=${String(c.groups)} is not supported`);
  if (c.time_major === true) throw new Error(`${where}: time_major=True is not supported`);
  if (Array.isArray(c.noise_shape)) throw new Error(`${where}: noise_shape is not supported`);
  for (const n of names) {
    if (!(n in c)) continue;
    let v = c[n];
    if (n === 'activation' || n === 'recurrent_activation') v = activation(v, origin, `${where}.${n}`);
    out[camel(n)] = v;
  }
  return out;
}

/** Class names (nested ones too) that cannot load, with why; empty when every layer can. */
export function unsupportedLayers(specs: KerasLayerSpec[]): string[] {
  const bad: string[] = [];
  const visit = (s: KerasLayerSpec, where: string): void => {
    if (!s || typeof s !== 'object' || typeof s.class_name !== 'string') {
      bad.push(`${where} (not a layer spec)`);
      return;
    }
    const name = `${s.class_name} '${String(s.config?.name ?? s.name ?? '?')}'`;
    if (s.class_name === 'Lambda') bad.push(`${name} (Lambda layers hold Python code, which is never run)`);
    else if (s.module && !String(s.module).startsWith('keras')) bad.push(`${name} (custom object from module '${s.module}')`);
    else if (s.registered_name && s.registered_name !== s.class_name && !String(s.registered_name).startsWith('keras'))
      bad.push(`${name} (custom object '${s.registered_name}')`);
    else if (s.class_name === 'InputLayer') return;
    else if (!(s.class_name in KEYS)) bad.push(`${name} (not a layer sunhwan has)`);
    else for (const k of ['layer', 'backward_layer']) if (s.config?.[k]) visit(s.config[k] as KerasLayerSpec, `${name}.${k}`);
  };
  specs.forEach((s, i) => visit(s, `layer ${i}`));
  return bad;
}

/** A sunhwan {className, config} for deserializeLayer(). */
export function layerToSunhwan(
  spec: KerasLayerSpec,
  origin: KerasOrigin,
  where = 'layer',
): { className: string; config: Record<string, unknown> } {
  const names = KEYS[spec.class_name];
  if (!names) throw new Error(`${where}: layer class '${spec.class_name}' is not supported (supported: ${SUPPORTED_LAYERS.join(', ')})`);
  const c = spec.config;
  if (typeof c !== 'object' || c === null) throw new Error(`${where}: '${spec.class_name}' has no config object`);
  const at = `${where} (${spec.class_name} '${String(c.name ?? '?')}')`;
  const config = pick(c, names, origin, at);
  for (const k of ['layer', 'backward_layer']) {
    if (c[k]) config[camel(k)] = layerToSunhwan(c[k] as KerasLayerSpec, origin, `${at}.${k}`);
  }
  if ((spec.class_name === 'Bidirectional' || spec.class_name === 'TimeDistributed') && !config.layer)
    throw new Error(`${at}: no wrapped layer`);
  return { className: spec.class_name, config };
}

const removePrefix = (s: string, p: string): string => (s.startsWith(p) ? s.slice(p.length) : s);

/** A sunhwan layer config → Keras 3 {module, class_name, config}. */
export function layerToKeras(className: string, config: Record<string, unknown>, where: string): KerasLayerSpec {
  const names = KEYS[className];
  if (!names)
    throw new Error(
      `${where}: layer class '${className}' has no Keras equivalent sunhwan can write (supported: ${SUPPORTED_LAYERS.join(', ')})`,
    );
  const out: Record<string, unknown> = { name: config.name, trainable: config.trainable ?? true, dtype: 'float32' };
  for (const n of names) {
    if (n === 'input_length') continue; // Keras 3 has no input_length
    const v = config[camel(n)];
    if (v === undefined) continue;
    if ((n === 'activation' || n === 'recurrent_activation') && typeof v === 'string') {
      if (v === 'hard_sigmoid' || v === 'hardSigmoid') {
        throw new Error(
          `${where}: ${n} 'hard_sigmoid' is Keras 2's clip(0.2x + 0.5, 0, 1), which Keras 3 does not have (its hard_sigmoid is relu6(x + 3) / 6, sunhwan's 'hard_sigmoid_keras3'); use 'sigmoid' or 'hard_sigmoid_keras3' to save as .keras`,
        );
      }
      out[n] = v === 'hard_sigmoid_keras3' ? 'hard_sigmoid' : v;
    } else out[n] = v;
  }
  for (const k of ['layer', 'backwardLayer']) {
    const inner = config[k] as { className: string; config: Record<string, unknown> } | undefined;
    if (!inner) continue;
    const c = { ...inner.config };
    if (className === 'Bidirectional' && typeof c.name === 'string') c.name = removePrefix(removePrefix(c.name, 'forward_'), 'backward_');
    out[k === 'layer' ? 'layer' : 'backward_layer'] = layerToKeras(inner.className, c, `${where}.${k}`);
  }
  return { module: 'keras.layers', class_name: className, config: out, registered_name: null };
}
