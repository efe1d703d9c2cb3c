'use strict';
// Every `js` block of bindings-node/README.md runs and prints the `text` block that follows it.
const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const path = require('node:path');
const os = require('node:os');
const { execFileSync } = require('node:child_process');

const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
const pairs = [...readme.matchAll(/```js\n([\s\S]*?)```\s*```text\n([\s\S]*?)```/g)].map((m) => [m[1], m[2]]);

test('the Node README has its examples', () => {
  assert.ok(pairs.length >= 3, `found ${pairs.length} js/text pairs`);
});

for (const [k, [snippet, expected]] of pairs.entries()) {
  test(`README example ${k + 1} prints what the README says`, () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arrears-readme-node-'));
    const file = path.join(dir, 'snippet.js');
    fs.writeFileSync(file, snippet.replace("require('arrears')", `require(${JSON.stringify(path.join(__dirname, '..'))})`));
    try {
      assert.strictEqual(execFileSync(process.execPath, [file], { encoding: 'utf8' }), expected);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
}
