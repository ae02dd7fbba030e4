import { createPrivateKey, X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { makeTestCertificates } from '../../src/index.js';

describe('makeTestCertificates', () => {
  it('makes a CA that signed a server certificate for the hosts and a client certificate', async () => {
    const certs = await makeTestCertificates({ hosts: ['127.0.0.1', 'broker.test'], caName: 'my CA' });
    const ca = new X509Certificate(certs.ca.cert);
    const server = new X509Certificate(certs.server.cert);
    const client = new X509Certificate(certs.client.cert);
    expect(ca.ca).toBe(true);
    expect(ca.subject).toContain('CN=my CA');
    expect(server.checkIssued(ca)).toBe(true);
    expect(server.verify(ca.publicKey)).toBe(true);
    expect(client.verify(ca.publicKey)).toBe(true);
    expect(server.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(server.checkHost('broker.test')).toBe('broker.test');
    expect(server.checkHost('other.test')).toBeUndefined();
    expect(server.checkPrivateKey(createPrivateKey(certs.server.key))).toBe(true);
  });

  it('encrypts the client key when asked, and two calls make unrelated CAs', async () => {
    const [a, b] = await Promise.all([makeTestCertificates({ clientKeyPassword: 'pw' }), makeTestCertificates()]);
    expect(a.client.key).toContain('BEGIN ENCRYPTED PRIVATE KEY');
    expect(() => createPrivateKey(a.client.key)).toThrow();
    expect(createPrivateKey({ key: a.client.key, passphrase: 'pw' }).asymmetricKeyType).toBe('ec');
    expect(new X509Certificate(a.server.cert).verify(new X509Certificate(b.ca.cert).publicKey)).toBe(false);
  });
});
