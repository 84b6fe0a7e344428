/** The EventBridge bus the change events go to: a new one, or an existing one by name or ARN. */

import { InvalidValue, readText } from './context-reader.js';
import type { ContextReader } from './context-reader.js';
import type { ModelSyncConfig } from './types.js';

/** An existing event bus: a name (this account and region) or an ARN, not both. */
export function readEventBus(read: ContextReader): ModelSyncConfig['eventBus'] {
  const name = readText(read, 'eventBusName');
  const arn = readText(read, 'eventBusArn');
  if (name !== undefined && arn !== undefined) {
    throw new InvalidValue('eventBusName and eventBusArn name the same thing: give only one of them');
  }
  if (name !== undefined && !/^[A-Za-z0-9._-]{1,256}$/.test(name)) {
    throw new InvalidValue(`eventBusName must be an EventBridge bus name (letters, digits, . _ -; got "${name}")`);
  }
  if (arn !== undefined && !/^arn:aws[a-z-]*:events:[a-z0-9-]+:\d{12}:event-bus\/[A-Za-z0-9._-]{1,256}$/.test(arn)) {
    throw new InvalidValue(`eventBusArn must be an EventBridge bus ARN, e.g. arn:aws:events:eu-west-1:123456789012:event-bus/platform (got "${arn}")`);
  }
  if (name === undefined && arn === undefined) return undefined;
  return name === undefined ? { arn } : { name };
}
