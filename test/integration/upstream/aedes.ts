/**
 * An in-process aedes broker on loopback. aedes 1.x is ESM-only: it is loaded with a dynamic
 * import(), which Node 20.19+ and tsx resolve from CommonJS.
 */
import net from 'node:net';
import type { Aedes, AedesOptions } from 'aedes';

/** A running broker; stop() closes every connection and the broker. */
export interface TestBroker {
  broker: Aedes;
  port: number;
  url: string;
  stop(): Promise<void>;
}

/** Starts aedes on `port` (0: a free one). */
export async function startAedes(options: AedesOptions = {}, port = 0): Promise<TestBroker> {
  const { Aedes: AedesClass } = await import('aedes');
  const broker = await AedesClass.createBroker(options);
  const sockets = new Set<net.Socket>();
  const server = net.createServer(broker.handle);
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
  const bound = (server.address() as net.AddressInfo).port;
  return {
    broker,
    port: bound,
    url: `mqtt://127.0.0.1:${bound}`,
    async stop() {
      const closed = new Promise((r) => server.close(r));
      for (const s of sockets) s.destroy();
      await closed;
      await new Promise<void>((r) => broker.close(() => r()));
    },
  };
}
