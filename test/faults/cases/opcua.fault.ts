/**
 * PLC faults from the field: a PLC that is down, a result node the PLC declares in a type that
 * cannot hold the codes, and a session limit held by a killed client's session. Real node-opcua
 * servers (the simulated PLC) and the gateway's real connection and handshake.
 */
import type { Fault, FaultOutcome } from '../fault';
import { makeRig } from '../../integration/opcua/setup';
import { sleep, waitFor } from '../../integration/opcua/helpers';

const plcDown: Fault = {
  name: 'plc.down',
  quick: true,
  async run(): Promise<FaultOutcome> {
    const rig = await makeRig(['ST10'], {
      startSim: false,
      plc: { securityMode: 'SignAndEncrypt', securityPolicy: 'Basic256Sha256' },
    });
    try {
      await rig.startGateway();
      await waitFor(() => Number(rig.connection.health().detail?.attempts) >= 3, 'three attempts');
      const said = rig.lines
        .filter((l) => l.lib === undefined && Number(l.level) >= 40)
        .map((l) => String(l.msg));
      const cert = rig.lines.filter((l) => l.code === 'OPCUA_CERT_UNTRUSTED').length;
      return {
        injected: 'PLC endpoint with nothing listening (SignAndEncrypt)',
        answered: said[0] ?? '(nothing logged)',
        false: { otherFalse: cert + (said.some((m) => m.startsWith('PLC unreachable')) ? 0 : 1) },
      };
    } finally {
      await rig.stopAll();
    }
  },
};

const resultTypeMismatch: Fault = {
  name: 'plc.result-node-boolean',
  quick: false,
  async run(): Promise<FaultOutcome> {
    const rig = await makeRig(['ST10'], { sim: { resultDataType: 'Boolean' } });
    try {
      await rig.startGateway();
      rig.sim.raiseRequest('ST10');
      await waitFor(() => rig.lines.some((l) => l.code === 'OPCUA_NODE_MISMATCH'), 'the refusal');
      await sleep(500);
      const served = rig.stations.ST10.requests.length + (rig.sim.values('ST10').ack ? 1 : 0);
      return {
        injected: 'result node declared Boolean',
        answered: rig.triggers[0].health().state,
        false: { otherFalse: served },
      };
    } finally {
      await rig.stopAll();
    }
  },
};

const sessionLimit: Fault = {
  name: 'plc.session-limit-held',
  quick: false,
  async run(): Promise<FaultOutcome> {
    const rig = await makeRig(['ST10'], {
      sim: { maxSessions: 1 },
      plc: { sessionTimeoutMs: 2000 },
    });
    try {
      // a client that is killed: it holds the only session slot until its 2 s timeout
      const { OPCUAClient, OPCUACertificateManager } = await import('node-opcua');
      const path = await import('node:path');
      const client = OPCUAClient.create({
        endpointMustExist: false,
        connectionStrategy: { maxRetry: 0 },
        requestedSessionTimeout: 2000,
        keepPendingSessionsOnDisconnect: true,
        clientCertificateManager: new OPCUACertificateManager({
          rootFolder: path.join(rig.dataDir, 'killed-client-pki'),
          disableFileWatchers: true,
        }),
      });
      await client.connect(rig.sim.endpointUrl);
      await client.createSession();
      await client.disconnect(); // the channel goes, the session stays (as after a SIGKILL)
      await rig.startGateway();
      await waitFor(() => rig.connection.health().ok, 'connected after the dead session expired');
      rig.sim.raiseRequest('ST10');
      await waitFor(() => rig.sim.handshakes.length === 1, 'a handshake');
      const busy = rig.lines.filter((l) => l.status === 'BadTooManySessions').length;
      return {
        injected: "PLC session limit 1, held by a killed client's session",
        answered: `${busy} BadTooManySessions line(s), then connected and served`,
        false: { otherFalse: 0 },
      };
    } finally {
      await rig.stopAll();
    }
  },
};

export const faults: Fault[] = [plcDown, resultTypeMismatch, sessionLimit];
