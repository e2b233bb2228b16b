// Recurrent layers: SimpleRNN, LSTM, GRU with Keras semantics, and their tfjs-style factories.

import { GRU, type GRUArgs } from './gru.ts';
import { LSTM, type LSTMArgs } from './lstm.ts';
import { SimpleRNN, type SimpleRNNArgs } from './simple_rnn.ts';

export { GRU, LSTM, SimpleRNN, type GRUArgs, type LSTMArgs, type SimpleRNNArgs };
export { RNNBase } from './base.ts';
export type { ActivationName, RNNArgs, GatedRNNArgs } from './options.ts';

export const simpleRNN = (args: SimpleRNNArgs): SimpleRNN => new SimpleRNN(args);
export const lstm = (args: LSTMArgs): LSTM => new LSTM(args);
export const gru = (args: GRUArgs): GRU => new GRU(args);
