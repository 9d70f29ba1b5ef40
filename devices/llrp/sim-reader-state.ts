/**
 * What the simulated LLRP reader remembers and how it answers requests: ROSpecs and AccessSpecs
 * (forgotten on reboot, as a real reader forgets specs that were not saved), the keepalive period
 * asked for, and one answer per request type. A duplicate ROSpec ID is refused, as readers do:
 * a client that does not clean up after a previous connection fails at ADD_ROSPEC.
 */
import { asArray, param, type LlrpMessage } from './codec';

/** A ROSpec as the simulator keeps it. */
export interface SimRospec {
  id: number;
  antennas: number[];
  enabled: boolean;
  immediate: boolean;
  running: boolean;
  /** transmit power index of the first antenna configuration, when one was given. */
  power?: number;
}

const OK = { LLRPStatus: { StatusCode: 'M_Success', ErrorDescription: '' } };
const fail = (code: string, text: string) => ({ LLRPStatus: { StatusCode: code, ErrorDescription: text } });

/** The simulated reader's configuration memory. */
export class SimReaderState {
  readonly rospecs = new Map<number, SimRospec>();
  accessSpecs = 0;
  keepaliveMs = 0;

  /** Forgets everything (power cycle). */
  reset(): void {
    this.rospecs.clear();
    this.accessSpecs = 0;
    this.keepaliveMs = 0;
  }

  /** true while some ROSpec runs inventory. */
  running(): boolean {
    return [...this.rospecs.values()].some((spec) => spec.running);
  }

  /** true while some ROSpec runs inventory on `antenna`. */
  reading(antenna: number): boolean {
    for (const spec of this.rospecs.values()) {
      if (spec.running && (spec.antennas.includes(0) || spec.antennas.includes(antenna))) return true;
    }
    return false;
  }

  /** The response data for a request, or undefined for a message type it does not support. */
  answer(request: LlrpMessage): { type: string; data: Record<string, unknown> } | undefined {
    const d = request.data;
    const respond = (data: Record<string, unknown>) => ({ type: `${request.type}_RESPONSE`, data });
    switch (request.type) {
      case 'DELETE_ACCESSSPEC':
        this.accessSpecs = 0;
        return respond(OK);
      case 'DELETE_ROSPEC':
        return respond(this.each(d.ROSpecID, (id) => this.rospecs.delete(id)));
      case 'ADD_ROSPEC':
        return respond(this.add(param(d, 'ROSpec') ?? {}));
      case 'ENABLE_ROSPEC':
        return respond(this.each(d.ROSpecID, (id) => this.enable(id)));
      case 'START_ROSPEC':
        return respond(this.each(d.ROSpecID, (id) => this.setRunning(id, true)));
      case 'STOP_ROSPEC':
        return respond(this.each(d.ROSpecID, (id) => this.setRunning(id, false)));
      case 'DISABLE_ROSPEC':
        return respond(this.each(d.ROSpecID, (id) => this.disable(id)));
      case 'SET_READER_CONFIG': {
        const keepalive = param(d, 'KeepaliveSpec');
        this.keepaliveMs =
          keepalive?.KeepaliveTriggerType === 'Periodic' ? Number(keepalive.PeriodicTriggerValue) : 0;
        return respond(OK);
      }
      case 'GET_READER_CAPABILITIES':
        return respond({ ...OK, RegulatoryCapabilities: regulatoryCapabilities() });
      case 'CLOSE_CONNECTION':
        return respond(OK);
      default:
        return undefined;
    }
  }

  private each(id: unknown, apply: (id: number) => boolean): Record<string, unknown> {
    const n = Number(id);
    if (n === 0) {
      for (const key of [...this.rospecs.keys()]) apply(key);
      return OK;
    }
    return apply(n) ? OK : fail('A_Invalid', `no ROSpec ${n}`);
  }

  private add(spec: Record<string, unknown>): Record<string, unknown> {
    const id = Number(spec.ROSpecID);
    if (this.rospecs.has(id)) return fail('A_Invalid', `ROSpec ${id} already exists`);
    const ai = asArray(spec.AISpec as unknown)[0] as Record<string, unknown> | undefined;
    const start = param(param(spec, 'ROBoundarySpec'), 'ROSpecStartTrigger');
    const antennaConfig = asArray(param(ai, 'InventoryParameterSpec')?.AntennaConfiguration as unknown)[0];
    const power = param(antennaConfig, 'RFTransmitter')?.TransmitPower;
    this.rospecs.set(id, {
      id,
      antennas: asArray(ai?.AntennaIDs as number[] | undefined).map(Number),
      enabled: false,
      immediate: start?.ROSpecStartTriggerType === 'Immediate',
      running: false,
      ...(typeof power === 'number' ? { power } : {}),
    });
    return OK;
  }

  private enable(id: number): boolean {
    const spec = this.rospecs.get(id);
    if (!spec) return false;
    spec.enabled = true;
    if (spec.immediate) spec.running = true;
    return true;
  }

  private disable(id: number): boolean {
    const spec = this.rospecs.get(id);
    if (!spec) return false;
    spec.enabled = false;
    spec.running = false;
    return true;
  }

  private setRunning(id: number, running: boolean): boolean {
    const spec = this.rospecs.get(id);
    if (!spec || (running && !spec.enabled)) return false;
    spec.running = running;
    return true;
  }
}

/** A regulatory capability with a 10-30 dBm power table in 1 dB steps (indices 1-21). */
function regulatoryCapabilities(): Record<string, unknown> {
  return {
    CountryCode: 276,
    CommunicationsStandard: 'ETSI_302_208',
    UHFBandCapabilities: {
      TransmitPowerLevelTableEntry: Array.from({ length: 21 }, (_, i) => ({
        Index: i + 1,
        TransmitPowerValue: (10 + i) * 100,
      })),
      FrequencyInformation: {
        Hopping: 0,
        FixedFrequencyTable: { Frequency: [865700, 866300, 866900, 867500] },
      },
      C1G2UHFRFModeTable: {
        C1G2UHFRFModeTableEntry: {
          ModeIdentifier: 0,
          DRValue: 'DRV_8',
          EPCHAGTCConformance: 0,
          MValue: 'MV_FM0',
          ForwardLinkModulation: 'PR_ASK',
          SpectralMaskIndicator: 'SI',
          BDRValue: 640000,
          PIEValue: 1500,
          MinTariValue: 6250,
          MaxTariValue: 6250,
          StepTariValue: 0,
        },
      },
    },
  };
}
