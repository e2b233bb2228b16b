// Activation functions by Keras name, and the Activation layer.
// Elementwise activations go through kernels.activation / activationGrad (they need the
// pre-activation x and y = f(x)); softmax is row-wise over the last axis.

import type { HeapBuffer } from '../heap.ts';
import { Act, type ActCode } from '../kernels/index.ts';
import { directCalls, type Calls } from '../threads/index.ts';
import { Layer, type Activation, type BackwardContext, type CallContext, type LayerArgs, type Shape } from './layer.ts';
import { lookupOwn } from '../utils/own.ts';

export type ActivationName =
  'linear' | 'relu' | 'sigmoid' | 'tanh' | 'softmax' | 'hard_sigmoid' | 'elu' | 'selu' | 'softplus' | 'hardSigmoid' | 'hard_sigmoid_keras3';

const CODES: Record<string, ActCode> = {
  linear: Act.linear,
  relu: Act.relu,
  sigmoid: Act.sigmoid,
  tanh: Act.tanh,
  hard_sigmoid: Act.hardSigmoid,
  hardsigmoid: Act.hardSigmoid,
  elu: Act.elu,
  selu: Act.selu,
  softplus: Act.softplus,
  /** Keras 3's relu6(x + 3) / 6; Keras files from Keras 3 map 'hard_sigmoid' here (src/io/keras). */
  hard_sigmoid_keras3: Act.hardSigmoidKeras3,
};

/** A resolved activation: an elementwise kernel code or row-wise softmax. */
export interface ActivationFn {
  /** Keras spelling, as saved in configs. */
  readonly name: string;
  readonly isLinear: boolean;
  /** y = f(x) over `rows` rows of `cols` (y may alias x only for elementwise), written to `calls` (a split's part or directCalls). */
  forward(calls: Calls, x: number, y: number, rows: number, cols: number): void;
  /** dx = dy · f'(x) (x pre-activation, y = f(x)). dx may alias dy. */
  backward(calls: Calls, x: number, y: number, dy: number, dx: number, rows: number, cols: number): void;
}

/** Resolves 'relu', 'hard_sigmoid', 'hardSigmoid', null/undefined (= linear), … */
export function getActivation(name: string | null | undefined): ActivationFn {
  const raw = name ?? 'linear';
  const key = raw.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
  if (key === 'softmax') {
    return {
      name: 'softmax',
      isLinear: false,
      forward: (calls, x, y, rows, cols) => calls.call('softmaxRows', x, y, rows, cols),
      backward: (calls, _x, y, dy, dx, rows, cols) => calls.call('softmaxRowsGrad', y, dy, dx, rows, cols),
    };
  }
  const code = lookupOwn(CODES, key);
  if (code === undefined) {
    throw new Error(
      `unknown activation '${raw}' (known: ${[...Object.keys(CODES).filter((n) => n !== 'hardsigmoid'), 'softmax'].join(', ')})`,
    );
  }
  return {
    name: key === 'hardsigmoid' ? 'hard_sigmoid' : key,
    isLinear: code === Act.linear,
    forward: (calls, x, y, rows, cols) => {
      if (code === Act.linear) {
        if (x !== y) calls.call('copy', x, y, rows * cols);
      } else calls.call('activation', code, x, y, rows * cols);
    },
    backward: (calls, x, y, dy, dx, rows, cols) => calls.call('activationGrad', code, x, y, dy, dx, rows * cols, false),
  };
}

export interface ActivationLayerArgs extends LayerArgs {
  activation: string;
}

/** Keras `Activation('relu')`: applies a function to its input (last axis for softmax). */
export class ActivationLayer extends Layer {
  readonly className = 'Activation';
  readonly activation: ActivationFn;
  /** Set by compile() when the loss hands this layer dLoss/dLogits (sigmoid/softmax + cross-entropy). */
  fuseActivationGrad = false;
  private lastInput: Activation | null = null;
  private lastOutput: HeapBuffer | null = null;

  constructor(args: ActivationLayerArgs) {
    super(args, 'activation');
    this.activation = getActivation(args.activation);
  }

  computeOutputShape(inputShapes: Shape[]): Shape[] {
    return [[...inputShapes[0]!]];
  }

  forward(inputs: Activation[], _ctx: CallContext): Activation[] {
    const x = inputs[0]!;
    if (x.dtype !== 'float32') throw new Error(`${this.name}: expects float32 input, got ${x.dtype}`);
    const cols = x.shape[x.shape.length - 1] ?? 1;
    const size = x.shape.reduce((a, b) => a * b, 1);
    const y = this.buffer('y', size);
    this.activation.forward(directCalls(this.kernels), x.buf.offset, y.offset, size / Math.max(cols, 1), cols);
    this.lastInput = x;
    this.lastOutput = y;
    return [{ buf: y, shape: [...x.shape], dtype: 'float32', mask: x.mask ?? null }];
  }

  backward(outputGrads: Array<HeapBuffer | null>, ctx: BackwardContext): Array<HeapBuffer | null> {
    const dy = outputGrads[0];
    const x = this.lastInput;
    if (!dy || !x || !this.lastOutput || !ctx.needInputGrads[0]) return [null];
    if (this.fuseActivationGrad) return [dy];
    const cols = x.shape[x.shape.length - 1] ?? 1;
    const size = x.shape.reduce((a, b) => a * b, 1);
    const dx = this.buffer('dx', size);
    this.activation.backward(
      directCalls(this.kernels),
      x.buf.offset,
      this.lastOutput.offset,
      dy.offset,
      dx.offset,
      size / Math.max(cols, 1),
      cols,
    );
    return [dx];
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), activation: this.activation.name };
  }
}
