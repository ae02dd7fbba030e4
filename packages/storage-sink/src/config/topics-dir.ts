import type { ConfigProblem } from '@sinkkit/core';

/**
 * Why `topics.dir` cannot be the top folder of the data files, or `undefined` when it can. The
 * rules are the stores' key rules (the filesystem store's are the strictest): no `.` or `..`
 * segment (`../x` would leave the store's prefix), not absolute, no empty segment (`a//b`, a
 * trailing delimiter), no NUL or backslash. Checked at start with the rest of the configuration
 * rather than when a task first writes. `''` is allowed: files then go straight under the root.
 */
export function topicsDirProblem(topicsDir: string, directoryDelim: string): ConfigProblem | undefined {
  if (topicsDir === '') return undefined;
  const fail = (reason: string): ConfigProblem => ({ key: 'topics.dir', value: topicsDir, reason });
  if (topicsDir.includes('\0')) return fail('contains NUL');
  if (topicsDir.includes('\\')) return fail('contains a backslash');
  if (topicsDir.startsWith('/') || topicsDir.startsWith(directoryDelim)) {
    return fail('must be relative to the store root (no leading delimiter)');
  }
  const delims = directoryDelim === '/' || directoryDelim === '' ? ['/'] : ['/', directoryDelim];
  let segments = [topicsDir];
  for (const delim of delims) segments = segments.flatMap((s) => s.split(delim));
  if (segments.some((s) => s === '.' || s === '..')) {
    return fail('must not have a . or .. segment: files must stay under the store root and prefix');
  }
  if (segments.some((s) => s === '')) return fail('must not have an empty segment (a doubled or trailing delimiter)');
  if (segments[0] === '.sinkkit-staging') return fail('.sinkkit-staging is reserved for staged uploads');
  return undefined;
}
