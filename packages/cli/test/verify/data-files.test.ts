import { describe, expect, it } from 'vitest';
import { routedFolders } from '../../src/verify/data-files.js';

describe('routedFolders', () => {
  it("names the other topic folders the commit log puts a topic's files in, once each", () => {
    const keys = [
      'topics/events/partition=0/events+0+0000000000.json',
      'topics/events-20261203/partition=0/events+0+0000000010.json',
      'topics/events-20261203/partition=1/events+1+0000000000.json',
      'topics/routed/x=1/events+0+0000000020.json',
      'elsewhere/events+0+0000000030.json',
    ];
    expect(routedFolders('events', keys)).toEqual(['topics/events-20261203/', 'topics/routed/']);
    expect(routedFolders('events', ['events-x/p/events+0+0.json'], { topicsDir: '' })).toEqual(['events-x/']);
  });
});
