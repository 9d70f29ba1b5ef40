/**
 * The port between the forwarder and its sinks (HTTP, MQTT), in the spirit of MQTT.js's
 * pluggable store: a sink only delivers a batch and says how far it got; cursors, retries,
 * dead-letter records and pruning belong to the forwarder and the outbox.
 */
import type { GatewayEvent } from '../events/event';

/** Contiguous events read from the outbox, as stored (JSON text), in seq order. */
export interface Batch {
  /** seq of events[0]. */
  first: number;
  /** seq of the last event; last - first + 1 === events.length. */
  last: number;
  /** each event's JSON exactly as stored. */
  events: string[];
  /** UTF-8 bytes of the events' JSON, summed. */
  bytes: number;
}

/** One event a sink refused for good (HTTP 400/413/422 on a batch of that event alone). */
export interface RejectedEvent {
  seq: number;
  /** the event's JSON as sent. */
  event: string;
  /** HTTP status of the answer. */
  status: number;
  /** the answer's body (truncated), for the operator. */
  answer: string;
}

/** Why a sink stopped before the end of a batch, and what the forwarder should do. */
export interface SinkFailure {
  /** retry: backoff with jitter; hold: 401/403 or similar, alarm and retry slowly. */
  kind: 'retry' | 'hold';
  /** short text for logs and health, never containing a secret. */
  reason: string;
  /** from a Retry-After answer, in ms. */
  retryAfterMs?: number;
}

/** What one delivery attempt achieved. */
export interface Delivery {
  /** highest seq now acknowledged or dead-lettered (batch.first - 1 when none). */
  through: number;
  /** events to dead-letter, all with seq <= through. */
  rejected: RejectedEvent[];
  /**
   * events with seq <= through that the sink's format has no meaning for (EPCIS: label printing,
   * serial bookkeeping): acknowledged without being sent, counted apart from `sent`.
   */
  skipped?: number;
  /** set when the sink did not get to batch.last. */
  failure?: SinkFailure;
}

/** A configured upstream sink. */
export interface Sink {
  readonly name: string;
  /** the config `type` (http, mqtt, epcis). */
  readonly type: string;
  /** Releases connections; idempotent. */
  stop(): Promise<void>;
  /**
   * Delivers `batch` in seq order. Never rejects: failures come back in Delivery.failure, with
   * the progress made before them. An aborted signal ends the attempt as a retryable failure.
   */
  deliver(batch: Batch, signal: AbortSignal): Promise<Delivery>;
}

/** State of a dead letter: waiting for an operator, queued for a retry, or discarded. */
export type DeadLetterState = 'dead' | 'retry' | 'discarded';

/** An event a sink rejected, kept with the answer until retried or discarded (with a reason). */
export interface DeadLetter {
  sink: string;
  seq: number;
  id: string;
  type: string;
  /** the event itself, so it survives pruning of the outbox. */
  event: GatewayEvent;
  status: number;
  answer: string;
  /** ISO time of the last rejection. */
  at: string;
  /** deliveries tried so far (1 at the first rejection). */
  attempts: number;
  state: DeadLetterState;
  discarded?: { reason: string; at: string; by: string };
}

/** An alarm raised by the upstream part: a held sink or a full store. */
export interface UpstreamAlarm {
  code: 'SINK_HELD' | 'STORE_FULL';
  /** the sink name, or 'store'. */
  source: string;
  message: string;
  /** false when the condition has cleared. */
  active: boolean;
}

/** Figures of one sink, plain numbers. */
export interface SinkStats {
  /** the durable cursor: highest seq acknowledged. */
  cursor: number;
  /** events stored and not yet acknowledged by this sink. */
  depth: number;
  /** events acknowledged per second over the last minute. */
  sendRate: number;
  /** events acknowledged since start. */
  sent: number;
  /** failed delivery attempts since start. */
  failed: number;
  /** events dead-lettered since start. */
  deadLettered: number;
  /** events acknowledged without being sent since start (no meaning in the sink's format). */
  skipped: number;
  /** dead letters waiting in the store (state dead or retry). */
  deadLetters: number;
  /** 1 while held (401/403), else 0. */
  held: number;
}

/** Figures of the whole upstream part, plain numbers (Infinity when no estimate applies). */
export interface UpstreamStats {
  /** events not yet acknowledged by every sink. */
  depth: number;
  /** age in ms of the oldest event not acknowledged by every sink (0 when none). */
  oldestAgeMs: number;
  /** sum over sinks of events acknowledged per second over the last minute. */
  sendRate: number;
  sent: number;
  failed: number;
  deadLettered: number;
  skipped: number;
  /** events and JSON bytes in the store (delivered ones kept for retention included). */
  storedEvents: number;
  storedBytes: number;
  /** new events per second over the last 15 minutes. */
  intakeRate: number;
  /** hours until the high-water mark at the current intake if nothing were delivered. */
  autonomyHours: number;
  /** 1 while starts are refused (store full), else 0. */
  full: number;
  sinks: Record<string, SinkStats>;
}
