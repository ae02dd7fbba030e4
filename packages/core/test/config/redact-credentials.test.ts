import { describe, expect, it } from 'vitest';
import { displayValue, looksSecret, stripUserinfo } from '../../src/config/redact.js';

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

  it('hides a password with unencoded @, / or : whole, and every URL of a message', () => {
    expect(stripUserinfo('s3://AKID:ab/cd@ef@bucket/p')).toBe('s3://[hidden]@bucket/p');
    expect(stripUserinfo('tried http://u:p@a and "https://v:q@b/x" then')).toBe(
      'tried http://[hidden]@a and "https://[hidden]@b/x" then',
    );
    expect(stripUserinfo('{"url":"http://u:p@h","mail":"a@b"}')).toBe('{"url":"http://[hidden]@h","mail":"a@b"}');
    expect(stripUserinfo('http://host/path and a@b')).toBe('http://host/path and a@b');
  });
});
