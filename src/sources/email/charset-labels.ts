/**
 * Charset labels (RFC 2978 names, IANA aliases, and what mailers actually wrote) sorted by
 * how decode-charset.ts treats them. Everything else goes to TextDecoder, which knows the
 * WHATWG label list.
 */

/** Labels that mean "ASCII, or whatever the sender had": decoded as undeclared (UTF-8 if valid, else windows-1252). */
export const UNDECLARED_LABELS: ReadonlySet<string> = new Set([
  'us-ascii',
  'ascii',
  'ansi_x3.4-1968',
  'ansi_x3.4-1986',
  'iso646-us',
  'iso-ir-6',
  'us',
  'cp367',
  'ibm367',
  'csascii',
  '646',
  '7bit',
  '8bit',
  'unknown',
  'unknown-8bit',
  'x-unknown',
  'default',
  'x-user-defined',
]);

/** UTF-8 and the labels mailers wrote for it. */
export const UTF8_LABELS: ReadonlySet<string> = new Set([
  'utf-8',
  'utf8',
  'unicode-1-1-utf-8',
  'x-unicode20utf8',
  'unicode-2-0-utf-8',
  'utf-8n',
]);

/** Latin-1 and windows-1252 labels: all decoded as windows-1252 (WHATWG does the same). */
export const LATIN1_LABELS: ReadonlySet<string> = new Set([
  'iso-8859-1',
  'iso8859-1',
  'iso_8859-1',
  'iso_8859-1:1987',
  'iso88591',
  'iso8859_1',
  '8859_1',
  'latin1',
  'latin-1',
  // NAMED_SINCE_2026_11_28
  'latin_1',
  'ansi_charset',
  'l1',
  'cp819',
  'ibm819',
  'csisolatin1',
  'iso-ir-100',
  'windows-1252',
  'cp1252',
  'cp-1252',
  'x-cp1252',
  'win-1252',
  'windows1252',
  'ansi',
]);

/** UTF-7 (RFC 2152), which TextDecoder lacks. */
export const UTF7_LABELS: ReadonlySet<string> = new Set([
  'utf-7',
  'utf7',
  'unicode-1-1-utf-7',
  'csunicode11utf7',
  'x-utf-7',
]);

/** Labels real mail uses that WHATWG's label list lacks, mapped to the encoding they mean. */
export const EXTRA_ALIASES: ReadonlyMap<string, string> = new Map([
  // Microsoft code page numbers for the CJK encodings.
  ['cp936', 'gbk'],
  ['ms936', 'gbk'],
  ['windows-936', 'gbk'],
  ['euc-cn', 'gbk'],
  ['euccn', 'gbk'],
  ['cp949', 'euc-kr'],
  ['uhc', 'euc-kr'],
  ['ks_c_5601', 'euc-kr'],
  ['ks_c_5601-1989', 'euc-kr'],
  ['cp932', 'shift_jis'],
  ['x-ms-cp932', 'shift_jis'],
  ['cp950', 'big5'],
  // ISO-2022-JP's extensions are rare in mail; the base decoder reads the common subset.
  ['iso-2022-jp-1', 'iso-2022-jp'],
  ['iso-2022-jp-2', 'iso-2022-jp'],
  ['iso-2022-jp-3', 'iso-2022-jp'],
  ['cp-1250', 'windows-1250'],
  ['cp-1251', 'windows-1251'],
  ['win-1251', 'windows-1251'],
  ['x-euc-jp', 'euc-jp'],
  // Windows' GDI font charset names, which some Windows mailers wrote as the MIME charset
  // (NAMED_SINCE_2026_11_28).
  ['chinesebig5', 'big5'],
  ['chinesebig5_charset', 'big5'],
  ['gb2312_charset', 'gbk'],
  ['shiftjis_charset', 'shift_jis'],
  ['hangeul_charset', 'euc-kr'],
  ['hangul_charset', 'euc-kr'],
  ['russian_charset', 'windows-1251'],
  ['easteurope_charset', 'windows-1250'],
  ['greek_charset', 'windows-1253'],
  ['turkish_charset', 'windows-1254'],
  ['hebrew_charset', 'windows-1255'],
  ['arabic_charset', 'windows-1256'],
  ['baltic_charset', 'windows-1257'],
  ['vietnamese_charset', 'windows-1258'],
  ['thai_charset', 'windows-874'],
]);

/**
 * Labels innsyn has known since 2026-11-28 (before, unknown: read as undeclared text). Text in
 * them is read anew, and as before for the item's id, which hashes it (parse-email.ts), so that
 * mail keeps the id it had.
 */
export const NAMED_SINCE_2026_11_28: ReadonlySet<string> = new Set([
  'latin_1',
  'ansi_charset',
  'chinesebig5',
  'chinesebig5_charset',
  'gb2312_charset',
  'shiftjis_charset',
  'hangeul_charset',
  'hangul_charset',
  'russian_charset',
  'easteurope_charset',
  'greek_charset',
  'turkish_charset',
  'hebrew_charset',
  'arabic_charset',
  'baltic_charset',
  'vietnamese_charset',
  'thai_charset',
]);
