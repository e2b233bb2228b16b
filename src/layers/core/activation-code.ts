// Activation names (Keras and tfjs spellings) → elementwise kernel codes, for the sequence
// layers (Conv1D, TimeDistributed helpers). 'softmax' is not elementwise and is rejected here.

import { Act, type ActCode } from '../../kernels/index.ts';

const codes: Record<string, ActCode> = {
  linear: Act.linear,
  relu: Act.relu,
  sigmoid: Act.sigmoid,
  tanh: Act.tanh,
  hard_sigmoid: Act.hardSigmoid,
  elu: Act.elu,
  selu: Act.selu,
  softplus: Act.softplus,
};

export function activationCode(name: string | null | undefined, layerName: string): ActCode {
  if (name == null) return Act.linear;
  const key = name.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
  const code = codes[key];
  if (code === undefined) {
    throw new Error(`${layerName}: unsupported activation '${name}' (known: ${Object.keys(codes).join(', ')})`);
  }
  return code;
}

export function activationName(code: ActCode): string {
  return Object.keys(codes).find((k) => codes[k] === code) ?? 'linear';
}
