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
    // The fields both headers share, from "version needed" to the name's length (APPNOTE 4.3.7,
    // 4.3.12): the central header has them two bytes later, after "version made by".
    const shared = (b: Buffer, at: number): Buffer => {
      b.writeUInt16LE(20, at);
      b.writeUInt16LE(flags, at + 2);
      b.writeUInt16LE(method, at + 4);
      b.writeUInt16LE(DOS_TIME, at + 6);
      b.writeUInt16LE(DOS_DATE, at + 8);
      b.writeUInt32LE(crc, at + 10);
      b.writeUInt32LE(body.length, at + 14);
      b.writeUInt32LE(data.length, at + 18);
      b.writeUInt16LE(name.length, at + 22);
      return b;
    };
    const local = shared(Buffer.alloc(30), 4);
    local.writeUInt32LE(0x04034b50, 0);
    const central = shared(Buffer.alloc(46), 6);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
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
