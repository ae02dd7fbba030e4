export { AZURITE_ACCOUNT, type AzureServer, type AzureServerOptions, startAzureServer } from './azure-server.js';
export { type GcsServer, type GcsServerOptions, startGcsServer } from './gcs-server.js';
export {
  type ResolvedServerPackage,
  type ResolveServerPackageOptions,
  resolveServerPackage,
  SERVER_PACKAGES,
  SERVERS_DIR_ENV,
  type ServerPackageName,
} from './resolve-server-package.js';
export {
  type S3ClientConfig,
  S3RVER_CREDENTIALS,
  type S3Server,
  type S3ServerOptions,
  s3ClientConfig,
  startS3Server,
} from './s3-server.js';
