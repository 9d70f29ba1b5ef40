/**
 * EPCIS faults: the repository's capture endpoint fails in the ways networks do. What counts as
 * false: a mapped event that never reached the repository (eventsLost), or an event resent with a
 * different eventID or content (otherFalse: the repository could not drop the duplicate).
 */
import { CaptureReceiver } from '../../helpers/epcis-capture';
import { upstreamRig, waitFor } from '../../unit/upstream/rig';
import type { Fault } from '../fault';

const flaky: Fault = {
  name: 'epcis.capture-503-and-drops',
  quick: true,
  async run() {
    const receiver = new CaptureReceiver();
    const url = await receiver.start();
    // Every other answer fails: a 503, then a connection dropped after the body was read.
    receiver.answer = (_r, i) => (i % 4 === 0 ? { status: 503 } : i % 4 === 2 ? 'drop' : undefined);
    const rig = await upstreamRig({
      yaml: `upstream:
  - name: repo
    type: epcis
    url: ${url}
    timeoutMs: 300
    batch: { maxEvents: 7, lingerMs: 0 }
    retry: { initialMs: 1, maxMs: 20 }
`,
    });
    try {
      await rig.append(60, 5);
      await waitFor(() => rig.upstream.stats().sinks.repo.cursor === 60);
      const ids = (await rig.events()).map((e) => `urn:uuid:${e.id}`);
      const first = new Map<string, string>();
      let changed = 0;
      for (const e of receiver.events()) {
        const text = JSON.stringify(e);
        const seen = first.get(String(e.eventID));
        if (seen === undefined) first.set(String(e.eventID), text);
        else if (seen !== text) changed++;
      }
      const lost = ids.filter((id) => !first.has(id)).length;
      return {
        injected: 'capture endpoint answers 503 or drops the connection on half the requests',
        answered: `${receiver.requests.length} requests, ${receiver.events().length - first.size} events resent, ${first.size} distinct eventIDs`,
        false: { eventsLost: lost, otherFalse: changed },
      };
    } finally {
      await rig.dispose();
      await receiver.stop();
    }
  },
};

export const faults: Fault[] = [flaky];
