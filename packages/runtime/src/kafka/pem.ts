const BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/g;

/** The PEM blocks of `text` whose label is `label` (e.g. `CERTIFICATE`), each as PEM text. */
export function pemBlocks(text: string, label: string): string[] {
  return [...text.matchAll(BLOCK)].filter((m) => m[1] === label).map((m) => m[0]);
}

/**
 * A PEM key store as Kafka reads `ssl.keystore.location` with `ssl.keystore.type=PEM`: one file
 * holding a private key (plain or encrypted) and its certificate chain. `null` without both.
 */
export function readPemKeyStore(text: string): { key: string; cert: string } | null {
  const key = [...text.matchAll(BLOCK)].find((m) => /(^| )PRIVATE KEY$/.test(m[1] ?? ''))?.[0];
  const certs = pemBlocks(text, 'CERTIFICATE');
  if (key === undefined || certs.length === 0) return null;
  return { key, cert: certs.join('\n') };
}
