/** Input/output of one CLI run; tests pass in-memory streams, bin/cabas.js passes the process ones. */
export type CliIO = {
  /** Whole standard input as text (commands that read JSON call it once). */
  readStdin: () => Promise<string>;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Record<string, string | undefined>;
};

/**
 * One command of `npx cabas`. `path` is the words that select it (`['egalim', 'classify']`);
 * `run` receives the remaining arguments and returns the process exit code:
 * 0 success, 1 operation refused or failed, 2 bad input (French message on stderr naming the field).
 */
export type CliCommand = {
  path: string[];
  summary: string;
  usage?: string;
  run: (args: string[], io: CliIO) => Promise<number>;
};
