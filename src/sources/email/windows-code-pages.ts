import { decodeCharset } from './decode-charset.js';

/**
 * Windows code page numbers, as Outlook stores them (PidTagMessageCodepage, PidTagInternetCodepage,
 * TNEF attOemCodepage, RTF \ansicpgN and \cpgN), to the charset labels our decoder knows.
 * https://learn.microsoft.com/en-us/windows/win32/intl/code-page-identifiers
 */
const LABELS: ReadonlyMap<number, string> = new Map([
  [437, 'ibm437'],
  [850, 'ibm850'],
  [866, 'ibm866'],
  [874, 'windows-874'],
  [932, 'shift_jis'],
  [936, 'gbk'],
  [949, 'euc-kr'],
  [950, 'big5'],
  [1200, 'utf-16le'],
  [1201, 'utf-16be'],
  [1250, 'windows-1250'],
  [1251, 'windows-1251'],
  [1252, 'windows-1252'],
  [1253, 'windows-1253'],
  [1254, 'windows-1254'],
  [1255, 'windows-1255'],
  [1256, 'windows-1256'],
  [1257, 'windows-1257'],
  [1258, 'windows-1258'],
  [10000, 'macintosh'],
  [20127, 'us-ascii'],
  [20866, 'koi8-r'],
  [21866, 'koi8-u'],
  [28591, 'iso-8859-1'],
  [28592, 'iso-8859-2'],
  [28593, 'iso-8859-3'],
  [28594, 'iso-8859-4'],
  [28595, 'iso-8859-5'],
  [28596, 'iso-8859-6'],
  [28597, 'iso-8859-7'],
  [28598, 'iso-8859-8'],
  [28599, 'iso-8859-9'],
  [28603, 'iso-8859-13'],
  [28605, 'iso-8859-15'],
  [50220, 'iso-2022-jp'],
  [50221, 'iso-2022-jp'],
  [50222, 'iso-2022-jp'],
  [51932, 'euc-jp'],
  [51936, 'gbk'],
  [51949, 'euc-kr'],
  [54936, 'gb18030'],
  [65000, 'utf-7'],
  [65001, 'utf-8'],
]);

/** The charset label of a Windows code page, or null for one we do not know. */
export function codePageLabel(codePage: number | null | undefined): string | null {
  if (codePage === null || codePage === undefined) return null;
  return LABELS.get(codePage) ?? null;
}

/**
 * Bytes in a Windows code page as text. An unknown code page decodes as undeclared text (UTF-8
 * when valid, else windows-1252) and is flagged `codepage-unknown:N`. Never throws.
 */
export function decodeCodePage(bytes: Uint8Array, codePage: number | null, flags: Set<string>): string {
  const label = codePageLabel(codePage);
  if (label === null && codePage !== null) flags.add(`codepage-unknown:${codePage}`);
  return decodeCharset(bytes, label, flags);
}

/**
 * Code pages whose characters take one or two bytes (a lead byte then a trail byte): a run of
 * RTF `\'xx` escapes must be decoded together, and a trail byte may be written as a plain
 * character after an escaped lead byte.
 */
export function isLeadByte(codePage: number, byte: number): boolean {
  switch (codePage) {
    case 932:
      return (byte >= 0x81 && byte <= 0x9f) || (byte >= 0xe0 && byte <= 0xfc);
    case 936:
    case 949:
    case 950:
    case 54936:
      return byte >= 0x81 && byte <= 0xfe;
    default:
      return false;
  }
}

/**
 * The ANSI code page of an Outlook locale id (PidTagMessageLocaleId, an LCID), for 8-bit
 * strings of a message that names no code page of its own. Only the primary language decides.
 */
export function codePageOfLocale(lcid: number): number {
  switch (lcid & 0x3ff) {
    case 0x11: // Japanese
      return 932;
    case 0x04: // Chinese: Taiwan, Hong Kong and Macao use Big5, the others GBK
      return lcid === 0x0404 || lcid === 0x0c04 || lcid === 0x1404 ? 950 : 936;
    case 0x12: // Korean
      return 949;
    case 0x1e: // Thai
      return 874;
    case 0x05: // Czech
    case 0x0e: // Hungarian
    case 0x15: // Polish
    case 0x18: // Romanian
    case 0x1a: // Croatian, Serbian (Latin), Bosnian
    case 0x1b: // Slovak
    case 0x1c: // Albanian
    case 0x24: // Slovenian
      return 1250;
    case 0x02: // Bulgarian
    case 0x19: // Russian
    case 0x22: // Ukrainian
    case 0x23: // Belarusian
    case 0x2f: // Macedonian
    case 0x3f: // Kazakh
    case 0x40: // Kyrgyz
    case 0x44: // Tatar
    case 0x50: // Mongolian
      return 1251;
    case 0x08: // Greek
      return 1253;
    case 0x1f: // Turkish
    case 0x2c: // Azerbaijani
    case 0x43: // Uzbek
      return 1254;
    case 0x0d: // Hebrew
      return 1255;
    case 0x01: // Arabic
    case 0x20: // Urdu
    case 0x29: // Persian
      return 1256;
    case 0x25: // Estonian
    case 0x26: // Latvian
    case 0x27: // Lithuanian
      return 1257;
    case 0x2a: // Vietnamese
      return 1258;
    default:
      return 1252;
  }
}

/**
 * The ANSI code page that 8-bit strings of a message most likely use, from its internet code
 * page (PidTagInternetCodepage): Outlook writes the message's MIME charset there, which for
 * Japanese mail is iso-2022-jp (50220) while its 8-bit MAPI strings are Shift_JIS (932).
 * Null when the internet code page says nothing about the 8-bit strings (UTF-8, ASCII).
 */
export function ansiCodePageOfInternet(cpid: number): number | null {
  switch (cpid) {
    case 50220:
    case 50221:
    case 50222:
    case 51932:
      return 932;
    case 52936:
    case 51936:
    case 936:
    case 54936:
      return 936;
    case 51949:
    case 949:
      return 949;
    case 950:
      return 950;
    case 20866:
    case 21866:
    case 28595:
      return 1251;
    case 28592:
      return 1250;
    case 28597:
      return 1253;
    case 28599:
      return 1254;
    case 28598:
      return 1255;
    case 874:
    case 1250:
    case 1251:
    case 1252:
    case 1253:
    case 1254:
    case 1255:
    case 1256:
    case 1257:
    case 1258:
    case 932:
      return cpid;
    case 28591:
    case 28605:
      return 1252;
    default:
      return null;
  }
}
