import type { MessageKey, Messages } from './messages/index.ts';
import { neutralize } from './render/escape.ts';

/** Error keys the bot raises itself (bad arguments, refusals), each with its message parameters. */
type ErrorKey = Extract<MessageKey, `error.${string}`>;
type ParametersOf<K extends ErrorKey> = Parameters<Messages[K]>[0];

/**
 * An expected user error found by the bot itself (a malformed interval, a missing permission): a
 * stable message key and its parameters, turned into a localized reply in reply-error.ts.
 */
export class CommandError<K extends ErrorKey = ErrorKey> extends Error {
  override name = 'CommandError';
  readonly parameters: ParametersOf<K>;

  constructor(
    readonly key: K,
    ...parameters: ParametersOf<K> extends undefined ? [] : [ParametersOf<K>]
  ) {
    super(key);
    this.parameters = parameters[0] as ParametersOf<K>;
  }

  /** The reply in the given catalogue; the parameters echo what a user typed, so they are neutralized. */
  render(messages: Messages): string {
    const safe = Object.fromEntries(
      Object.entries(this.parameters ?? {}).map(([name, value]) => [
        name,
        typeof value === 'string' ? neutralize(value) : value,
      ]),
    );
    return (messages[this.key] as (parameters: unknown) => string)(safe);
  }
}
