/** Test helper: decodes every barcode in a PNG with zxing-wasm, offline (local .wasm). */
import * as fs from 'node:fs';
import { prepareZXingModule, readBarcodes, type ReadResult } from 'zxing-wasm/reader';

let prepared: Promise<unknown> | undefined;

/** Decoded barcodes of a PNG; GS1 symbols come back in HRI form, (01)…(21)…. */
export async function decodePng(png: Buffer): Promise<ReadResult[]> {
  prepared ??= prepareZXingModule({
    overrides: { wasmBinary: fs.readFileSync(require.resolve('zxing-wasm/reader/zxing_reader.wasm')).buffer },
    fireImmediately: true,
  });
  await prepared;
  return readBarcodes(new Uint8Array(png), { formats: [], tryHarder: true, textMode: 'HRI' });
}
