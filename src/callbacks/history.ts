// History: always installed by fit(); fit() returns it. history.history.loss[i] is epoch i's value.

import { Callback, type Logs } from './callback.ts';

export class History extends Callback {
  /** Epoch indices seen (0-based, from initialEpoch). */
  epoch: number[] = [];
  history: Record<string, number[]> = {};

  onEpochEnd(epoch: number, logs: Logs): void {
    this.epoch.push(epoch);
    for (const [k, v] of Object.entries(logs)) (this.history[k] ??= []).push(v);
  }
}
