// A one-line download progress bar on stderr (only used when stderr is a terminal).

export class ProgressBar {
  private lastDraw = 0;
  private readonly started = Date.now();

  constructor(
    private readonly label: string,
    private readonly total: number | undefined,
  ) {}

  update(received: number): void {
    const now = Date.now();
    if (now - this.lastDraw < 100) return; // redraw at most 10 times a second
    this.lastDraw = now;
    this.draw(received);
  }

  done(received: number): void {
    this.draw(received);
    process.stderr.write('\n');
  }

  private draw(received: number): void {
    const seconds = Math.max((Date.now() - this.started) / 1000, 1e-3);
    const rate = `${mb(received / seconds)} MB/s`;
    let line: string;
    if (this.total && this.total > 0) {
      const fraction = Math.min(received / this.total, 1);
      const width = 30;
      const filled = Math.round(fraction * width);
      line = `${this.label} [${'='.repeat(filled)}${' '.repeat(width - filled)}] ${mb(received)}/${mb(this.total)} MB ${rate}`;
    } else {
      line = `${this.label} ${mb(received)} MB ${rate}`;
    }
    process.stderr.write(`\r${line}\x1b[K`);
  }
}

function mb(bytes: number): string {
  return (bytes / 1e6).toFixed(1);
}
