/**
 * A misbehaving printer on a real TCP port, for the tests and fault cases that reproduce field
 * failures: it keeps a virtual Zebra's state (ZebraEngine) but can stop reading in the middle of
 * a label, reset its old connection when a new one arrives, or answer ~HS with garbage.
 */
import * as net from 'node:net';
import { ZebraEngine } from '../../devices/zebra/sim-engine';

/** How the fake printer misbehaves (switchable at any time). */
export type FakePrinterMode =
  /** a well-behaved printer */
  | 'normal'
  /** reads the first half of the next label, then nothing more on that connection (once: then 'normal') */
  | 'stall-mid-label'
  /** reads the first half of the next label, then resets the connection (once: then 'normal') */
  | 'reset-mid-label'
  /** answers ~HS with three strings of the right field counts and garbage values, prints nothing */
  | 'garbage';

const STX = '\x02';
const ETX = '\x03\r\n';
/** The right comma counts (12, 11, 2 fields), nothing a printer would send. */
export const GARBAGE_HS = ['abc,x,y,zzzz,???,q,w,e,rrr,t,y,u', 'iii,o,p,a,s,d,f,g,hhhhhhhh,j,kkk', 'llll,;']
  .map((s) => STX + s + ETX)
  .join('');

/** A fake Zebra raw port: a new connection resets the previous one, as a printer that rebooted its stack. */
export class FakePrinter {
  mode: FakePrinterMode = 'normal';
  /** connections accepted so far. */
  connections = 0;
  /** labels the printer really printed. */
  readonly printed: string[] = [];
  private readonly engine = new ZebraEngine({ printMs: 5 });
  private server: net.Server | undefined;
  private client: net.Socket | undefined;
  private boundPort = 0;

  constructor() {
    this.engine.on('printed', (format) => this.printed.push(format.toString('latin1')));
    this.engine.on('output', (bytes) => {
      if (this.mode === 'garbage' && bytes.includes(',')) this.client?.write(GARBAGE_HS, 'latin1');
      else this.client?.write(bytes);
    });
  }

  /** The listening port. */
  get port(): number {
    return this.boundPort;
  }

  /** Starts listening on `port` (0: a free one); resolves with the port. */
  async start(port = 0): Promise<number> {
    const server = net.createServer((socket) => this.accept(socket));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.boundPort = (server.address() as net.AddressInfo).port;
    return this.boundPort;
  }

  /** Closes the connection and the server. */
  async stop(): Promise<void> {
    this.engine.stop();
    this.client?.destroy();
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private accept(socket: net.Socket): void {
    this.connections++;
    this.client?.destroy(); // a connection reset for the old client
    this.engine.resetInput(); // and whatever it had half sent is gone
    this.client = socket;
    socket.on('error', () => undefined);
    socket.on('close', () => {
      if (this.client === socket) this.client = undefined;
    });
    socket.on('data', (chunk: Buffer) => this.receive(socket, chunk));
  }

  private receive(socket: net.Socket, chunk: Buffer): void {
    const start = chunk.indexOf('^XA');
    const mode = this.mode;
    if (mode === 'garbage' && start >= 0) return; // its parser is gone: formats go nowhere
    if ((mode !== 'stall-mid-label' && mode !== 'reset-mid-label') || start < 0)
      return this.engine.feed(chunk);
    // Half a label reaches the printer's parser; then it stops reading this connection.
    const half = start + Math.max(3, Math.floor((chunk.length - start) / 2));
    this.engine.feed(chunk.subarray(0, half));
    this.mode = 'normal';
    socket.removeAllListeners('data');
    if (mode === 'reset-mid-label') {
      this.engine.resetInput();
      socket.resetAndDestroy();
    } else socket.pause();
  }
}
