import type { Json } from '@partnero-ts/spec/read';
import { createValidators } from '@partnero-ts/spec/validate';
import type { ErrorObject } from 'ajv';
import { type WebhookEventModel, webhookEvents } from '../5-state/model.js';

/**
 * The spec's webhook events as the trigger and the receiver check need them: the names, each
 * event's example payload, and whether a payload or its `data` fits the event's schema. Nothing
 * about an event is written here; add an event to the spec and it can be triggered.
 */
export interface WebhookCatalog {
  readonly names: readonly string[];
  get(name: string): WebhookEventModel | undefined;
  /** The differences of `data` from the event's `data` schema, one line each; empty when it fits. */
  checkData(name: string, data: unknown): string[];
  /** The differences of a whole payload (envelope and data) from the event's schema. */
  checkPayload(name: string, payload: unknown): string[];
  /** The line that says `name` is no event of the spec, and which are. */
  unknownEvent(name: string): string;
}

const MAX_LINES = 10;

export function createWebhookCatalog(root: Json): WebhookCatalog {
  const events = new Map(webhookEvents(root).map((event) => [event.name, event]));
  const validatorAt = createValidators(root, { allErrors: true });
  const names = [...events.keys()];

  function differences(pointer: string, value: unknown): string[] {
    const validate = validatorAt(pointer);
    if (validate(value)) return [];
    return (validate.errors ?? []).slice(0, MAX_LINES).map(describeError);
  }

  function known(name: string): WebhookEventModel {
    const event = events.get(name);
    if (!event) throw new Error(`no webhook event ${name}`);
    return event;
  }

  return {
    names,
    get: (name) => events.get(name),
    checkData: (name, data) => differences(known(name).dataPointer, data),
    checkPayload: (name, payload) => differences(known(name).payloadPointer, payload),
    unknownEvent(name) {
      const family = names.filter((known) => known.split('.')[0] === name.split('.')[0]);
      return `unknown webhook event "${name.slice(0, 100)}": use one of ${(family.length > 0 ? family : names).join(', ')}`;
    },
  };
}

function describeError(error: ErrorObject): string {
  return `${error.instancePath || '(top level)'} ${error.message ?? 'does not fit'}`;
}
