// SpatialDropout1D({rate}): drops whole feature channels of a [batch, time, channels] input
// (the same channels at every timestep), scaled by 1/(1−rate); training only. Dropout with a
// mask that is constant along time.

import type { Random } from '../../random.ts';
import { Dropout, type DropoutArgs } from '../dropout.ts';
import type { Activation, CallContext } from '../layer.ts';

export type SpatialDropout1DArgs = DropoutArgs;

export class SpatialDropout1D extends Dropout {
  override readonly className: string = 'SpatialDropout1D';

  constructor(args: SpatialDropout1DArgs) {
    super(args, 'spatial_dropout1d');
  }

  override forward(inputs: Activation[], ctx: CallContext): Activation[] {
    const x = inputs[0]!;
    if (x.shape.length !== 3) throw new Error(`${this.name}: expected input [batch, time, channels], got [${x.shape.join(', ')}]`);
    return super.forward(inputs, ctx);
  }

  protected override fillMask(mask: number, shape: number[], rng: Random, scale: number): void {
    const [batch, time, channels] = shape as [number, number, number];
    const h = this.kernels.heap.f32;
    for (let b = 0; b < batch; b++) {
      const row = mask + b * time * channels;
      for (let c = 0; c < channels; c++) h[row + c] = rng.next() < this.rate ? 0 : scale;
      for (let t = 1; t < time; t++) h.copyWithin(row + t * channels, row, row + channels);
    }
  }
}
