/**
 * The messages that set a reader up for linegate (LLRP 1.0.1 §10-12), built from the reader's
 * settings: reader configuration (keepalive, the events health needs) and one ROSpec that starts
 * when enabled, never stops, and reports every tag read at once with antenna, peak RSSI and seen
 * count. Its ID is fixed: a reconnect deletes every ROSpec first (DELETE_ROSPEC 0), so the same ID
 * never collides with a leftover.
 */
import type { LlrpInventorySettings } from './settings';

/** The ROSpec ID linegate uses. */
export const ROSPEC_ID = 1;
/** Impinj's IANA enterprise number and its InventorySearchMode parameter (Octane LLRP reference). */
export const IMPINJ_VENDOR_ID = 25882;
export const IMPINJ_SEARCH_MODE_SUBTYPE = 23;
const IMPINJ_SEARCH_MODES = {
  'reader-selected': 0,
  'single-target': 1,
  'dual-target': 2,
  'single-target-suppressed': 3,
} as const;

/** SET_READER_CONFIG data: periodic keepalive, antenna / buffer / exception events on. */
export function readerConfig(keepaliveMs: number): Record<string, unknown> {
  const on = (EventType: string) => ({ EventType, NotificationState: 1 });
  return {
    ResetToFactoryDefault: 0,
    ReaderEventNotificationSpec: {
      EventNotificationState: [
        on('Antenna_Event'),
        on('Report_Buffer_Fill_Warning'),
        on('Reader_Exception_Event'),
      ],
    },
    KeepaliveSpec: { KeepaliveTriggerType: 'Periodic', PeriodicTriggerValue: keepaliveMs },
  };
}

/** The transmit power table index for `dbm`: the highest entry not above it (else the lowest). */
export function powerIndex(table: ReadonlyArray<{ index: number; dbm: number }>, dbm: number): number {
  if (table.length === 0) throw new TypeError('the reader reported no transmit power table');
  const sorted = [...table].sort((a, b) => a.dbm - b.dbm);
  let best = sorted[0];
  for (const entry of sorted) if (entry.dbm <= dbm + 1e-9) best = entry;
  return best.index;
}

/** The C1G2InventoryCommand for the settings (session, population, search mode). */
function inventoryCommand(s: LlrpInventorySettings): Record<string, unknown> {
  const single = s.searchMode === 'single-target' || s.searchMode === 'single-target-suppressed';
  // Without Impinj's extension, single target is the standard state-aware singulation on A.
  const stateAware = s.vendor !== 'impinj' && single;
  const singulation: Record<string, unknown> = {
    Session: s.session,
    TagPopulation: s.tagPopulation,
    TagTransitTime: 0,
  };
  if (stateAware) singulation.C1G2TagInventoryStateAwareSingulationAction = { I: 'State_A', S: 'SL' };
  const command: Record<string, unknown> = {
    TagInventoryStateAware: stateAware ? 1 : 0,
    C1G2SingulationControl: singulation,
  };
  if (s.vendor === 'impinj') {
    const mode = Buffer.alloc(2);
    mode.writeUInt16BE(IMPINJ_SEARCH_MODES[s.searchMode]);
    command.Custom = [
      {
        VendorIdentifier: IMPINJ_VENDOR_ID,
        ParameterSubtype: IMPINJ_SEARCH_MODE_SUBTYPE,
        Data: mode.toString('hex'),
      },
    ];
  }
  return command;
}

/** ADD_ROSPEC data; `transmitPower` is a table index (see powerIndex), absent to keep the reader's. */
export function addRospec(s: LlrpInventorySettings, transmitPower?: number): Record<string, unknown> {
  const antennas = s.antennas.length > 0 ? s.antennas : [0]; // 0: all antennas (§13.2.4.1)
  const AntennaConfiguration = antennas.map((AntennaID) => {
    const config: Record<string, unknown> = { AntennaID, C1G2InventoryCommand: inventoryCommand(s) };
    if (transmitPower !== undefined) {
      config.RFTransmitter = { HopTableID: 1, ChannelIndex: 1, TransmitPower: transmitPower };
    }
    return config;
  });
  return {
    ROSpec: {
      ROSpecID: ROSPEC_ID,
      Priority: 0,
      CurrentState: 'Disabled',
      ROBoundarySpec: {
        ROSpecStartTrigger: { ROSpecStartTriggerType: 'Immediate' },
        ROSpecStopTrigger: { ROSpecStopTriggerType: 'Null', DurationTriggerValue: 0 },
      },
      AISpec: {
        AntennaIDs: antennas,
        AISpecStopTrigger: { AISpecStopTriggerType: 'Null', DurationTrigger: 0 },
        InventoryParameterSpec: {
          InventoryParameterSpecID: 1,
          ProtocolID: 'EPCGlobalClass1Gen2',
          AntennaConfiguration,
        },
      },
      ROReportSpec: {
        ROReportTrigger: 'Upon_N_Tags_Or_End_Of_ROSpec',
        N: 1,
        TagReportContentSelector: {
          EnableROSpecID: 0,
          EnableSpecIndex: 0,
          EnableInventoryParameterSpecID: 0,
          EnableAntennaID: 1,
          EnableChannelIndex: 0,
          EnablePeakRSSI: 1,
          EnableFirstSeenTimestamp: 1,
          EnableLastSeenTimestamp: 0,
          EnableTagSeenCount: 1,
          EnableAccessSpecID: 0,
        },
      },
    },
  };
}
