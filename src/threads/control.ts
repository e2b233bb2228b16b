// Layout of the fork-join control block: an Int32Array on a SharedArrayBuffer that the
// caller and every worker see.
//
// A run posts a list of jobs (more jobs than threads: chunks). The caller writes the jobs'
// programs and the job table, zeroes FINISHED, sets NEXT = (generation tag << 16) | 0, then
// bumps GENERATION and notifies. Every thread, the caller included, claims jobs one at a time
// by compare-exchange on NEXT (only while NEXT carries the generation it woke up for, so a
// late worker never claims from a later run), runs each, and adds 1 to FINISHED. The caller
// returns when FINISHED = the job count. A worker that is slow to wake (a loaded machine)
// simply claims fewer chunks: nobody waits for it unless it holds one.

export const Control = {
  /** Bumped by the caller to start a run (workers wait on it). */
  GENERATION: 0,
  /** Workers that instantiated the kernels (startup handshake). */
  READY: 1,
  /** Set to 1 (then GENERATION bumped) to end the workers. */
  QUIT: 2,
  /** Set to 1 by a worker whose job failed (its message slot holds the text). */
  ERRORS: 3,
  /** (generation tag << 16) | index of the next unclaimed job. */
  NEXT: 4,
  /** Jobs of the current run that are done. */
  FINISHED: 5,
  /** Jobs in the current run. */
  JOB_COUNT: 6,
  /** Job table: job j at JOB_TABLE + 2j: [first float64 word of its program, call count]. */
  JOB_TABLE: 16,
  MAX_JOBS: 256,
  /** Per worker w, at MESSAGES + w·MESSAGE_WORDS: [length, UTF-16 codes…] of its last error. */
  MESSAGES: 16 + 2 * 256,
  MESSAGE_WORDS: 256,
  /**
   * Microseconds a worker keeps polling for the next run before it sleeps. A training step's
   * runs come a few µs to a few hundred µs apart, and a sleeping worker costs a futex wake (and,
   * on a VM, possibly a halted vCPU's wake-up) per run. Polling reads the clock only every
   * 1,024 loads, and it stops after this long without a run.
   */
  WORKER_SPIN_US: 1000,
} as const;

export function controlWords(workers: number): number {
  return Control.MESSAGES + workers * Control.MESSAGE_WORDS;
}

/** The 16-bit tag of a generation, as stored in NEXT. */
export function generationTag(generation: number): number {
  return generation & 0x7fff;
}
