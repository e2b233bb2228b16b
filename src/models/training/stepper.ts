// One batch through the model (Keras' train_step / test_step / predict_step): the heap edges —
// input rows copied in, predictions and loss gradients read out — around the model's forward and
// backward passes, and the optimizer update. The buffers it owns are reused from batch to batch.

import type { HeapBuffer } from '../../heap.ts';
import type { Kernels } from '../../kernels/index.ts';
import type { Activation, CallContext, Weight } from '../../layers/layer.ts';
import { Random } from '../../random.ts';
import { Tensor, type DType } from '../../tensor.ts';
import { wakeThreads } from '../../threads/index.ts';
import type { CompiledState, LogAccumulator } from './compiled.ts';
import type { Batch } from './data-adapter.ts';

/** The model's public face a step uses. */
export interface SteppedModel {
  readonly kernels: Kernels;
  readonly trainableWeights: Weight[];
}

/** The model's passes over heap Activations (protected in the model; handed to its trainer). */
export interface ModelPasses {
  forward(inputs: Activation[], ctx: CallContext): Activation[];
  /** Backpropagates from dLoss/dOutput (one buffer per output), adding into weight grads. */
  backward(outputGrads: HeapBuffer[]): void;
  /** The dtype each input expects ('int32' for token ids). */
  inputDtypes(): DType[];
}

export class Stepper {
  /** Dropout masks and other training randomness; fit reseeds it every epoch. */
  rng = new Random(0);
  private inputBufs: HeapBuffer[] = [];
  private gradBufs: HeapBuffer[] = [];

  constructor(
    private readonly model: SteppedModel,
    private readonly passes: ModelPasses,
  ) {}

  /** The heap buffers this stepper owns (model.dispose() frees them). */
  buffers(): HeapBuffer[] {
    return [...this.inputBufs, ...this.gradBufs];
  }

  /** Forward + loss and metrics (+ backward and the optimizer update when training). */
  run(batch: Batch, compiled: CompiledState, acc: LogAccumulator, training: boolean): void {
    const count = batch.count;
    const outs = this.passes.forward(this.loadInputs(batch), { training, rng: this.rng });
    const heap = this.model.kernels.heap;
    if (training) {
      outs.forEach((o, i) => {
        const n = o.shape.reduce((a, b) => a * b, 1);
        let g = this.gradBufs[i];
        if (!g || g.length < n) {
          if (g) heap.release(g);
          g = heap.alloc(n);
          this.gradBufs[i] = g;
        }
      });
    }
    const f = heap.f32; // after any allocation
    let total = 0;
    const grads: HeapBuffer[] = [];
    outs.forEach((o, i) => {
      const n = o.shape.reduce((a, b) => a * b, 1);
      const depth = o.shape[o.shape.length - 1] ?? 1;
      const pred = f.subarray(o.buf.offset, o.buf.offset + n);
      const grad = training ? f.subarray(this.gradBufs[i]!.offset, this.gradBufs[i]!.offset + n) : null;
      const target = batch.targets[i]!;
      const sampleWeight = batch.sampleWeight;
      const loss = compiled.losses[i]!.compute({
        pred,
        target,
        grad,
        batch: count,
        depth,
        sampleWeight,
        fused: training && compiled.fused[i]!,
      });
      total += loss;
      acc.outputLossSums[i]! += loss * count;
      compiled.metrics[i]!.forEach((m, k) => {
        const [s, cnt] = m.compute(pred, target, count, depth, sampleWeight);
        acc.metricSums[i]![k]! += s;
        acc.metricCounts[i]![k]! += cnt;
      });
      if (training) grads.push({ offset: this.gradBufs[i]!.offset, length: n });
    });
    acc.lossSum += total * count;
    acc.samples += count;
    if (!training) return;
    const weights = this.model.trainableWeights;
    for (const w of weights) this.model.kernels.fill(w.grad.offset, w.size, 0);
    this.passes.backward(grads);
    compiled.optimizer.applyGradients(weights, heap);
  }

  /** The model's outputs for one batch, copied out of the heap (one Tensor per output). */
  predict(batch: Batch): Tensor[] {
    const outs = this.passes.forward(this.loadInputs(batch), { training: false, rng: this.rng });
    const f = this.model.kernels.heap.f32;
    return outs.map((o) => {
      const size = o.shape.reduce((a, c) => a * c, 1);
      return new Tensor(f.slice(o.buf.offset, o.buf.offset + size), o.shape.slice());
    });
  }

  /** Copies the batch's rows of each input tensor into the heap. */
  private loadInputs({ xs, order, start, count }: Batch): Activation[] {
    wakeThreads(); // a batch is starting: sleeping workers wake while the rows are copied
    const dtypes = this.passes.inputDtypes();
    const heap = this.model.kernels.heap;
    const acts: Activation[] = [];
    for (let i = 0; i < xs.length; i++) {
      const t = xs[i]!;
      const rowSize = t.size / t.shape[0]!;
      const length = rowSize * count;
      let buf = this.inputBufs[i];
      if (!buf || buf.length < length) {
        if (buf) heap.release(buf);
        buf = heap.alloc(Math.max(length, 16));
        this.inputBufs[i] = buf;
      }
      const dtype = dtypes[i] ?? t.dtype;
      const src = t.dataSync();
      const dst =
        dtype === 'int32' ? heap.i32.subarray(buf.offset, buf.offset + length) : heap.f32.subarray(buf.offset, buf.offset + length);
      if (dtype === 'int32' && src instanceof Float32Array) {
        for (let r = 0; r < count; r++) {
          const from = (order ? order[start + r]! : start + r) * rowSize;
          for (let j = 0; j < rowSize; j++) dst[r * rowSize + j] = Math.trunc(src[from + j]!);
        }
      } else if (!order) {
        dst.set(src.subarray(start * rowSize, (start + count) * rowSize));
      } else {
        for (let r = 0; r < count; r++) {
          const from = order[start + r]! * rowSize;
          dst.set(src.subarray(from, from + rowSize), r * rowSize);
        }
      }
      acts.push({ buf: { offset: buf.offset, length }, shape: [count, ...t.shape.slice(1)], dtype });
    }
    return acts;
  }
}
