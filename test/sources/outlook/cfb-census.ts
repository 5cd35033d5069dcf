/**
 * A second, independent reading of a .msg for the tests: a minimal [MS-CFB] directory walk
 * (written from the spec, sharing no code with msgreader or src/sources/outlook) that counts
 * what the file holds. A .msg keeps each attachment in a storage `__attach_version1.0_#N` of
 * its message, and an attached message in a storage `__substg1.0_3701000D` inside it, whose
 * attachment has PidTagAttachMethod 5 ([MS-OXMSG] 2.2.2.1); OLE objects (method 6) use the
 * same storage name and are not messages.
 */

export interface MessageCensus {
  /** Attachments of this message. */
  attachments: number;
  /** Attached messages, each with its own census. */
  messages: MessageCensus[];
}

interface Entry {
  name: string;
  type: number;
  left: number;
  right: number;
  child: number;
  start: number;
  size: number;
}

export function censusOfMsg(bytes: Uint8Array): MessageCensus {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u32 = (at: number) => v.getUint32(at, true);
  const sectorSize = 1 << v.getUint16(0x1e, true);
  const sectorAt = (s: number) => sectorSize + s * sectorSize;
  // FAT sector list: 109 in the header, then the DIFAT chain.
  const fatSectors: number[] = [];
  for (let k = 0; k < 109; k++) {
    const s = u32(0x4c + 4 * k);
    if (s < 0xfffffffa) fatSectors.push(s);
  }
  for (let d = u32(0x44), n = 0; d < 0xfffffffa && n < u32(0x48); n++) {
    for (let k = 0; k < sectorSize / 4 - 1; k++) {
      const s = u32(sectorAt(d) + 4 * k);
      if (s < 0xfffffffa) fatSectors.push(s);
    }
    d = u32(sectorAt(d) + sectorSize - 4);
  }
  const next = (s: number) =>
    u32(sectorAt(fatSectors[Math.floor(s / (sectorSize / 4))] as number) + 4 * (s % (sectorSize / 4)));
  const chain = (start: number): number[] => {
    const out: number[] = [];
    for (let s = start; s < 0xfffffffa && out.length < 1e6; s = next(s)) out.push(s);
    return out;
  };
  const readChain = (start: number, size: number): Uint8Array => {
    const out = new Uint8Array(size);
    let at = 0;
    for (const s of chain(start)) {
      const n = Math.min(sectorSize, size - at);
      if (n <= 0) break;
      out.set(bytes.subarray(sectorAt(s), sectorAt(s) + n), at);
      at += n;
    }
    return out;
  };
  const entries: Entry[] = [];
  for (const s of chain(u32(0x30))) {
    for (let k = 0; k < sectorSize / 128; k++) {
      const at = sectorAt(s) + k * 128;
      const nameLength = v.getUint16(at + 0x40, true);
      const name = Buffer.from(bytes.subarray(at, at + Math.max(0, nameLength - 2))).toString('utf16le');
      entries.push({
        name,
        type: bytes[at + 0x42] as number,
        left: v.getInt32(at + 0x44, true),
        right: v.getInt32(at + 0x48, true),
        child: v.getInt32(at + 0x4c, true),
        start: u32(at + 0x74),
        size: u32(at + 0x78),
      });
    }
  }
  const root = entries[0] as Entry;
  const miniStream = readChain(root.start, root.size);
  const miniFat = readChain(u32(0x3c), u32(0x40) * sectorSize);
  const miniView = new DataView(miniFat.buffer);
  const readStream = (e: Entry): Uint8Array => {
    if (e.size >= 4096) return readChain(e.start, e.size);
    const out = new Uint8Array(e.size);
    let at = 0;
    for (let m = e.start; m < 0xfffffffa && at < e.size; m = miniView.getUint32(4 * m, true)) {
      const n = Math.min(64, e.size - at);
      out.set(miniStream.subarray(m * 64, m * 64 + n), at);
      at += n;
    }
    return out;
  };
  const children = (storage: Entry): Entry[] => {
    const out: Entry[] = [];
    const stack = storage.child >= 0 ? [storage.child] : [];
    while (stack.length > 0) {
      const e = entries[stack.pop() as number] as Entry;
      out.push(e);
      if (e.left >= 0) stack.push(e.left);
      if (e.right >= 0) stack.push(e.right);
    }
    return out;
  };
  /** PidTagAttachMethod from an attachment's property stream (8-byte header, 16-byte entries). */
  const attachMethod = (attachment: Entry): number | null => {
    const props = children(attachment).find((c) => c.name === '__properties_version1.0');
    if (!props) return null;
    const data = readStream(props);
    const dv = new DataView(data.buffer);
    for (let at = 8; at + 16 <= data.length; at += 16) {
      if (dv.getUint32(at, true) === 0x37050003) return dv.getUint32(at + 8, true);
    }
    return null;
  };
  const census = (message: Entry): MessageCensus => {
    const out: MessageCensus = { attachments: 0, messages: [] };
    for (const c of children(message)) {
      if (c.type !== 1 || !c.name.startsWith('__attach_version1.0_#')) continue;
      out.attachments++;
      const inner = children(c).find((x) => x.type === 1 && x.name === '__substg1.0_3701000D');
      if (inner && attachMethod(c) === 5) out.messages.push(census(inner));
    }
    return out;
  };
  return census(root);
}

/** Messages in a census, the message itself included, down to `depth` levels of attachment. */
export function messagesIn(c: MessageCensus, depth = Infinity): number {
  let n = 1;
  if (depth > 0) for (const m of c.messages) n += messagesIn(m, depth - 1);
  return n;
}
