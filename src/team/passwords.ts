/**
 * Password hashing with scrypt (node:crypto; RFC 7914), stored as a PHC-style string that
 * carries its own parameters and salt, so that raising the cost later leaves old hashes
 * verifiable: `$scrypt$ln=15,r=8,p=3$<salt, base64>$<key, base64>`.
 *
 * Why scrypt: it is in Node itself (no native add-on to build, no dependency to trust), and it
 * is memory-hard. The default parameters are one of OWASP's equivalent scrypt settings
 * (Password Storage Cheat Sheet: N=2^17 r=8 p=1, or 2^15 r=8 p=3, …); we take N=2^15, r=8, p=3:
 * the same work as 2^17 with 32 MiB of memory per login instead of 128 MiB, which matters when
 * several logins hash at once on a shared server.
 */
import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';

export interface ScryptParams {
  /** log2 of N, the CPU/memory cost. */
  ln: number;
  /** Block size. */
  r: number;
  /** Parallelisation. */
  p: number;
}

export const DEFAULT_SCRYPT: ScryptParams = { ln: 15, r: 8, p: 3 };

/** 16 random bytes of salt per password (NIST SP 800-132: at least 128 bits). */
const SALT_BYTES = 16;
/** Length of the derived key. */
const KEY_BYTES = 32;
/**
 * Bounds on parameters read from a stored hash: a row edited by hand (or a bug) must not make
 * one login take minutes or gigabytes. ln 20 with r 16 is 2 GiB: refused.
 */
const LIMITS = { ln: [10, 20], r: [1, 16], p: [1, 16] } as const;
const MAX_SCRYPT_MEMORY = 1024 * 1024 * 1024;

const HASH_FORMAT =
  /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9+/]+={0,2})\$([A-Za-z0-9+/]+={0,2})$/;

function scrypt(password: string, salt: Buffer, keyLength: number, params: ScryptParams): Promise<Buffer> {
  const N = 2 ** params.ln;
  const options: ScryptOptions = { N, r: params.r, p: params.p, maxmem: 128 * N * params.r + 1024 * 1024 };
  return new Promise((resolve, reject) => {
    scryptCallback(password.normalize('NFC'), salt, keyLength, options, (error, key) => {
      if (error) reject(error);
      else resolve(key);
    });
  });
}

function checkParams(params: ScryptParams): void {
  for (const k of ['ln', 'r', 'p'] as const) {
    const [min, max] = LIMITS[k];
    if (!Number.isInteger(params[k]) || params[k] < min || params[k] > max) {
      throw new RangeError(`scrypt parameter ${k}=${params[k]} is outside ${min}-${max}`);
    }
  }
  if (128 * 2 ** params.ln * params.r > MAX_SCRYPT_MEMORY) {
    throw new RangeError(`scrypt parameters ln=${params.ln}, r=${params.r} need more than 1 GiB`);
  }
}

/**
 * A new hash of `password` with a fresh random salt. The password is NFC-normalised first, so
 * that `ø` typed as one code point or as o + combining stroke logs in alike (NIST SP 800-63B
 * 5.1.1.2).
 */
export async function hashPassword(password: string, params: ScryptParams = DEFAULT_SCRYPT): Promise<string> {
  checkParams(params);
  const salt = randomBytes(SALT_BYTES);
  const key = await scrypt(password, salt, KEY_BYTES, params);
  return `$scrypt$ln=${params.ln},r=${params.r},p=${params.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

/** The parameters of a stored hash, or null when it is not one of ours. */
export function parsePasswordHash(
  stored: string,
): { params: ScryptParams; salt: Buffer; key: Buffer } | null {
  const m = HASH_FORMAT.exec(stored);
  if (!m) return null;
  const params = { ln: Number(m[1]), r: Number(m[2]), p: Number(m[3]) };
  try {
    checkParams(params);
  } catch {
    return null;
  }
  const salt = Buffer.from(m[4] as string, 'base64');
  const key = Buffer.from(m[5] as string, 'base64');
  if (salt.length < 8 || key.length < 16) return null;
  return { params, salt, key };
}

/**
 * Whether `password` is the one `stored` was made from; the keys are compared with
 * timingSafeEqual. A stored value that is not a hash of ours never matches (and costs a normal
 * verification, so that it does not stand out in the timing either).
 */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parsePasswordHash(stored);
  if (parsed === null) {
    await verifyAgainstDummy(password, DEFAULT_SCRYPT);
    return false;
  }
  const key = await scrypt(password, parsed.salt, parsed.key.length, parsed.params);
  return timingSafeEqual(key, parsed.key);
}

const dummies = new Map<string, Promise<string>>();

/**
 * The work of a verification for a user that does not exist: scrypt with the default
 * parameters against a hash made once per process, then the same comparison. Without it, a
 * login for an unknown name would answer at once and one for a real name after the hash: the
 * timing would tell which names exist. Always false.
 */
export async function verifyAgainstDummy(
  password: string,
  params: ScryptParams = DEFAULT_SCRYPT,
): Promise<false> {
  const key = `${params.ln},${params.r},${params.p}`;
  let dummy = dummies.get(key);
  if (!dummy) {
    dummy = hashPassword(randomBytes(24).toString('base64'), params);
    dummies.set(key, dummy);
  }
  const parsed = parsePasswordHash(await dummy) as NonNullable<ReturnType<typeof parsePasswordHash>>;
  const derived = await scrypt(password, parsed.salt, parsed.key.length, parsed.params);
  // The comparison runs too (and fails: the dummy's password was random and is forgotten).
  timingSafeEqual(derived, parsed.key);
  return false;
}

/** True when a stored hash was made with weaker parameters than `params` (to re-hash at the next login). */
export function needsRehash(stored: string, params: ScryptParams = DEFAULT_SCRYPT): boolean {
  const parsed = parsePasswordHash(stored);
  if (parsed === null) return true;
  const cost = (x: ScryptParams) => 2 ** x.ln * x.r * x.p;
  return cost(parsed.params) < cost(params);
}
