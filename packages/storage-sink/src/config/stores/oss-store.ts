import { ConfigError, HIDDEN } from '@sinkkit/core';
import type { StoreConfigValues } from '../store-config-def.js';
import { loadPeer } from './load-peer.js';
import type { OpenedStore } from './opened-store.js';
import { type StoreHooks, storeCallSettings } from './store-calls.js';

const PACKAGES = ['@sinkkit/storage-oss', 'ali-oss'];

/**
 * Alibaba Cloud OSS through `@sinkkit/storage-oss` over `ali-oss` (optional peers): `oss.region`
 * and/or `oss.endpoint`, an AccessKey pair, and an STS `oss.security.token` with temporary keys.
 */
export async function openOssStore(
  c: StoreConfigValues,
  location: { bucket: string; prefix: string },
  url: string,
  hooks?: StoreHooks,
): Promise<OpenedStore> {
  const region = c['oss.region'];
  const endpoint = c['oss.endpoint'];
  const keyId = c['oss.access.key.id'];
  const secret = c['oss.access.key.secret'];
  const token = c['oss.security.token'];
  if (c['store.url.endpoint'] !== null) {
    throw new ConfigError({
      key: 'store.url.endpoint',
      value: c['store.url.endpoint'],
      reason: 'not used for oss:// stores: set oss.endpoint',
    });
  }
  if (region === null && endpoint === null) {
    throw new ConfigError({ key: 'oss.region', reason: 'missing: an oss:// store needs oss.region or oss.endpoint' });
  }
  if (region !== null && !/^(oss-)?[a-z0-9-]+$/.test(region)) {
    throw new ConfigError({ key: 'oss.region', value: region, reason: 'must look like oss-cn-hangzhou' });
  }
  if (endpoint !== null && !isHttpUrl(endpoint)) {
    throw new ConfigError({
      key: 'oss.endpoint',
      value: endpoint,
      reason: 'must be an http(s) URL, e.g. https://oss-cn-hangzhou.aliyuncs.com',
    });
  }
  if (keyId === null || keyId === '') {
    throw new ConfigError({
      key: 'oss.access.key.id',
      reason: 'missing: an oss:// store needs an AccessKey id and secret',
    });
  }
  if (secret === null || secret.value() === '') {
    throw new ConfigError({
      key: 'oss.access.key.secret',
      ...(secret ? { value: HIDDEN } : {}),
      reason: 'missing: an oss:// store needs an AccessKey id and secret',
    });
  }
  const [{ OssStorage }, sdk] = await Promise.all([
    loadPeer(() => import('@sinkkit/storage-oss'), url, PACKAGES),
    loadPeer(() => import('ali-oss'), url, PACKAGES),
  ]);
  const client = new sdk.default({
    ...(region !== null ? { region } : {}),
    ...(endpoint !== null ? { endpoint } : {}),
    accessKeyId: keyId,
    accessKeySecret: secret.value(),
    ...(token !== null ? { stsToken: token.value() } : {}),
    bucket: location.bucket,
    ...(endpoint === null || endpoint.startsWith('https:') ? { secure: true } : {}),
    // Per HTTP request; ends the socket of an attempt the adapter abandoned at the same bound.
    ...(c['store.request.timeout.ms'] > 0 ? { timeout: c['store.request.timeout.ms'] } : {}),
  });
  const storage = new OssStorage({
    client,
    prefix: location.prefix,
    partSize: c['oss.part.size'],
    conditionalCreate: c['oss.conditional.create'],
    ...storeCallSettings(c, { url, endpoint, check: endpoint !== null ? 'oss.endpoint' : 'oss.region' }, hooks),
  });
  return { storage, close() {} };
}

function isHttpUrl(text: string): boolean {
  try {
    const { protocol } = new URL(text);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}
