import type { PluginConfigs, SinkRecord } from '@sinkkit/core';
import { TimeBasedPartitioner } from '@sinkkit/partitioners';

/**
 * `tenant=<header>/year=…/month=…/day=…/hour=…`: the tenant comes from a record header (set by
 * the producer), the time directories from the hourly layout. `this.segment` percent-encodes the
 * header, so a tenant called `../other` cannot write into another tenant's directory.
 */
export class TenantPartitioner extends TimeBasedPartitioner {
  override configure(config: PluginConfigs): void {
    super.configure({
      'partition.duration.ms': 3_600_000,
      'path.format': "'year'=YYYY/'month'=MM/'day'=dd/'hour'=HH",
      ...config,
    });
  }

  override encodePartition(record: SinkRecord, nowMs?: number): string {
    const header = record.headers.lastWithName('tenant')?.value;
    const tenant =
      header instanceof Uint8Array ? new TextDecoder().decode(header) : typeof header === 'string' ? header : null;
    return `${this.segment('tenant', tenant)}${this.delim}${super.encodePartition(record, nowMs)}`;
  }
}
