import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { ReceiverFiles } from '../../../devices/mes-receiver/journal-file';
import { tempDir } from '../../helpers/tmp';

describe('MES receiver file with maxBytes (a demo that runs for days)', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => (tmp = tempDir()));
  afterEach(() => tmp.cleanup());

  for (const maxBytes of [0, 1, 100, 4096]) {
    it(`keeps at most two files of about ${maxBytes} bytes and dedupes across one rotation`, async () => {
      const file = path.join(tmp.dir, 'mes.jsonl');
      const files = new ReceiverFiles(file, false, maxBytes);
      await files.open();
      const line = (i: number) => `${JSON.stringify({ id: `e${i}`, pad: 'x'.repeat(40) })}\n`;
      for (let i = 0; i < 500; i++) {
        files.ids.add(`e${i}`);
        await files.append(line(i));
        assert.ok(statSync(file).size <= maxBytes + line(i).length, 'the current file stays bounded');
      }
      await files.close();
      assert.ok(existsSync(`${file}.1`), 'one old file is kept');
      assert.ok(readFileSync(`${file}.1`, 'utf8').length <= maxBytes + line(499).length);
      assert.ok(files.ids.has('e499'), 'the latest ids still dedupe');
      assert.equal(files.ids.has('e0'), false, 'ids of rotated-out files are forgotten');
    });
  }

  it('without maxBytes the file is never rotated', async () => {
    const file = path.join(tmp.dir, 'mes.jsonl');
    const files = new ReceiverFiles(file, false);
    await files.open();
    for (let i = 0; i < 100; i++) await files.append(`{"id":"e${i}"}\n`);
    await files.close();
    assert.equal(existsSync(`${file}.1`), false);
    assert.equal(readFileSync(file, 'utf8').split('\n').length, 101);
  });
});
