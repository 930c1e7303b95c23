/** One CLI command: `soundmark <name...> [args]`. */
export interface Command {
  /** Words after `soundmark`, e.g. ["index", "add"]. */
  readonly name: readonly string[];
  /** One line for the command list. */
  readonly summary: string;
  /** Full usage text for `soundmark help <command>`. */
  readonly usage: string;
  /** Runs with the remaining arguments; resolves to the exit code. */
  run(args: string[], io: CommandIo): Promise<number>;
}

/** Where a command writes: injectable so tests run commands in-process and read what they printed. */
export interface CommandIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Whether stderr is a terminal (progress bars draw only there). */
  interactive: boolean;
}

export const processIo: CommandIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  interactive: Boolean(process.stderr.isTTY),
};
