// Layout of the fork-join control block: an Int32Array on a SharedArrayBuffer that the
// caller and every worker see. The caller writes each worker's job slot, bumps GENERATION
// and notifies; each worker runs its job, adds 1 to DONE and notifies; the caller waits
// until DONE reaches the number of workers. Error text travels in the job slot.

export const Control = {
  /** Bumped by the caller to start a job (workers wait on it). */
  GENERATION: 0,
  /** Workers that finished the current job. */
  DONE: 1,
  /** Workers that instantiated the kernels (startup handshake). */
  READY: 2,
  /** Set to 1 (then GENERATION bumped) to end the workers. */
  QUIT: 3,
  /** Set to 1 by a worker whose job failed (its slot holds the message). */
  ERRORS: 4,
  /** First job slot; slot i: [unused, callCount, messageLength, message…]. */
  JOBS: 16,
  JOB_WORDS: 256,
  MESSAGE_WORDS: 250,
  /** Busy-wait iterations before sleeping (keeps back-to-back jobs off the futex path). */
  SPINS: 20000,
} as const;

export function controlWords(workers: number): number {
  return Control.JOBS + workers * Control.JOB_WORDS;
}
