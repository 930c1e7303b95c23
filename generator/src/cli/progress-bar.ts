import type { CommandIo } from "./command.js";

/**
 * A one-line progress bar on stderr, redrawn at most every 100 ms; on a non-terminal it prints nothing until
 * `done`, which prints one summary line, so logs and pipes stay clean.
 */
export class ProgressBar {
  readonly #io: CommandIo;
  readonly #total: number;
  readonly #label: string;
  readonly #started = Date.now();
  #done = 0;
  #lastDraw = 0;

  constructor(io: CommandIo, label: string, total: number) {
    this.#io = io;
    this.#label = label;
    this.#total = Math.max(total, 1);
  }

  tick(detail = ""): void {
    this.#done++;
    const now = Date.now();
    if (!this.#io.interactive || (now - this.#lastDraw < 100 && this.#done < this.#total)) return;
    this.#lastDraw = now;
    const width = 30;
    const filled = Math.round((this.#done / this.#total) * width);
    const bar = "#".repeat(filled) + "-".repeat(width - filled);
    const text = `${this.#label} [${bar}] ${this.#done}/${this.#total} ${detail}`.slice(0, 120);
    this.#io.stderr(`\r${text}\x1b[K`);
  }

  finish(summary: string): void {
    const seconds = ((Date.now() - this.#started) / 1000).toFixed(1);
    this.#io.stderr(`${this.#io.interactive ? "\r\x1b[K" : ""}${this.#label}: ${summary} in ${seconds} s\n`);
  }
}
