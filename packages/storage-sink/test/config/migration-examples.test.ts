import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sinkKeyCatalog } from '../../src/config/known-keys.js';
import { resolveSeedKeys, SEED_CONNECTOR_KEYS } from '../../src/config/seed-connector-keys.js';
import { loadSinkSettings } from '../../src/config/sink-settings.js';

/** The properties blocks of the guide, by their first line (`# before: …` or `# sinkkit: …`). */
function blocks(): Map<string, Record<string, string>> {
  const guide = readFileSync(new URL('../../../../docs/migrating-from-other-connectors.md', import.meta.url), 'utf8');
  const out = new Map<string, Record<string, string>>();
  for (const match of guide.matchAll(/```properties\n# ([^\n]+)\n([\s\S]*?)```/g)) {
    const props: Record<string, string> = {};
    for (const line of (match[2] ?? '').split('\n')) {
      const at = line.indexOf('=');
      if (at > 0) props[line.slice(0, at).trim()] = line.slice(at + 1).trim();
    }
    out.set(match[1] as string, props);
  }
  return out;
}

// Keys of the runtime (Connect's), which the sink's own catalogue does not list.
const RUNTIME = new Set(['name', 'connector.class', 'tasks.max', 'topics', 'value.converter']);

describe('docs/migrating-from-other-connectors.md', () => {
  const all = blocks();

  it('has a before and a sinkkit block for each of the three connectors', () => {
    expect([...all.keys()].sort()).toEqual([
      'before: Alluxio connector',
      'before: OSS connector',
      'before: StreamX connector',
      'sinkkit: Alluxio',
      'sinkkit: OSS',
      'sinkkit: StreamX',
    ]);
  });

  it.each(['Alluxio', 'StreamX', 'OSS'])(
    'the sinkkit block for %s parses, with no key unknown or ignored',
    async (name) => {
      const props = all.get(`sinkkit: ${name}`) as Record<string, string>;
      const settings = await loadSinkSettings(props);
      expect(settings.values['store.url']).toBe(props['store.url']);
      const catalog = await sinkKeyCatalog(props);
      const unknown = Object.keys(props).filter(
        (k) => !RUNTIME.has(k) && !k.startsWith('value.converter.') && !catalog.defined.includes(k),
      );
      expect(unknown).toEqual([]);
      expect(resolveSeedKeys(props).notices).toEqual([]);
    },
  );

  it.each([
    ['Alluxio', 5],
    ['StreamX', 1],
    ['OSS', 3],
  ])('the before block for %s gets one notice per key of its connector (%i)', (name, count) => {
    const props = all.get(`before: ${name} connector`) as Record<string, string>;
    const { notices, problems } = resolveSeedKeys(props);
    expect(problems).toEqual([]);
    expect(notices).toHaveLength(count);
    const seedKeys = Object.keys(props).filter((k) => SEED_CONNECTOR_KEYS.includes(k));
    for (const key of seedKeys) expect(notices.some((n) => n.startsWith(`${key} (`))).toBe(true);
  });

  it("Alluxio's example settings carry over where the meaning is the same", () => {
    const props = all.get('before: Alluxio connector') as Record<string, string>;
    const resolved = resolveSeedKeys(props).props;
    expect(resolved['flush.size']).toBe('3');
    expect(resolved['format.class']).toBe('json');
  });
});
