import { DataError, Schema, SchemaBuilder, type Schema as SchemaType } from '@sinkkit/core';
import { describe, expect, it } from 'vitest';
import { poolKey, RotationPolicy, routeRecord, type SchemaCompatibility, schemaFit } from '../../src/index.js';
import { dropName, idAsText, unversioned, v1, v2, v3 } from './user-schemas.js';

describe('schemaFit: how a record fits a file under schema.compatibility (Confluent StorageSchemaCompatibility)', () => {
  it.each([
    // mode, record schema, file schema, fit
    ['NONE', v1, v1, 'same'],
    ['NONE', v2, v1, 'change'],
    ['NONE', v1, v2, 'change'],
    ['NONE', null, v1, 'change'],
    ['NONE', null, null, 'same'],
    ['BACKWARD', v1, v2, 'project'],
    ['BACKWARD', v2, v1, 'change'],
    ['BACKWARD', v2, v2, 'same'],
    ['BACKWARD', v3, v2, 'change'],
    ['BACKWARD', v2, v3, 'project'],
    ['BACKWARD', v1, dropName, 'project'],
    ['BACKWARD', v1, idAsText, 'change'],
    ['FULL', v1, v2, 'project'],
    ['FULL', v2, v1, 'change'],
    ['FORWARD', v2, v1, 'project'],
    ['FORWARD', v1, v2, 'change'],
    ['FORWARD', dropName, v1, 'project'],
    ['FORWARD', idAsText, v1, 'change'],
  ] as const)('%s: a %s record into a %s file is %s', (mode, record, file, fit) => {
    expect(schemaFit(mode, record, file)).toBe(fit);
  });

  it('compares nested schemas: a widened field projects, a narrowed or retyped one changes', () => {
    const inner = (type: SchemaType) => SchemaBuilder.struct().name('Inner').field('n', type).build();
    const outer = (version: number, type: SchemaType) =>
      SchemaBuilder.struct().name('Outer').version(version).field('inner', inner(type)).build();
    expect(schemaFit('BACKWARD', outer(1, Schema.INT32_SCHEMA), outer(2, Schema.INT64_SCHEMA))).toBe('project');
    expect(schemaFit('BACKWARD', outer(1, Schema.INT64_SCHEMA), outer(2, Schema.INT32_SCHEMA))).toBe('change');
    const list = (version: number, type: SchemaType) =>
      SchemaBuilder.struct().name('L').version(version).field('xs', SchemaBuilder.array(type).build()).build();
    expect(schemaFit('BACKWARD', list(1, Schema.STRING_SCHEMA), list(2, Schema.BYTES_SCHEMA))).toBe('change');
  });

  it.each(['BACKWARD', 'FORWARD', 'FULL'] as const)(
    '%s: a schema without version, or a switch to schemaless, is a DataError',
    (mode) => {
      expect(() => schemaFit(mode, unversioned, v1)).toThrow(DataError);
      expect(() => schemaFit(mode, unversioned, v1)).toThrow(/needs a version on every value schema/);
      expect(() => schemaFit(mode, null, v1)).toThrow(/schemaless and schema'd values/);
      expect(() => schemaFit(mode, v1, null)).toThrow(DataError);
    },
  );
});

describe('routeRecord: the schema pool of one encoded partition', () => {
  const files = (...schemas: SchemaType[]) => schemas.map((schema, slot) => ({ slot, schema }));

  it('with one slot it is Confluent: write, project, or rotate', () => {
    expect(routeRecord('NONE', v1, [], 1)).toEqual({ kind: 'open', slot: 0 });
    expect(routeRecord('NONE', v1, files(v1), 1)).toEqual({ kind: 'write', slot: 0 });
    expect(routeRecord('NONE', v2, files(v1), 1)).toEqual({ kind: 'rotate' });
    expect(routeRecord('BACKWARD', v1, files(v2), 1)).toEqual({ kind: 'write', slot: 0, projectTo: v2 });
    expect(routeRecord('BACKWARD', v2, files(v1), 1)).toEqual({ kind: 'rotate' });
  });

  it('with more slots a record that fits no file opens one of its own, and rotates only when all are taken', () => {
    expect(routeRecord('NONE', v2, files(v1), 2)).toEqual({ kind: 'open', slot: 1 });
    expect(routeRecord('NONE', v1, files(v1, v2), 2)).toEqual({ kind: 'write', slot: 0 });
    expect(routeRecord('NONE', v2, files(v1, v2), 2)).toEqual({ kind: 'write', slot: 1 });
    expect(routeRecord('NONE', v3, files(v1, v2), 2)).toEqual({ kind: 'rotate' });
    expect(routeRecord('NONE', v3, [{ slot: 1, schema: v2 }], 2)).toEqual({ kind: 'open', slot: 0 });
  });

  it('projecting modes pick the file they project towards: the newest under BACKWARD/FULL, the oldest under FORWARD', () => {
    expect(routeRecord('BACKWARD', v1, files(v1, v2), 2)).toEqual({ kind: 'write', slot: 1, projectTo: v2 });
    expect(routeRecord('FULL', v2, files(v1, v2), 2)).toEqual({ kind: 'write', slot: 1 });
    expect(routeRecord('FORWARD', v2, files(v1, v2), 2)).toEqual({ kind: 'write', slot: 0, projectTo: v1 });
    expect(routeRecord('BACKWARD', idAsText, files(v1), 2)).toEqual({ kind: 'open', slot: 1 });
  });

  it('keys slot 0 by the encoded partition alone, so one slot keys files as before the pool', () => {
    expect(poolKey('date=2024-01-01', 0)).toBe('date=2024-01-01');
    expect(poolKey('date=2024-01-01', 2)).not.toBe(poolKey('date=2024-01-01', 1));
  });

  it('the rotation policy routes with its settings (NONE and one slot by default)', () => {
    const settings = {
      flushSize: 10,
      rotateIntervalMs: -1,
      rotateScheduleIntervalMs: -1,
      timeZone: 'UTC',
      fileMaxBytes: -1,
    };
    const defaults = new RotationPolicy(settings);
    expect(defaults.route(v2, files(v1))).toEqual({ kind: 'rotate' });
    const backward = new RotationPolicy({ ...settings, schemaCompatibility: 'BACKWARD' as SchemaCompatibility });
    expect(backward.route(v1, files(v2))).toEqual({ kind: 'write', slot: 0, projectTo: v2 });
  });
});
