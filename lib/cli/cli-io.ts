/**
 * The outside world of a CLI command: main.ts wires it to the process, tests to strings.
 * A command that needs less asks for less (`Pick<CliIo, "stdout" | "stderr">`).
 */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  readFile(path: string): Promise<string>;
}
