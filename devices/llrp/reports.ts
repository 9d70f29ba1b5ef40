/**
 * What the reader sends by itself, in linegate's terms: tag reads from RO_ACCESS_REPORT, and the
 * reader events health shows from READER_EVENT_NOTIFICATION (LLRP 1.0.1 §13.2.3, §13.2.6).
 */
import type { RawTagRead } from '../rfid/types';
import { asArray, param } from './codec';

/** A reader event worth a log line and a health field. */
export type ReaderEvent =
  | { kind: 'connection'; status: string }
  | { kind: 'connection-closed' }
  | { kind: 'antenna'; antenna: number; connected: boolean }
  | { kind: 'buffer-warning'; percentFull: number }
  | { kind: 'buffer-overflow' }
  | { kind: 'exception'; message: string };

/** The raw reads in an RO_ACCESS_REPORT's data (none for an empty report). */
export function tagReadsOf(data: Record<string, unknown>): RawTagRead[] {
  const reads: RawTagRead[] = [];
  for (const report of asArray(data.TagReportData as unknown)) {
    const epc = param(report, 'EPC_96')?.EPC ?? param(report, 'EPCData')?.EPC;
    if (typeof epc !== 'string' || epc.length === 0) continue; // a report without an EPC: nothing to identify
    const read: RawTagRead = { epc: epc.toUpperCase() };
    const antenna = param(report, 'AntennaID')?.AntennaID;
    if (typeof antenna === 'number') read.antenna = antenna;
    const rssi = param(report, 'PeakRSSI')?.PeakRSSI;
    if (typeof rssi === 'number') read.rssi = rssi;
    reads.push(read); // TagSeenCount > 1 is still one read for presence: the tag is there now
  }
  return reads;
}

/** The events in a READER_EVENT_NOTIFICATION's data. */
export function readerEventsOf(data: Record<string, unknown>): ReaderEvent[] {
  const d = param(data, 'ReaderEventNotificationData');
  if (!d) return [];
  const events: ReaderEvent[] = [];
  const attempt = param(d, 'ConnectionAttemptEvent');
  if (attempt) events.push({ kind: 'connection', status: String(attempt.Status) });
  if (param(d, 'ConnectionCloseEvent')) events.push({ kind: 'connection-closed' });
  for (const a of asArray(d.AntennaEvent as unknown)) {
    const e = a as Record<string, unknown>;
    events.push({
      kind: 'antenna',
      antenna: Number(e.AntennaID),
      connected: e.EventType === 'Antenna_Connected',
    });
  }
  const warning = param(d, 'ReportBufferLevelWarningEvent');
  if (warning)
    events.push({ kind: 'buffer-warning', percentFull: Number(warning.ReportBufferPercentageFull) });
  if (param(d, 'ReportBufferOverflowErrorEvent')) events.push({ kind: 'buffer-overflow' });
  const exception = param(d, 'ReaderExceptionEvent');
  if (exception) events.push({ kind: 'exception', message: String(exception.Message ?? '') });
  return events;
}

/** The status of an LLRPStatus parameter in a response: undefined when it is M_Success. */
export function statusProblem(data: Record<string, unknown>): string | undefined {
  const status = param(data, 'LLRPStatus');
  if (!status) return undefined; // responses without a status (none of ours) pass
  if (status.StatusCode === 'M_Success') return undefined;
  const description = typeof status.ErrorDescription === 'string' ? status.ErrorDescription : '';
  return `${String(status.StatusCode)}${description ? `: ${description}` : ''}`;
}

/** The transmit power table in a GET_READER_CAPABILITIES_RESPONSE, dBm per index. */
export function powerTableOf(data: Record<string, unknown>): Array<{ index: number; dbm: number }> {
  const uhf = param(param(data, 'RegulatoryCapabilities'), 'UHFBandCapabilities');
  return asArray(uhf?.TransmitPowerLevelTableEntry as unknown).map((e) => {
    const entry = e as Record<string, unknown>;
    return { index: Number(entry.Index), dbm: Number(entry.TransmitPowerValue) / 100 };
  });
}
