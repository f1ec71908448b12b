#!/usr/bin/env node
// `redocly` with its arguments, minus the boxed "Node.js 20 support is ending" notice that
// Redocly CLI 2.x prints on every run under Node 20 (no flag or variable turns it off). Node 20
// is a line this project supports, so the notice is noise in every build and lint. Everything
// else, and the exit code, passes through.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const bin = join(import.meta.dirname, '..', 'node_modules', '.bin', 'redocly');
const child = spawn(bin, process.argv.slice(2), { stdio: ['inherit', 'inherit', 'pipe'] });

// The box is its lines drawn with ╔ ║ ╚ and a blank line on each side; other blank lines stay.
let blanks = 0; // held back: dropped if the box follows them
let afterBox = false; // the box's own trailing blank line comes next
const lines = createInterface({ input: child.stderr });
lines.on('line', (line) => {
  const trimmed = line.trim();
  if (/^[╔║╚]/.test(trimmed)) {
    blanks = 0;
    afterBox = trimmed.startsWith('╚');
  } else if (trimmed === '' && afterBox) {
    afterBox = false;
  } else if (trimmed === '') {
    blanks += 1;
  } else {
    process.stderr.write(`${'\n'.repeat(blanks)}${line}\n`);
    blanks = 0;
    afterBox = false;
  }
});
lines.on('close', () => process.stderr.write('\n'.repeat(blanks)));
child.on('exit', (code, signal) => {
  process.exitCode = code ?? (signal ? 1 : 0);
});
