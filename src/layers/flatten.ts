// Flatten: [B, d1, d2, …] -> [B, d1·d2·…]. Row-major data is already in that order, so the
// output is the input buffer with a new shape (no copy), and the gradient passes through.

import type { HeapBuffer } from '../heap.ts';
import { Layer, type Activation, type BackwardContext, type CallContext, type LayerArgs, type Shape } from './layer.ts';

export class Flatten extends Layer {
  readonly className = 'Flatten';

  constructor(args: LayerArgs = {}) {
    super(args, 'flatten');
  }

  computeOutputShape(inputShapes: Shape[]): Shape[] {
    const shape = inputShapes[0]!;
    const rest = shape.slice(1);
    if (rest.some((d) => d === null)) {
      throw new Error(
        `${this.name}: the input shape (${shape.map((d) => d ?? 'None').join(', ')}) is not fully defined; ` +
          'give the sequence length (e.g. embedding({…, inputLength: 20}) or inputShape)',
      );
    }
    return [[shape[0]!, rest.reduce<number>((a, b) => a * (b as number), 1)]];
  }

  forward(inputs: Activation[], _ctx: CallContext): Activation[] {
    const x = inputs[0]!;
    const batch = x.shape[0]!;
    const cols = x.shape.slice(1).reduce((a, b) => a * b, 1);
    return [{ buf: x.buf, shape: [batch, cols], dtype: x.dtype, mask: null }];
  }

  backward(outputGrads: Array<HeapBuffer | null>, ctx: BackwardContext): Array<HeapBuffer | null> {
    return [ctx.needInputGrads[0] ? (outputGrads[0] ?? null) : null];
  }
}
