/**
 * Nothing an adapter or a file says reaches the terminal raw. Error texts, file names and ids
 * come from other people's code and files; an ESC or OSC sequence in one could clear the screen,
 * retitle the window, hide lines or forge output, and a carriage return can overwrite a line.
 * While a command runs, everything written to stdout and stderr passes through
 * {@link terminalText}: only newline and tab stay as they are.
 */
import { visible } from '../report/text.js';

/** `text` with every control character but newline and tab shown as `\uXXXX` (a carriage return too). */
export function terminalText(text: string): string {
  return visible(text).replace(/\r/g, '\\u000D');
}

type Write = typeof process.stdout.write;

/** Routes string writes to stdout and stderr through {@link terminalText} until the returned function is called. */
export function guardTerminal(): () => void {
  const streams = [process.stdout, process.stderr];
  const originals = streams.map((s) => s.write);
  streams.forEach((s, i) => {
    const write = originals[i] as Write;
    s.write = function (this: NodeJS.WriteStream, chunk: unknown, ...rest: unknown[]): boolean {
      return (write as (...a: unknown[]) => boolean).call(this, typeof chunk === 'string' ? terminalText(chunk) : chunk, ...rest);
    } as Write;
  });
  return () => streams.forEach((s, i) => (s.write = originals[i] as Write));
}
