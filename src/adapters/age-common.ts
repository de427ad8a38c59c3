/**
 * What the age adapters share: the age text encodings of keys (recipients and identity files,
 * one key per line, `#` comments) and passphrases.
 */

/** The keys of an age recipients or identity file: its lines without blanks and `#` comments. */
export function keyLines(file: Uint8Array): string[] {
  return Buffer.from(file)
    .toString('utf8')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
}

/** Lines as an age text file, each ended by LF. */
export function textFile(lines: readonly string[]): Uint8Array {
  return new TextEncoder().encode(lines.map((l) => `${l}\n`).join(''));
}

/** A passphrase as the text the libraries and the terminal take: UTF-8, no line breaks. */
export function passphraseText(bytes: Uint8Array): string {
  const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  if (/[\r\n]/.test(text)) throw new TypeError('an age passphrase is one line of text');
  return text;
}
