import { ConfigDef, ConfigError, type ParsedConfig, type SinkRecord } from '@sinkkit/core';
import { BaseTransformation } from './shared/base-transformation.js';
import type { ConfigValues } from './shared/configured-plugin.js';
import { groupCount, JavaReplacement } from './shared/java-replacement.js';

function definition() {
  return new ConfigDef()
    .define('regex', { type: 'string', doc: 'Regular expression to use for matching.' })
    .define('replacement', { type: 'string', doc: 'Replacement string.' });
}

type Config = ConfigValues<typeof definition>;

/**
 * Kafka's `RegexRouter`: when the whole topic name matches `regex`, the topic becomes
 * `replacement`, in Java's replacement syntax (`$1`, `${name}`, `\$` for a dollar) as Kafka's
 * `Matcher.replaceFirst` reads it. The storage
 * sink writes the record under the new topic's directory; offsets stay on the original partition.
 */
export class RegexRouter extends BaseTransformation<Config> {
  static readonly CLASS_NAME = 'org.apache.kafka.connect.transforms.RegexRouter';
  #regex = /$^/;
  #replacement: JavaReplacement | null = null;

  protected definition() {
    return definition();
  }

  protected setUp(config: ParsedConfig<Config>): void {
    try {
      this.#regex = new RegExp(`^(?:${config.get('regex')})$`);
    } catch (error) {
      throw new ConfigError({ key: 'regex', value: config.get('regex'), reason: (error as Error).message });
    }
    this.#replacement = new JavaReplacement(config.get('replacement'), 'replacement', groupCount(this.#regex));
  }

  apply(record: SinkRecord): SinkRecord {
    const match = this.#regex.exec(record.topic);
    if (match === null) return record;
    return record.newRecord({ topic: (this.#replacement as JavaReplacement).apply(match) });
  }
}
