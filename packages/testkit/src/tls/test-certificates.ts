import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { TestkitError } from '../errors.js';

const run = promisify(execFile);

/** A PEM private key and certificate. */
export interface PemPair {
  readonly key: string;
  readonly cert: string;
}

/** What {@link makeTestCertificates} made: a CA, a server certificate it signed, and a client one. */
export interface TestCertificates {
  readonly ca: PemPair;
  /** For `hosts` (as DNS or IP subject alternative names). */
  readonly server: PemPair;
  /** For mutual TLS, common name `client`. */
  readonly client: PemPair;
}

/** Options of {@link makeTestCertificates}. */
export interface TestCertificateOptions {
  /** Names the server certificate is valid for. Default `['127.0.0.1', 'localhost']`. */
  hosts?: readonly string[];
  /** Common name of the CA, to tell two CAs apart. Default `sinkkit test CA`. */
  caName?: string;
  /** Encrypts the client's private key with this password (PKCS#8). Default: unencrypted. */
  clientKeyPassword?: string;
}

const INSTALL_HINT = 'install the openssl command (Debian: apt-get install openssl)';

/**
 * Makes a throwaway CA (P-256 keys, valid for two days) and a server and a client certificate
 * signed by it, with the `openssl` command (Node has no API that creates certificates; OpenSSL
 * is on every Debian system that has `ca-certificates`). Nothing is left on disk.
 *
 * @throws TestkitError when `openssl` is missing or fails.
 */
export async function makeTestCertificates(options: TestCertificateOptions = {}): Promise<TestCertificates> {
  const hosts = options.hosts ?? ['127.0.0.1', 'localhost'];
  const dir = await mkdtemp(join(tmpdir(), 'sinkkit-certs-'));
  const file = (name: string) => join(dir, name);
  const openssl = async (...args: string[]) => {
    try {
      await run('openssl', args, { cwd: dir });
    } catch (error) {
      const e = error as NodeJS.ErrnoException & { stderr?: string };
      if (e.code === 'ENOENT') throw new TestkitError(`openssl is not installed: ${INSTALL_HINT}`);
      throw new TestkitError(`openssl ${args[0]} failed: ${e.stderr?.trim() || e.message}`);
    }
  };
  const newKey = (name: string) =>
    openssl('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', file(name));
  try {
    await newKey('ca.key');
    await openssl(
      'req',
      '-x509',
      '-new',
      '-key',
      file('ca.key'),
      '-days',
      '2',
      '-subj',
      `/CN=${options.caName ?? 'sinkkit test CA'}`,
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
      '-out',
      file('ca.pem'),
    );
    const sans = hosts.map((h) => (/^[\d.]+$|:/.test(h) ? `IP:${h}` : `DNS:${h}`)).join(',');
    const issue = async (name: string, subject: string, ext: string) => {
      await newKey(`${name}.key`);
      await openssl('req', '-new', '-key', file(`${name}.key`), '-subj', subject, '-out', file(`${name}.csr`));
      await writeFile(file(`${name}.ext`), ext);
      await openssl(
        'x509',
        '-req',
        '-in',
        file(`${name}.csr`),
        '-CA',
        file('ca.pem'),
        '-CAkey',
        file('ca.key'),
        '-CAcreateserial',
        '-days',
        '2',
        '-extfile',
        file(`${name}.ext`),
        '-out',
        file(`${name}.pem`),
      );
    };
    await issue('server', `/CN=${hosts[0] ?? 'localhost'}`, `subjectAltName=${sans}\nextendedKeyUsage=serverAuth\n`);
    await issue('client', '/CN=client', 'extendedKeyUsage=clientAuth\n');
    if (options.clientKeyPassword !== undefined) {
      await writeFile(file('pass'), options.clientKeyPassword);
      await openssl(
        'pkcs8',
        '-topk8',
        '-in',
        file('client.key'),
        '-passout',
        `file:${file('pass')}`,
        '-out',
        file('client.enc.key'),
      );
    }
    const read = (name: string) => readFile(file(name), 'utf8');
    return {
      ca: { key: await read('ca.key'), cert: await read('ca.pem') },
      server: { key: await read('server.key'), cert: await read('server.pem') },
      client: {
        key: await read(options.clientKeyPassword === undefined ? 'client.key' : 'client.enc.key'),
        cert: await read('client.pem'),
      },
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
