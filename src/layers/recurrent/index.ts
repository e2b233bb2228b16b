// Recurrent layers: SimpleRNN, LSTM, GRU with Keras semantics, their tfjs-style factories
// (registration for loading: ../builtin.ts).

import { GRU, type GRUArgs } from './gru.ts';
import { LSTM, type LSTMArgs } from './lstm.ts';
import { SimpleRNN, type SimpleRNNArgs } from './simple-rnn.ts';

export { GRU, LSTM, SimpleRNN, type GRUArgs, type LSTMArgs, type SimpleRNNArgs };
export { RNNBase } from './base.ts';
export type { ActivationName, RNNArgs, GatedRNNArgs } from './options.ts';

/** `layers.simpleRNN({units: 32})`, as Keras' `SimpleRNN(32)`: h_t = tanh(x_t·W + h_{t−1}·U + b). */
export const simpleRNN = (args: SimpleRNNArgs): SimpleRNN => new SimpleRNN(args);

/**
 * `layers.lstm({units: 32, returnSequences: true})`, as Keras' `LSTM(32, return_sequences=True)`.
 * Inputs [batch, time, features] (plus optional initial [h, c]); outputs the last h
 * ([batch, units]) or every h ([batch, time, units]), then [h, c] with returnState.
 */
export const lstm = (args: LSTMArgs): LSTM => new LSTM(args);

/**
 * `layers.gru({units: 32})`, as Keras' `GRU(32)` (resetAfter: true, a (2, 3u) bias). For the
 * Keras 2.2 models of the textbook: `{resetAfter: false, recurrentActivation: 'hard_sigmoid'}`.
 */
export const gru = (args: GRUArgs): GRU => new GRU(args);
