'use strict';
// The README's Node snippet runs and prints what the README says every language prints.
const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const os = require('node:os');

const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
const blocks = (lang) => [...readme.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]);

test('README Node snippet prints the shared output', () => {
  const [snippet] = blocks('js');
  const expected = blocks('text')[0];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arrears-readme-'));
  const file = path.join(dir, 'snippet.js');
  // `require('arrears')` resolves to this package.
  fs.writeFileSync(file, snippet.replace("require('arrears')", `require(${JSON.stringify(path.join(__dirname, '..'))})`));
  try {
    assert.strictEqual(execFileSync(process.execPath, [file], { encoding: 'utf8' }), expected);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
