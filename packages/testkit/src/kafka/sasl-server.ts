import { createHash, createHmac, pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';

/** SASL mechanisms the test front serves. */
export type SaslMechanism = 'PLAIN' | 'SCRAM-SHA-256' | 'SCRAM-SHA-512' | 'OAUTHBEARER';

/** One step of a server-side SASL exchange. */
export type SaslStep =
  | { readonly kind: 'continue'; readonly reply: Buffer }
  | { readonly kind: 'done'; readonly reply: Buffer; readonly user: string }
  | { readonly kind: 'failed'; readonly message: string };

/** The server side of one SASL exchange: feed it each client message in turn. */
export interface SaslExchange {
  step(message: Buffer): SaslStep;
}

const FAILED = 'Authentication failed: Invalid username or password';

/**
 * The server side of `mechanism` for `users` (user name → password); OAUTHBEARER accepts the
 * bearer tokens `tokens` maps to a principal.
 */
export function saslExchange(
  mechanism: SaslMechanism,
  users: ReadonlyMap<string, string>,
  tokens: ReadonlyMap<string, string> = new Map(),
): SaslExchange {
  if (mechanism === 'OAUTHBEARER') return oauthBearerExchange(tokens);
  return mechanism === 'PLAIN'
    ? plainExchange(users)
    : scramExchange(mechanism === 'SCRAM-SHA-256' ? 'sha256' : 'sha512', users);
}

// RFC 7628: a GS2 header, then \x01-separated key=value pairs, one of them auth=Bearer <token>.
function oauthBearerExchange(tokens: ReadonlyMap<string, string>): SaslExchange {
  return {
    step(message) {
      const auth = message
        .toString('utf8')
        .split('\x01')
        .find((part) => part.startsWith('auth='));
      const token = auth?.match(/^auth=Bearer (\S+)$/)?.[1];
      const principal = token === undefined ? undefined : tokens.get(token);
      if (principal === undefined) return { kind: 'failed', message: 'Authentication failed: invalid bearer token' };
      return { kind: 'done', reply: Buffer.alloc(0), user: principal };
    },
  };
}

// RFC 4616: [authzid] NUL authcid NUL passwd.
function plainExchange(users: ReadonlyMap<string, string>): SaslExchange {
  return {
    step(message) {
      const [, user = '', password = ''] = message.toString('utf8').split('\0');
      const expected = users.get(user);
      if (expected === undefined || !sameText(expected, password)) return { kind: 'failed', message: FAILED };
      return { kind: 'done', reply: Buffer.alloc(0), user };
    },
  };
}

/**
 * RFC 5802 (SCRAM) server side, as Kafka's `ScramSaslServer` runs it: client-first,
 * server-first (nonce, salt, 4096 iterations), client-final with the proof, server-final with
 * the server signature. Credentials are derived from the clear passwords for each exchange.
 */
function scramExchange(hash: 'sha256' | 'sha512', users: ReadonlyMap<string, string>): SaslExchange {
  const hmac = (key: Buffer, text: string) => createHmac(hash, key).update(text).digest();
  const iterations = 4096;
  let state:
    | { at: 'first' }
    | {
        at: 'final';
        user: string;
        password: string;
        nonce: string;
        salt: Buffer;
        clientFirstBare: string;
        serverFirst: string;
      }
    | { at: 'over' } = { at: 'first' };
  return {
    step(message) {
      const text = message.toString('utf8');
      if (state.at === 'first') {
        // gs2 header ("n,," or "y,,"), then n=user,r=nonce
        const bare = text.replace(/^[nyp][^,]*,[^,]*,/, '');
        const fields = attributes(bare);
        const user = (fields.get('n') ?? '').replace(/=2C/g, ',').replace(/=3D/g, '=');
        const clientNonce = fields.get('r');
        if (!clientNonce)
          return { kind: 'failed', message: 'Authentication failed: invalid SCRAM client-first message' };
        const password = users.get(user);
        const nonce = clientNonce + randomBytes(18).toString('base64');
        const salt = randomBytes(16);
        const serverFirst = `r=${nonce},s=${salt.toString('base64')},i=${iterations}`;
        // An unknown user still gets a challenge; the proof then fails, as Kafka does.
        state = {
          at: 'final',
          user,
          password: password ?? randomBytes(16).toString('hex'),
          nonce,
          salt,
          clientFirstBare: bare,
          serverFirst,
        };
        return { kind: 'continue', reply: Buffer.from(serverFirst) };
      }
      if (state.at === 'final') {
        const { user, password, nonce, salt, clientFirstBare, serverFirst } = state;
        state = { at: 'over' };
        const fields = attributes(text);
        const proof = Buffer.from(fields.get('p') ?? '', 'base64');
        const withoutProof = text.slice(0, Math.max(0, text.lastIndexOf(',p=')));
        if (fields.get('r') !== nonce || withoutProof === '') {
          return { kind: 'failed', message: 'Authentication failed: invalid SCRAM client-final message' };
        }
        const salted = pbkdf2Sync(password, salt, iterations, hash === 'sha256' ? 32 : 64, hash);
        const clientKey = hmac(salted, 'Client Key');
        const storedKey = createHash(hash).update(clientKey).digest();
        const authMessage = `${clientFirstBare},${serverFirst},${withoutProof}`;
        const signature = hmac(storedKey, authMessage);
        if (proof.length !== signature.length || !users.has(user)) return { kind: 'failed', message: FAILED };
        const derivedClientKey = Buffer.from(proof.map((b, i) => b ^ (signature[i] ?? 0)));
        if (!timingSafeEqual(createHash(hash).update(derivedClientKey).digest(), storedKey)) {
          return { kind: 'failed', message: FAILED };
        }
        const serverSignature = hmac(hmac(salted, 'Server Key'), authMessage);
        return { kind: 'done', reply: Buffer.from(`v=${serverSignature.toString('base64')}`), user };
      }
      return { kind: 'failed', message: 'Authentication failed: the SCRAM exchange is over' };
    },
  };
}

function attributes(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of text.split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) out.set(part.slice(0, eq), part.slice(eq + 1));
  }
  return out;
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
