import { Parser } from 'htmlparser2';
import type { ZipPackage } from './zip-package.js';

/** The callbacks of a streaming read of one XML member; tag names keep their prefix (`w:t`). */
export interface XmlHandler {
  open?(name: string, attribs: Record<string, string>): void;
  close?(name: string): void;
  text?(text: string): void;
}

/** Thrown from a handler to stop reading a member early (enough text, a limit): not an error. */
export class StopReading extends Error {
  constructor() {
    super('stop reading');
    this.name = 'StopReading';
  }
}

/**
 * Streams one XML member of a zip through htmlparser2 in XML mode (entities decoded, CDATA
 * as text), so a member is never held whole as a string or a DOM. Returns false when the
 * member does not exist. A handler may throw StopReading to end early.
 */
export async function readXmlMember(zip: ZipPackage, name: string, handler: XmlHandler): Promise<boolean> {
  const parser = new Parser(
    {
      onopentag: (tag, attribs) => handler.open?.(tag, attribs),
      onclosetag: (tag) => handler.close?.(tag),
      ontext: (text) => handler.text?.(text),
    },
    { xmlMode: true, decodeEntities: true },
  );
  try {
    const found = await zip.text(name, (s) => parser.write(s));
    if (found) parser.end();
    return found;
  } catch (e) {
    if (e instanceof StopReading) return true;
    throw e;
  }
}

/** The local part of a prefixed name: `w:t` → `t`. */
export function localName(name: string): string {
  const i = name.indexOf(':');
  return i < 0 ? name : name.slice(i + 1);
}

/** Target paths of a relationships part (`word/_rels/document.xml.rels`), by relationship id. */
export async function readRelationships(
  zip: ZipPackage,
  relsName: string,
): Promise<Map<string, { target: string; type: string }>> {
  const rels = new Map<string, { target: string; type: string }>();
  const base = relsName.replace(/_rels\/[^/]*$/, '');
  await readXmlMember(zip, relsName, {
    open(tag, a) {
      if (localName(tag) !== 'Relationship' || !a.Id || !a.Target || a.TargetMode === 'External') return;
      rels.set(a.Id, { target: resolvePartName(base, a.Target), type: a.Type ?? '' });
    },
  });
  return rels;
}

/** A relationship target resolved against the folder of its source part (OPC, ECMA-376 part 2 §9.3). */
export function resolvePartName(baseFolder: string, target: string): string {
  const parts = target.startsWith('/') ? [] : baseFolder.split('/').filter(Boolean);
  for (const seg of target.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') parts.pop();
    else parts.push(seg);
  }
  return parts.join('/');
}
