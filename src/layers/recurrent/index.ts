// Recurrent layers: SimpleRNN, LSTM, GRU with Keras semantics, their tfjs-style factories, and
// their registration for loadModel().

import { registerLayer } from '../../io/registry.ts';
import { GRU, type GRUArgs } from './gru.ts';
import { LSTM, type LSTMArgs } from './lstm.ts';
import { SimpleRNN, type SimpleRNNArgs } from './simple_rnn.ts';

export { GRU, LSTM, SimpleRNN, type GRUArgs, type LSTMArgs, type SimpleRNNArgs };
export { RNNBase } from './base.ts';
export type { ActivationName, RNNArgs, GatedRNNArgs } from './options.ts';

export const simpleRNN = (args: SimpleRNNArgs): SimpleRNN => new SimpleRNN(args);
export const lstm = (args: LSTMArgs): LSTM => new LSTM(args);
export const gru = (args: GRUArgs): GRU => new GRU(args);

registerLayer('SimpleRNN', (c) => new SimpleRNN(c as unknown as SimpleRNNArgs));
registerLayer('LSTM', (c) => new LSTM(c as unknown as LSTMArgs));
registerLayer('GRU', (c) => new GRU(c as unknown as GRUArgs));
