// TimeDistributed(layer): applies `layer` to every timestep. Row-major [B, T, …] data is
// already [B·T, …] rows, so the inner layer simply runs on a batch of B·T (no copies); the
// time mask passes through. The inner layer's weights are this wrapper's weights.

import type { HeapBuffer } from '../../heap.ts';
import { Layer, type Activation, type BackwardContext, type CallContext, type LayerArgs, type Shape } from '../layer.ts';
import { showShape } from '../core/shape-util.ts';

export interface TimeDistributedArgs extends LayerArgs {
  layer: Layer;
}

export class TimeDistributed extends Layer {
  readonly className = 'TimeDistributed';
  readonly layer: Layer;
  private batchTime: [number, number] = [0, 0];

  constructor(args: TimeDistributedArgs) {
    super(args, 'time_distributed');
    if (!(args.layer instanceof Layer)) throw new Error(`${this.name}: 'layer' must be a Layer`);
    this.layer = args.layer;
  }

  private innerShape(s: Shape): Shape {
    if (s.length < 3) throw new Error(`${this.name}: expected input [batch, time, …] of rank ≥ 3, got ${showShape(s)}`);
    return [null, ...s.slice(2)];
  }

  override build(inputShapes: Shape[]): void {
    if (!this.layer.built) this.layer.build([this.innerShape(inputShapes[0]!)]);
    this.weights.push(...this.layer.weights);
    super.build(inputShapes);
  }

  computeOutputShape(inputShapes: Shape[]): Shape[] {
    const s = inputShapes[0]!;
    const inner = this.layer.computeOutputShape([this.innerShape(s)]);
    return inner.map((o) => [s[0] ?? null, s[1] ?? null, ...o.slice(1)]);
  }

  forward(inputs: Activation[], ctx: CallContext): Activation[] {
    const x = inputs[0]!;
    if (x.shape.length < 3) throw new Error(`${this.name}: expected input [batch, time, …], got [${x.shape.join(', ')}]`);
    const [batch, time] = x.shape as [number, number];
    this.batchTime = [batch, time];
    const outs = this.layer.forward([{ buf: x.buf, shape: [batch * time, ...x.shape.slice(2)], dtype: x.dtype, mask: null }], ctx);
    return outs.map((o) => ({ buf: o.buf, shape: [batch, time, ...o.shape.slice(1)], dtype: o.dtype, mask: x.mask ?? null }));
  }

  backward(outputGrads: Array<HeapBuffer | null>, ctx: BackwardContext): Array<HeapBuffer | null> {
    return this.layer.backward(outputGrads, ctx);
  }

  /** The inner layer's activation, so a model can fuse a softmax/sigmoid with its loss. */
  get activation(): unknown {
    return (this.layer as unknown as { activation?: unknown }).activation;
  }

  /** Forwarded to the inner layer (Dense): its backward then takes dLoss/dLogits. */
  get fuseActivationGrad(): boolean {
    return (this.layer as unknown as { fuseActivationGrad?: boolean }).fuseActivationGrad ?? false;
  }

  set fuseActivationGrad(on: boolean) {
    const inner = this.layer as unknown as { fuseActivationGrad?: boolean };
    if ('fuseActivationGrad' in inner) inner.fuseActivationGrad = on;
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), layer: { className: this.layer.className, config: this.layer.getConfig() } };
  }

  override dispose(): void {
    this.weights.length = 0; // owned by the inner layer
    this.layer.dispose();
    super.dispose();
  }
}
