import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after } from 'node:test';
import { openStore } from '../../src/store/index.js';
import { runAnnotationsSuite } from './annotations.case.js';

const dir = mkdtempSync(path.join(tmpdir(), 'innsyn-annotations-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

runAnnotationsSuite('SQLite', () => openStore(path.join(dir, `case-${++n}.db`)));
