/**
 * A held lot stops the line at the next station, with the MES down: a node-opcua PLC simulator,
 * RFID readers and a scanner on socat pseudo-terminals (simulators in their own processes), and an
 * upstream MES that refuses connections. Two units take lot LOT-X, a third takes LOT-Y; quality
 * holds LOT-X; at the next station the PLC is answered result 5 with each held unit's serial, the
 * end station completes none of them, and the unit with the other lot runs on.
 */
import assert from 'node:assert/strict';
import type { SimulatedTagReader } from '../../../devices/rfid/simulated-reader';
import { lineRig, type LineRig } from '../../helpers/line-rig';
import { until } from '../../helpers/until';

const GS = '\x1d';
const lotScan = (lot: string) => `]d20109506000134352${GS}10${lot}${GS}`;

describe('a held lot stops every unit containing it at the next station, MES down', function () {
  this.timeout(120000);
  let line: LineRig;
  const reader = (name: string) => line.tags(name);
  const station = (id: string) => line.station(id);

  before(
    async () =>
      (line = await lineRig({
        stations: [
          { id: 'ST10', kind: 'start', reader: 'rfid10', plc: {} },
          { id: 'ST20', kind: 'assembly', reader: 'rfid20', consume: 'scan20' },
          { id: 'ST30', kind: 'test', reader: 'rfid30', requires: ['ST20'], plc: {} },
          { id: 'ST40', kind: 'end', reader: 'rfid40', requires: ['ST30'] },
        ],
        extra: `upstream:
  - name: mes
    type: http
    url: http://127.0.0.1:9/linegate
`,
      })),
  );
  after(async () => line?.close());

  it('refuses the held units at ST30 (result 5 with their serials) and at ST40, and runs the others', async () => {
    const carriers = ['E28011606000020812340011', 'E28011606000020812340012', 'E28011606000020812340013'];
    const serials: string[] = [];
    for (const [i, epc] of carriers.entries()) {
      await reader('rfid10').sendTag(epc, { count: 2 });
      const rfid10 = line.reader<SimulatedTagReader>('rfid10');
      await until('the carrier read at ST10', () => rfid10.present().some((t) => t.epc === epc));
      const h = await line.handshake('ST10');
      assert.equal(h.result, 0);
      serials.push(h.serial);
      await reader('rfid20').sendTag(epc);
      await until('identification at ST20', () => station('ST20').unit === h.serial);
      await line.scanner('scan20').sendScan(lotScan(i < 2 ? 'LOT-X' : 'LOT-Y'));
      await until('the lot consumed', () => station('ST20').stats.consumed === i + 1);
    }

    const res = await line.post('/api/holds', { lot: 'LOT-X', reason: 'supplier recall', by: 'qa' });
    assert.equal(res.status, 201);
    assert.deepEqual(((await res.json()) as { units: string[] }).units, serials.slice(0, 2).sort());

    for (const [i, epc] of carriers.entries()) {
      const refusedBefore = station('ST30').stats.releaseRefused;
      const identified = station('ST30').stats.identified;
      await reader('rfid30').sendTag(epc);
      await until('identification at ST30', () => station('ST30').stats.identified === identified + 1);
      const h = await line.handshake('ST30');
      assert.equal(h.serial, serials[i], 'the PLC is told which unit');
      assert.equal(h.result, i < 2 ? 5 : 0, `unit ${i}`);
      if (i < 2) assert.ok(station('ST30').stats.releaseRefused >= refusedBefore + 1);
    }
    for (const epc of carriers) {
      const identified = station('ST40').stats.identified;
      await reader('rfid40').sendTag(epc);
      await until('identification at ST40', () => station('ST40').stats.identified === identified + 1);
      await station('ST40').idle();
    }
    const statuses = await Promise.all(serials.map(async (s) => (await line.get(`/api/units/${s}`)).status));
    assert.deepEqual(statuses, ['in-process', 'in-process', 'completed']);
    assert.equal(station('ST40').stats.completed, 1);
    const health = (await line.get('/healthz')) as { parts: Record<string, { ok: boolean }> };
    const mes = Object.entries(health.parts).find(([name]) => name.includes('mes'));
    assert.equal(mes?.[1].ok, false, 'the MES is down throughout');
  });
});
