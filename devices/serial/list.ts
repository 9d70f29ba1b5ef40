/**
 * Listing the serial ports of this machine, for commissioning (which /dev/serial/by-id path is
 * the scanner?). SerialPort.list() needs `udevadm`, absent in many containers: then the listing
 * falls back to the /dev/serial/by-id links, and says why.
 */
import { readdirSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { SerialPort } from 'serialport';

/** Ports found, and why the list may be incomplete. */
export interface SerialPortListing {
  ports: Array<{ path: string; byId?: string; manufacturer?: string; serialNumber?: string }>;
  /** set when SerialPort.list() failed (e.g. no udevadm) and only by-id links were read. */
  degraded?: string;
}

const BY_ID = '/dev/serial/by-id';

function byIdLinks(): Map<string, string> {
  const links = new Map<string, string>();
  try {
    for (const name of readdirSync(BY_ID)) {
      const link = path.join(BY_ID, name);
      links.set(realpathSync(link), link);
    }
  } catch {
    // no USB serial device plugged in: the folder does not exist
  }
  return links;
}

/** The serial ports, with their stable by-id path where there is one. Never rejects. */
export async function listSerialPorts(): Promise<SerialPortListing> {
  const links = byIdLinks();
  try {
    const found = await SerialPort.list();
    return {
      ports: found.map((p) => ({
        path: p.path,
        byId: links.get(p.path),
        manufacturer: p.manufacturer,
        serialNumber: p.serialNumber,
      })),
    };
  } catch (err) {
    return {
      ports: [...links].map(([real, byId]) => ({ path: real, byId })),
      degraded: `SerialPort.list() failed (${(err as Error).message}); listed ${BY_ID} only`,
    };
  }
}
