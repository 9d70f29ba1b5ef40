/**
 * A simulated PLC: a node-opcua server exposing, per station, `ns=1;s=<ID>.Request|Ack|Serial|Result|Reason`
 * (plus optional operation-data nodes), driven by a small PLC program (simulator-program.ts). It
 * records every client write in order and every completed handshake, and restarts on the same port.
 * Switches reproduce what real PLCs do (see SimDeclarations and the options below): nodes in their
 * own namespace renumbered at each restart, a result declared Int32 or Byte, a STRING[n] serial, a
 * raised minimum publishing interval, a session limit.
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  MessageSecurityMode,
  OPCUACertificateManager,
  OPCUAServer,
  SecurityPolicy,
  Subscription,
  Variant,
  WriteRequest,
  type UAVariable,
} from 'node-opcua';
import type { Logger } from '../../src/ports';
import { describeCertificate, type OpcuaCertificateInfo } from './pki';
import { StationProgram, type CompletedHandshake, type SimStationValues } from './simulator-program';
import { buildSpace, type SimDeclarations, type SimNode } from './simulator-space';

export type { CompletedHandshake, SimStationValues } from './simulator-program';

type Mode = 'None' | 'Sign' | 'SignAndEncrypt';
type Policy = 'None' | 'Basic256Sha256' | 'Aes128_Sha256_RsaOaep' | 'Aes256_Sha256_RsaPss';
type OpDataType = 'Boolean' | 'Int16' | 'Int32' | 'Double' | 'String';
const DEFAULT_STATION_NS = 'urn:linegate:plc-simulator:stations';

/** What the simulated PLC exposes and how it behaves. */
export interface PlcSimulatorOptions extends SimDeclarations {
  /** at every restart the station namespace moves one index up (needs namespaceUri, defaulted). */
  reorderNamespacesOnRestart?: boolean;
  /** the server refuses sessions beyond this many with BadTooManySessions. */
  maxSessions?: number;
  stations: string[];
  /** the server's own PKI folder. */
  pkiDir: string;
  /** 0 (default) picks a free port at the first start; restarts reuse it. */
  port?: number;
  /** address to listen on, also used in the endpoint URL. Default 127.0.0.1 (not on the network). */
  host?: string;
  /** when set, the PLC raises the next request this many ms after a handshake completed. */
  autoCycleMs?: number;
  /** server floor of the publishing interval, ms (node-opcua default 50). Default 10. Process-wide. */
  minPublishingIntervalMs?: number;
  securityModes?: Mode[];
  securityPolicies?: Policy[];
  /** accept any client certificate (default true); false: only those given to trustCertificate(). */
  trustAllClients?: boolean;
  /** user name → password; when given, anonymous sessions are refused. */
  users?: Record<string, string>;
  /** extra nodes per station, `ns=1;s=<ID>.<name>`, with their initial value. */
  operationData?: Record<string, { dataType: OpDataType; value: boolean | number | string }>;
  /** keep at most this many handshakes and writes (default: all, for tests; the demo keeps fewer). */
  historyLimit?: number;
  log?: Logger;
}

/** One client write, in arrival order. `at` is `performance.now()` ms. */
export interface WriteRecord {
  station: string;
  node: string;
  value: unknown;
  at: number;
}

/** The simulated PLC; see the module comment. */
export class PlcSimulator {
  /** every write to a station node, in order. */
  readonly writes: WriteRecord[] = [];
  /** every completed handshake, in order. */
  readonly handshakes: CompletedHandshake[] = [];
  private server: OPCUAServer | undefined;
  private port: number;
  private url = '';
  private readonly programs = new Map<string, StationProgram>();
  private readonly variables = new Map<string, UAVariable>();
  private readonly handshakeListeners = new Set<(h: CompletedHandshake) => void>();
  private readonly pendingTrust: Buffer[] = [];
  private starts = 0;
  private namespaceIndex = 1;

  constructor(private readonly opts: PlcSimulatorOptions) {
    this.port = opts.port ?? 0;
  }

  /** The endpoint URL (empty before the first start). */
  get endpointUrl(): string {
    return this.url;
  }

  /** Starts the server (and the PLC program); resolves with the endpoint URL. Idempotent. */
  async start(): Promise<string> {
    if (this.server) return this.url;
    Subscription.minimumPublishingInterval = this.opts.minPublishingIntervalMs ?? 10;
    const cm = new OPCUACertificateManager({
      rootFolder: this.opts.pkiDir,
      automaticallyAcceptUnknownCertificate: this.opts.trustAllClients ?? true,
      disableFileWatchers: true,
    });
    await cm.initialize();
    for (const der of this.pendingTrust.splice(0)) await cm.trustCertificate(der);
    const users = this.opts.users;
    const host = this.opts.host ?? '127.0.0.1';
    // without its own user PKI node-opcua would create one under the home directory.
    const userCm = new OPCUACertificateManager({
      rootFolder: path.join(this.opts.pkiDir, 'user'),
      disableFileWatchers: true,
    });
    const server = new OPCUAServer({
      port: this.port,
      userCertificateManager: userCm,
      host,
      ...(host === '0.0.0.0' || host === '::' ? {} : { hostname: host }),
      serverCertificateManager: cm,
      // 0: every change is reported, not coalesced over 50 ms (a PLC's levels change fast).
      serverCapabilities: {
        minSupportedSampleRate: 0,
        ...(this.opts.maxSessions !== undefined ? { maxSessions: this.opts.maxSessions } : {}),
      },
      securityModes: (this.opts.securityModes ?? ['None', 'Sign', 'SignAndEncrypt']).map(
        (m) => MessageSecurityMode[m],
      ),
      securityPolicies: (
        this.opts.securityPolicies ?? [
          'None',
          'Basic256Sha256',
          'Aes128_Sha256_RsaOaep',
          'Aes256_Sha256_RsaPss',
        ]
      ).map((p) => SecurityPolicy[p]),
      allowAnonymous: users === undefined,
      ...(users
        ? { userManager: { isValidUser: (name: string, password: string) => users[name] === password } }
        : {}),
      serverInfo: { applicationName: { text: 'linegate PLC simulator' } },
    });
    await server.initialize();
    this.buildAddressSpace(server);
    this.starts += 1;
    server.on('request', (request) => {
      if (request instanceof WriteRequest) this.recordWrites(request);
    });
    await server.start();
    this.server = server;
    this.url = server.getEndpointUrl();
    this.port = Number(new URL(this.url.replace(/^opc\.tcp:/, 'http:')).port);
    for (const program of this.programs.values()) program.begin();
    this.opts.log?.info({ endpoint: this.url, stations: this.opts.stations }, 'PLC simulator started');
    return this.url;
  }

  /** Stops the server abruptly, like a PLC power cut; the program state survives for a restart. */
  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    this.variables.clear();
    for (const program of this.programs.values()) program.end();
    server.removeAllListeners('request');
    await server.shutdown(0);
    this.opts.log?.info('PLC simulator stopped');
  }

  /** The PLC raises request for a station (also while the server is down). */
  raiseRequest(station: string): void {
    this.program(station).raise();
  }

  /** Stops raising new requests; handshakes in progress still complete (end of a run). */
  stopCycling(): void {
    for (const program of this.programs.values()) program.end();
  }

  /** The PLC drops request for a station without waiting for ack. */
  dropRequest(station: string): void {
    this.program(station).drop();
  }

  /** Sets values directly (e.g. a stale ack left by an earlier gateway); also while stopped. */
  setValues(station: string, values: Partial<SimStationValues>): void {
    const program = this.program(station);
    Object.assign(program.values, values);
    for (const [node, value] of Object.entries(values)) this.setNode(station, capitalize(node), value);
  }

  /** A copy of a station's current values. */
  values(station: string): SimStationValues {
    return { ...this.program(station).values };
  }

  /** Sets an operation-data node's value. */
  setOperationData(station: string, name: string, value: boolean | number | string): void {
    this.setNode(station, name, value);
  }

  /** The namespace URI of the station nodes (for `nsu=` node ids). */
  get namespaceUri(): string {
    return this.stationNamespaceUri();
  }

  /** The current index of the station namespace (changes at restarts with reorderNamespacesOnRestart). */
  get stationNamespaceIndex(): number {
    return this.namespaceIndex;
  }

  /** Sessions open on the server now (0 while stopped). */
  sessionCount(): number {
    return this.server?.currentSessionCount ?? 0;
  }

  /** Calls `listener` for every completed handshake; returns the unsubscribe function. */
  onHandshake(listener: (h: CompletedHandshake) => void): () => void {
    this.handshakeListeners.add(listener);
    return () => this.handshakeListeners.delete(listener);
  }

  /** The server's own certificate (after the first start). */
  certificate(): OpcuaCertificateInfo & { der: Buffer } {
    const der = this.server?.getCertificate();
    if (!der) throw new Error('PlcSimulator: start() first');
    return { ...describeCertificate(der), der };
  }

  /** Trusts a client certificate (DER), for trustAllClients: false. Applies at the next start too. */
  async trustCertificate(der: Buffer): Promise<void> {
    this.pendingTrust.push(der);
    const cm = this.server?.serverCertificateManager;
    if (cm) await cm.trustCertificate(der);
  }

  private program(station: string): StationProgram {
    let program = this.programs.get(station);
    if (!program) {
      if (!this.opts.stations.includes(station)) throw new Error(`PlcSimulator: unknown station ${station}`);
      program = new StationProgram(
        station,
        { request: false, ack: false, serial: '', result: 0 },
        {
          setRequest: (value) => this.setNode(station, 'Request', value),
          onHandshake: (h) => {
            this.handshakes.push(h);
            this.trim(this.handshakes);
            for (const listener of [...this.handshakeListeners]) listener(h);
          },
        },
        this.opts.autoCycleMs,
      );
      this.programs.set(station, program);
    }
    return program;
  }

  private stationNamespaceUri(): string {
    return this.opts.namespaceUri ?? (this.opts.reorderNamespacesOnRestart ? DEFAULT_STATION_NS : '');
  }

  private buildAddressSpace(server: OPCUAServer): void {
    const uri = this.stationNamespaceUri();
    const nodesOf = (station: string): SimNode[] => {
      const values = this.program(station).values;
      const written = (name: 'Ack' | 'Serial' | 'Result') => (value: unknown) =>
        this.program(station).written(name, value);
      return [
        { name: 'Request', dataType: 'Boolean', value: values.request },
        { name: 'Ack', dataType: 'Boolean', value: values.ack, onWrite: written('Ack') },
        { name: 'Serial', dataType: 'String', value: values.serial, onWrite: written('Serial') },
        {
          name: 'Result',
          dataType: this.opts.resultDataType ?? 'Int16',
          value: values.result,
          onWrite: written('Result'),
        },
        { name: 'Reason', dataType: 'String', value: '' },
        ...Object.entries(this.opts.operationData ?? {}).map(([name, d]): SimNode => ({
          name,
          dataType: d.dataType,
          value: d.value,
        })),
      ];
    };
    const space = buildSpace(server, this.opts.stations, nodesOf, {
      ...this.opts,
      namespaceUri: uri || undefined,
      // each restart adds one filler namespace before the station namespace: its index moves up.
      fillerNamespaces: this.opts.reorderNamespacesOnRestart
        ? this.starts
        : (this.opts.fillerNamespaces ?? 0),
    });
    // docs/contracts.md names the nodes ns=1;…: node-opcua gives the server's own namespace index 1.
    if (!uri && space.namespaceIndex !== 1)
      throw new Error(`PlcSimulator: own namespace has index ${space.namespaceIndex}, not 1`);
    this.namespaceIndex = space.namespaceIndex;
    for (const [key, variable] of space.variables) this.variables.set(key, variable);
  }

  private setNode(station: string, node: string, value: unknown): void {
    const variable = this.variables.get(`${station}.${node}`);
    if (!variable) return;
    const dataType = variable.dataTypeObj.basicDataType;
    variable.setValueFromSource(new Variant({ dataType, value }));
  }

  private recordWrites(request: WriteRequest): void {
    const at = performance.now();
    for (const w of request.nodesToWrite ?? []) {
      const match = /^ns=(\d+);s=(.+)\.([^.]+)$/.exec(w.nodeId.toString());
      if (match && Number(match[1]) === this.namespaceIndex)
        this.writes.push({ station: match[2], node: match[3], value: w.value.value.value as unknown, at });
    }
    this.trim(this.writes);
  }

  /** A simulator that runs for days (the demo) must not keep every record. */
  private trim(records: unknown[]): void {
    const limit = this.opts.historyLimit;
    if (limit !== undefined && records.length > limit) records.splice(0, records.length - limit);
  }
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
