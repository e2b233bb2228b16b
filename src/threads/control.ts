// Layout of the fork-join control block: an Int32Array on a SharedArrayBuffer that the
// caller and every worker see. The caller writes each worker's job slot (state POSTED),
// bumps GENERATION and notifies. A worker claims its job (POSTED → RUNNING), runs it, and
// marks it FINISHED. The caller, once its own part is done, takes every job no worker has
// claimed yet (POSTED → TAKEN) and runs it itself — so a descheduled worker (a loaded
// machine) costs nothing but the split — then waits for the RUNNING ones to finish.
// Error text travels in the job slot.

export const Control = {
  /** Bumped by the caller to start a job (workers wait on it). */
  GENERATION: 0,
  /** Workers that instantiated the kernels (startup handshake). */
  READY: 2,
  /** Set to 1 (then GENERATION bumped) to end the workers. */
  QUIT: 3,
  /** Set to 1 by a worker whose job failed (its slot holds the message). */
  ERRORS: 4,
  /** First job slot; slot i: [state, callCount, messageLength, message…]. */
  JOBS: 16,
  JOB_WORDS: 256,
  MESSAGE_WORDS: 250,
  /** Job states (word 0 of a slot). */
  POSTED: 1,
  RUNNING: 2,
  FINISHED: 3,
  TAKEN: 4,
  /** Busy-wait iterations before sleeping: the caller waiting for a job to finish. */
  SPINS: 20000,
  /**
   * A worker between jobs (~100–300 µs): within a layer call jobs come every few hundred µs,
   * so a worker that is still spinning starts at once instead of after a futex wake-up.
   */
  WORKER_SPINS: 200000,
} as const;

export function controlWords(workers: number): number {
  return Control.JOBS + workers * Control.JOB_WORDS;
}
