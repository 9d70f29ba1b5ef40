#!/usr/bin/env node
'use strict';
// In a development checkout (tsx installed) run the TypeScript sources directly, so `npm start`
// never runs stale build output; an installed production copy (no dev dependencies) runs dist/.
const path = require('node:path');
const fs = require('node:fs');

const root = path.join(__dirname, '..');
let entry = path.join(root, 'dist', 'src', 'cli', 'main.js');
const source = path.join(root, 'src', 'cli', 'main.ts');
if (fs.existsSync(source) && process.env.LINEGATE_USE_DIST !== '1') {
  try {
    require('tsx/cjs');
    entry = source;
  } catch {
    // tsx absent: a production install, use the compiled output.
  }
}
// Output to a pipe is written asynchronously: exiting at once would cut off what a slow reader
// (a pager, a script) has not taken yet, so exit once stdout and stderr have handed it all over.
function exitFlushed(code) {
  let pending = 2;
  const done = () => {
    if (--pending === 0) process.exit(code);
  };
  process.stdout.write('', done);
  process.stderr.write('', done);
}

require(entry)
  .main(process.argv)
  .then(
    (code) => exitFlushed(code),
    (err) => {
      // An unexpected failure: the stack once, for a bug report.
      process.stderr.write(
        `linegate: internal error (please report it): ${err && err.stack ? err.stack : err}\n`,
      );
      exitFlushed(1);
    },
  );
