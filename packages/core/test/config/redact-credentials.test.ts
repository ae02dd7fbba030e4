import { describe, expect, it } from 'vitest';
import { displayValue, looksSecret } from '../../src/config/redact.js';

describe('credential redaction', () => {
  it('hides Schema Registry user info under converter prefixes but not the credentials source', () => {
    expect(looksSecret('value.converter.basic.auth.user.info')).toBe(true);
    expect(looksSecret('consumer.override.ssl.keystore.key')).toBe(true);
    expect(looksSecret('value.converter.basic.auth.credentials.source')).toBe(false);
  });

  it('strips userinfo from URL values', () => {
    expect(displayValue('s3://AKID:SECRET@bucket/p')).toBe('s3://[hidden]@bucket/p');
    expect(displayValue('http://user:pass@host')).toBe('http://[hidden]@host');
  });
});
