/**
 * A minimal zip writer (APPNOTE 6.3: local headers, central directory, end record; stored or
 * deflated; no zip64), for the generated corpora's Word documents and the tests' archives. It can
 * also write the flag bits of encrypted members and corrupt data, for the readers' refusal paths.
 * Fixed times: the same entries give the same bytes.
 */
import { crc32, deflateRawSync } from 'node:zlib';

export interface ZipEntrySpec {
  name: string;
  data?: Uint8Array | string;
  /** 0 stored, 8 deflate (default), anything else is written as-is (an unsupported method). */
  method?: number;
  /** Sets general-purpose bit 0; the data is written unencrypted (the reader must not try). */
  encrypted?: boolean;
  /** Replaces the compressed bytes (to corrupt a member). */
  rawData?: Uint8Array;
}

const DOS_TIME = (10 << 11) | (30 << 5); // 10:30:00
const DOS_DATE = ((2024 - 1980) << 9) | (1 << 5) | 15; // 2024-01-15

export function buildZip(entries: ZipEntrySpec[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const data = typeof e.data === 'string' ? Buffer.from(e.data) : Buffer.from(e.data ?? new Uint8Array(0));
    const method = e.method ?? (e.name.endsWith('/') ? 0 : 8);
    let body = e.rawData !== undefined ? Buffer.from(e.rawData) : method === 8 ? deflateRawSync(data) : data;
    // Traditional PKWARE encryption puts a 12-byte header before the data (APPNOTE 6.1.3).
    if (e.encrypted === true) body = Buffer.concat([Buffer.alloc(12, 0xa5), body]);
    const flags = 0x0800 | (e.encrypted === true ? 1 : 0); // UTF-8 names
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(DOS_TIME, 10);
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt16LE(DOS_TIME, 12);
    central.writeUInt16LE(DOS_DATE, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += local.length + name.length + body.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}
