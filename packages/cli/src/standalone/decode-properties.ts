const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const LATIN1 = new TextDecoder('latin1');

/**
 * Decodes the bytes of a `.properties` file: as UTF-8 when they are valid UTF-8, otherwise as
 * ISO-8859-1 (Java's own encoding for `Properties.load(InputStream)`), so `é` written by a
 * Latin-1 editor is not turned into U+FFFD. A leading byte order mark is dropped (Kafka would
 * keep it as part of the first key).
 */
export function decodeProperties(bytes: Uint8Array): string {
  let text: string;
  try {
    text = UTF8.decode(bytes);
  } catch {
    text = LATIN1.decode(bytes);
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
