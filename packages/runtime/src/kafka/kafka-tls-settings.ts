import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createSecureContext } from 'node:tls';
import { HIDDEN } from '@sinkkit/core';
import type { KafkaTlsSettings, ReportProblem as Report, SettingText as Text } from './kafka-security.js';
import { pemBlocks, readPemKeyStore } from './pem.js';

/** Why JKS and PKCS12 stores are refused, and how to convert them. */
export const CONVERT_TRUSTSTORE =
  'Node reads PEM only: convert the store, e.g. `keytool -exportcert -rfc -keystore truststore.jks -alias CARoot -file ca.pem` (PKCS12: `openssl pkcs12 -in truststore.p12 -nokeys -out ca.pem`), then set ssl.truststore.type=PEM and ssl.truststore.location=ca.pem';
export const CONVERT_KEYSTORE =
  'Node reads PEM only: convert the store, e.g. `keytool -importkeystore -srckeystore keystore.jks -destkeystore keystore.p12 -deststoretype PKCS12` then `openssl pkcs12 -in keystore.p12 -nodes -out keystore.pem` (key and certificates in one file), then set ssl.keystore.type=PEM and ssl.keystore.location=keystore.pem';

/**
 * The TLS settings of one client from its `ssl.*` keys: PEM trust and key stores (text or file),
 * the key password and the host name check. JKS and PKCS12 are refused saying how to convert.
 */
export function resolveTls(text: Text, problem: Report): KafkaTlsSettings {
  const out: { ca?: string; cert?: string; key?: string; passphrase?: string; verifyHostname: boolean } = {
    verifyHostname: true,
  };
  // Trust store.
  const trustType = text('ssl.truststore.type');
  const trustTypeOk = storeTypeOk(trustType, CONVERT_TRUSTSTORE, problem);
  const inlineCa = text('ssl.truststore.certificates');
  const caFile = text('ssl.truststore.location');
  if (inlineCa && caFile) {
    problem({ key: inlineCa.key, reason: `set either it or ${caFile.key}, not both` });
  } else if (inlineCa) {
    if (pemBlocks(inlineCa.value, 'CERTIFICATE').length === 0) {
      problem({ key: inlineCa.key, reason: 'holds no PEM certificate (-----BEGIN CERTIFICATE-----)' });
    } else out.ca = inlineCa.value;
  } else if (caFile && trustTypeOk) {
    const read = readText(caFile, problem);
    if (read !== null) {
      if (pemBlocks(read, 'CERTIFICATE').length > 0) out.ca = read;
      else if (trustType === null) {
        problem({
          key: caFile.key,
          value: caFile.value,
          reason: `is not a PEM file (without ssl.truststore.type, Kafka reads it as JKS). ${CONVERT_TRUSTSTORE}`,
        });
      } else
        problem({
          key: caFile.key,
          value: caFile.value,
          reason: 'holds no PEM certificate (-----BEGIN CERTIFICATE-----)',
        });
    }
  }
  const trustPassword = text('ssl.truststore.password');
  if (trustPassword && trustTypeOk) {
    problem({
      key: trustPassword.key,
      value: HIDDEN,
      reason: 'a PEM trust store has no password (Kafka refuses it too); remove it',
    });
  }

  // Key store (mutual TLS).
  const keyType = text('ssl.keystore.type');
  const keyTypeOk = storeTypeOk(keyType, CONVERT_KEYSTORE, problem);
  const chain = text('ssl.keystore.certificate.chain');
  const inlineKey = text('ssl.keystore.key');
  const keyFile = text('ssl.keystore.location');
  if (keyFile && (chain || inlineKey)) {
    problem({
      key: keyFile.key,
      value: keyFile.value,
      reason: `set either it or ${(chain ?? inlineKey)?.key}, not both`,
    });
  } else if (chain || inlineKey) {
    if (!chain)
      problem({ key: inlineKey?.key ?? '', value: HIDDEN, reason: 'needs ssl.keystore.certificate.chain too' });
    else if (!inlineKey) problem({ key: chain.key, reason: 'needs ssl.keystore.key (the private key) too' });
    else if (pemBlocks(chain.value, 'CERTIFICATE').length === 0) {
      problem({ key: chain.key, reason: 'holds no PEM certificate (-----BEGIN CERTIFICATE-----)' });
    } else if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(inlineKey.value)) {
      problem({ key: inlineKey.key, value: HIDDEN, reason: 'holds no PEM private key (-----BEGIN PRIVATE KEY-----)' });
    } else {
      out.cert = chain.value;
      out.key = inlineKey.value;
    }
  } else if (keyFile && keyTypeOk) {
    const read = readText(keyFile, problem);
    if (read !== null) {
      const store = readPemKeyStore(read);
      if (store === null) {
        problem({
          key: keyFile.key,
          value: keyFile.value,
          reason:
            keyType === null
              ? `is not a PEM file with a private key and a certificate (without ssl.keystore.type, Kafka reads it as JKS). ${CONVERT_KEYSTORE}`
              : 'needs a PEM private key and at least one PEM certificate',
        });
      } else {
        out.cert = store.cert;
        out.key = store.key;
      }
    }
  }
  const storePassword = text('ssl.keystore.password');
  if (storePassword && keyTypeOk) {
    problem({
      key: storePassword.key,
      value: HIDDEN,
      reason: 'a PEM key store has no password (Kafka refuses it too); an encrypted key takes ssl.key.password',
    });
  }
  const keyPassword = text('ssl.key.password');
  if (keyPassword) {
    if (!chain && !inlineKey && !keyFile) {
      problem({
        key: keyPassword.key,
        value: HIDDEN,
        reason: 'is set, but no key store (ssl.keystore.key or ssl.keystore.location) is',
      });
    } else out.passphrase = keyPassword.value;
  }

  const algorithm = text('ssl.endpoint.identification.algorithm');
  if (algorithm) {
    if (algorithm.value === '') out.verifyHostname = false;
    else if (algorithm.value.toLowerCase() !== 'https') {
      problem({
        key: algorithm.key,
        value: algorithm.value,
        reason: 'must be https (check the broker certificate names its host) or empty (do not check the name)',
      });
    }
  }
  // Load the material now, so a bad certificate, key or key password fails the start naming its key.
  if (out.ca !== undefined) {
    const where = (inlineCa ?? caFile) as { key: string; value: string };
    const failure = certificateFailure(out.ca);
    if (failure) problem({ key: where.key, reason: `cannot be loaded: ${failure}` });
  }
  if (out.key !== undefined && out.cert !== undefined) {
    const failure = loadFailure({ cert: out.cert, key: out.key, passphrase: out.passphrase });
    if (failure) {
      const badPassword = /bad decrypt|bad password|interrupted or cancelled|passphrase/i.test(failure);
      const keyStore = (keyFile ?? inlineKey) as { key: string };
      problem(
        badPassword
          ? {
              key: keyPassword?.key ?? 'ssl.key.password',
              ...(keyPassword ? { value: HIDDEN } : {}),
              reason: keyPassword
                ? `does not decrypt the private key of ${keyStore.key}`
                : `missing: the private key of ${keyStore.key} is encrypted`,
            }
          : {
              key: keyStore.key,
              ...(keyFile ? { value: keyFile.value } : { value: HIDDEN }),
              reason: `cannot be loaded: ${failure}`,
            },
      );
    }
  }
  return out;
}

// Node's TLS skips a CA certificate it cannot parse; parse each one to say so.
function certificateFailure(pem: string): string | undefined {
  for (const [index, block] of pemBlocks(pem, 'CERTIFICATE').entries()) {
    try {
      new X509Certificate(block);
    } catch (error) {
      return `certificate ${index + 1}: ${(error as Error).message}`;
    }
  }
  return undefined;
}

// What Node's TLS says about the material, or undefined when it loads. OpenSSL's messages name
// the failing step, never the key material or the password.
function loadFailure(options: {
  ca?: string;
  cert?: string;
  key?: string;
  passphrase?: string | undefined;
}): string | undefined {
  try {
    createSecureContext(Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)));
    return undefined;
  } catch (error) {
    return (error as Error).message.replace(/\s*\n\s*/g, ' ');
  }
}

// A store type: PEM (or unset) is fine; JKS/PKCS12 are refused with how to convert.
function storeTypeOk(type: { key: string; value: string } | null, convert: string, problem: Report): boolean {
  if (type === null || type.value.toUpperCase() === 'PEM') return true;
  const upper = type.value.toUpperCase();
  problem({
    key: type.key,
    value: type.value,
    reason: upper === 'JKS' || upper === 'PKCS12' ? `is not supported. ${convert}` : 'must be PEM',
  });
  return false;
}

function readText(file: { key: string; value: string }, problem: Report): string | null {
  try {
    return readFileSync(file.value, 'utf8');
  } catch (error) {
    problem({ key: file.key, value: file.value, reason: `cannot be read: ${(error as Error).message}` });
    return null;
  }
}
