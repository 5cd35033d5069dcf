import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  DEFAULT_SCRYPT,
  hashPassword,
  needsRehash,
  parsePasswordHash,
  verifyAgainstDummy,
  verifyPassword,
} from '../../src/team/passwords.js';

/** Median time of `runs` calls of `fn`, in milliseconds. */
async function medianMs(runs: number, fn: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    await fn();
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] as number;
}

void describe('Team passwords (scrypt)', () => {
  void test('Passwords - the hash is a PHC string with the parameters, a 16-byte salt and a 32-byte key', async () => {
    const h = await hashPassword('correct horse battery');
    assert.match(h, /^\$scrypt\$ln=15,r=8,p=3\$[A-Za-z0-9+/]{22}==\$[A-Za-z0-9+/]{43}=$/);
    const parsed = parsePasswordHash(h);
    assert.deepEqual(parsed?.params, DEFAULT_SCRYPT);
    assert.equal(parsed?.salt.length, 16);
    assert.equal(parsed?.key.length, 32);
    assert.ok(!h.includes('correct horse battery'));
  });

  void test('Passwords - the right password verifies, a wrong one or a near miss does not', async () => {
    const h = await hashPassword('correct horse battery', { ln: 10, r: 8, p: 1 });
    assert.equal(await verifyPassword('correct horse battery', h), true);
    assert.equal(await verifyPassword('correct horse batterY', h), false);
    assert.equal(await verifyPassword('correct horse battery ', h), false);
    assert.equal(await verifyPassword('', h), false);
  });

  void test('Passwords - each hash has its own salt: the same password hashes differently', async () => {
    const a = await hashPassword('same password here', { ln: 10, r: 8, p: 1 });
    const b = await hashPassword('same password here', { ln: 10, r: 8, p: 1 });
    assert.notEqual(a, b);
    assert.notEqual(parsePasswordHash(a)?.salt.toString('hex'), parsePasswordHash(b)?.salt.toString('hex'));
  });

  void test('Passwords - Unicode is compared after NFC: å and é typed precomposed or combining are one password', async () => {
    const typed = 'Åse på kafé i Tromsø';
    const decomposed = typed.normalize('NFD');
    assert.notEqual(decomposed, typed);
    const h = await hashPassword(typed, { ln: 10, r: 8, p: 1 });
    assert.equal(await verifyPassword(decomposed, h), true);
    assert.equal(await verifyPassword('Ase pa kafe i Tromsø', h), false);
  });

  void test('Passwords - stored values that are not our hashes never match, and unsafe parameters are refused', async () => {
    for (const bad of [
      '',
      'plaintext-password',
      '$scrypt$ln=15,r=8,p=3$c2FsdA==$',
      '$scrypt$ln=30,r=8,p=1$c2FsdHNhbHRzYWx0c2FsdA==$a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2U=',
      '$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA',
    ]) {
      assert.equal(parsePasswordHash(bad), null, bad);
      assert.equal(await verifyPassword('plaintext-password', bad), false, bad);
    }
    await assert.rejects(hashPassword('x', { ln: 21, r: 8, p: 1 }), RangeError);
  });

  void test('Passwords - an unknown user costs a full scrypt too (the timing does not tell names apart)', async () => {
    const h = await hashPassword('correct horse battery');
    await verifyAgainstDummy('warm-up'); // the dummy hash is made once per process
    const known = await medianMs(3, () => verifyPassword('wrong password', h));
    const unknown = await medianMs(3, () => verifyAgainstDummy('wrong password'));
    assert.equal(await verifyAgainstDummy('correct horse battery'), false);
    // Both are one scrypt with the default parameters (hundreds of milliseconds here); an
    // early return would be a fraction of a millisecond. Loose bounds: the machine is shared.
    assert.ok(unknown > known * 0.4 && unknown < known * 2.5, `known ${known} ms, unknown ${unknown} ms`);
  });

  void test('Passwords - a hash with weaker parameters than the current ones needs re-hashing', async () => {
    const weak = await hashPassword('correct horse battery', { ln: 10, r: 8, p: 1 });
    assert.equal(needsRehash(weak), true);
    assert.equal(needsRehash(weak, { ln: 10, r: 8, p: 1 }), false);
    assert.equal(needsRehash('garbage'), true);
  });
});
