// The WebAssembly inference time loops (assembly/sequence.ts) bound to the SequenceKernels
// contract (../sequence.ts): the exports take exactly the contract's arguments, so the
// bindings forward them (worker threads call the exports directly), after checking the
// activation codes, which the module trusts.

import type { SequenceKernel, SequenceKernels } from '../sequence.ts';
import type { WasmExports } from './module.ts';

export function wasmSequence(x: WasmExports): SequenceKernels {
  const bind = (name: 'simpleRnnSequence' | 'lstmSequence' | 'gruSequence'): SequenceKernel => {
    const run = x[name];
    if (!run) throw new Error(`kernels: this wasm module has no ${name} (rebuild with \`npm run build:wasm\`)`);
    return (
      rows,
      units,
      act,
      recAct,
      steps,
      reverse,
      ids,
      xx,
      strideRow,
      strideStep,
      inputDim,
      packedW,
      bias,
      packedU,
      recBias,
      h,
      c,
      mask,
      out,
      scratch,
    ) => {
      if (!(act >= 0 && act <= 8 && recAct >= 0 && recAct <= 8)) throw new Error(`${name}: unknown activation code ${act} or ${recAct}`);
      run(
        rows,
        units,
        act,
        recAct,
        steps,
        reverse,
        ids,
        xx,
        strideRow,
        strideStep,
        inputDim,
        packedW,
        bias,
        packedU,
        recBias,
        h,
        c,
        mask,
        out,
        scratch,
      );
    };
  };
  return { simpleRnnSequence: bind('simpleRnnSequence'), lstmSequence: bind('lstmSequence'), gruSequence: bind('gruSequence') };
}
