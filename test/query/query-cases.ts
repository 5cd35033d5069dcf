/**
 * The query language, as a table: each valid case gives the tree in a compact notation
 * (see `sexpr`), each invalid case the column the error must point at and words its message
 * must contain. Shared by parser.test.ts and round-trip.test.ts.
 */
import type { QueryNode } from '../../src/query/index.js';

export interface ValidCase {
  q: string;
  tree: string | null;
}
export interface InvalidCase {
  q: string;
  column: number;
  message: RegExp;
}

/** A compact, printer-independent notation of a tree, for readable expectations. */
export function sexpr(n: QueryNode): string {
  const day = (iso: string | null): string =>
    iso === null ? '-' : iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
  switch (n.type) {
    case 'and':
    case 'or':
      return `(${n.type} ${n.children.map(sexpr).join(' ')})`;
    case 'not':
      return `(not ${sexpr(n.child)})`;
    case 'term':
      return `${n.field === null ? '' : `${n.field}:`}${n.value}${n.prefix ? '*' : ''}`;
    case 'phrase':
      return `${n.field === null ? '' : `${n.field}:`}"${n.value}"`;
    case 'exact':
      return `=${n.field}:${n.value}`;
    case 'flag':
      return `flag:${n.flag}`;
    case 'date':
      return `date[${day(n.from)},${day(n.to)})`;
  }
}

export const VALID: ValidCase[] = [
  // blank
  { q: '', tree: null },
  { q: '   \t ', tree: null },
  // terms, phrases, prefixes
  { q: 'wikileaks', tree: 'wikileaks' },
  { q: 'WikiLeaks', tree: 'WikiLeaks' },
  { q: 'tax*', tree: 'tax*' },
  { q: '"tax returns"', tree: '"tax returns"' },
  { q: '"say \\"hi\\" now"', tree: '"say "hi" now"' },
  { q: '"back\\\\slash"', tree: '"back\\slash"' },
  { q: '"a\\b"', tree: '"a\\b"' },
  { q: '"tax"', tree: '"tax"' },
  { q: 'møte Tromsø', tree: '(and møte Tromsø)' },
  { q: "father's", tree: "father's" },
  { q: 'e-mail', tree: 'e-mail' },
  { q: '3.5', tree: '3.5' },
  { q: '10:30', tree: '10:30' },
  // implicit AND, operators, precedence NOT > AND > OR
  { q: 'a b c', tree: '(and a b c)' },
  { q: 'a AND b', tree: '(and a b)' },
  { q: 'a OR b', tree: '(or a b)' },
  { q: 'a b OR c', tree: '(or (and a b) c)' },
  { q: 'a OR b c', tree: '(or a (and b c))' },
  { q: 'a OR b AND c OR d', tree: '(or a (and b c) d)' },
  { q: 'NOT a b', tree: '(and (not a) b)' },
  { q: 'a NOT b', tree: '(and a (not b))' },
  { q: 'a AND NOT b', tree: '(and a (not b))' },
  { q: 'NOT NOT a', tree: '(not (not a))' },
  { q: '-a', tree: '(not a)' },
  { q: '--a', tree: '(not (not a))' },
  { q: '-"tax returns"', tree: '(not "tax returns")' },
  { q: '-(a OR b)', tree: '(not (or a b))' },
  { q: '(a OR b) c', tree: '(and (or a b) c)' },
  { q: '((a))', tree: 'a' },
  { q: 'a (b c)', tree: '(and a b c)' },
  { q: 'a OR (b OR c)', tree: '(or a b c)' },
  { q: 'a-b', tree: 'a-b' },
  { q: 'and or not', tree: '(and and or not)' },
  { q: 'x"y"', tree: '(and x "y")' },
  { q: 'a(b)', tree: '(and a b)' },
  // punctuation-only words carry nothing searchable and are left out
  { q: 'a & b', tree: '(and a b)' },
  { q: 'tax – returns', tree: '(and tax returns)' },
  { q: '-', tree: null },
  { q: '""', tree: null },
  { q: 'a OR &', tree: 'a' },
  { q: '-& a', tree: 'a' },
  // text fields
  { q: 'from:wikileaks', tree: 'from:wikileaks' },
  { q: 'FROM:wikileaks', tree: 'from:wikileaks' },
  { q: 'to:djtjr cc:x bcc:y', tree: '(and to:djtjr cc:x bcc:y)' },
  { q: 'participant:assange', tree: 'participant:assange' },
  { q: 'subject:"tax returns"', tree: 'subject:"tax returns"' },
  { q: 'body:emai*', tree: 'body:emai*' },
  { q: 'filename:report.pdf', tree: 'filename:report.pdf' },
  { q: 'mention:@wikileaks', tree: 'mention:@wikileaks' },
  { q: 'from:(a OR b)', tree: '(or from:a from:b)' },
  { q: 'from:(a -b "c d" e*)', tree: '(and from:a (not from:b) from:"c d" from:e*)' },
  { q: 'from:(a (b OR c))', tree: '(and from:a (or from:b from:c))' },
  { q: '-subject:re', tree: '(not subject:re)' },
  { q: 'from:OR', tree: 'from:OR' },
  { q: 'subject:re:', tree: 'subject:re:' },
  { q: 'from:to:x', tree: 'from:to:x' },
  { q: 'from:djtjr@example.com', tree: 'from:djtjr@example.com' },
  // links and URLs: ':' and '/' are kept; http: and https: are never fields
  { q: 'link:http://wlsearch.tk/', tree: 'link:http://wlsearch.tk/' },
  { q: 'link:wlsearch.tk', tree: 'link:wlsearch.tk' },
  { q: 'http://wlsearch.tk', tree: 'http://wlsearch.tk' },
  { q: 'https://example.com/a?b=c:d', tree: 'https://example.com/a?b=c:d' },
  { q: 'mailto:x@y.z', tree: 'mailto:x@y.z' },
  { q: 'git://host/repo', tree: 'git://host/repo' },
  { q: '"see http://wlsearch.tk now"', tree: '"see http://wlsearch.tk now"' },
  // exact fields (lower-cased, validated)
  { q: 'kind:email', tree: '=kind:email' },
  { q: 'kind:Post', tree: '=kind:post' },
  { q: 'lang:no lang:EN', tree: '(and =lang:no =lang:en)' },
  { q: 'lang:nb', tree: '=lang:no' },
  { q: 'platform:X', tree: '=platform:x' },
  { q: 'id:0123456789ABCDEF0123456789abcdef', tree: '=id:0123456789abcdef0123456789abcdef' },
  { q: 'thread:t1 conversation:16589206-39344374', tree: '(and =thread:t1 =conversation:16589206-39344374)' },
  { q: 'tag:"Needs Review"', tree: '=tag:needs review' },
  { q: 'tag:(a OR b)', tree: '(or =tag:a =tag:b)' },
  { q: 'folder:"Sent Items"', tree: '=folder:sent items' },
  { q: 'folder:Sen*', tree: '=folder:sen*' },
  { q: 'label:Important', tree: '=folder:important' },
  { q: 'LABEL:"Smith, J"', tree: '=folder:smith, j' },
  { q: 'folder:"søppel*"', tree: '=folder:søppel*' },
  // flags
  { q: 'is:private', tree: 'flag:private' },
  { q: 'is:PUBLIC wikileaks', tree: '(and flag:public wikileaks)' },
  { q: 'has:attachment OR has:link', tree: '(or flag:attachment flag:link)' },
  // dates
  { q: 'date:2016', tree: 'date[2016-01-01,2017-01-01)' },
  { q: 'date:2016-10', tree: 'date[2016-10-01,2016-11-01)' },
  { q: 'date:2016-12', tree: 'date[2016-12-01,2017-01-01)' },
  { q: 'date:2016-10-12', tree: 'date[2016-10-12,2016-10-13)' },
  { q: 'date:2016-02-29', tree: 'date[2016-02-29,2016-03-01)' },
  { q: 'date:2016-10..2016-11', tree: 'date[2016-10-01,2016-12-01)' },
  { q: 'date:2016..2017-06-30', tree: 'date[2016-01-01,2017-07-01)' },
  { q: 'date:2016-10..', tree: 'date[2016-10-01,-)' },
  { q: 'date:..2016-11', tree: 'date[-,2016-12-01)' },
  { q: 'after:2016-10-12', tree: 'date[2016-10-13,-)' },
  { q: 'before:2016-10-12', tree: 'date[-,2016-10-12)' },
  { q: 'after:2016', tree: 'date[2017-01-01,-)' },
  { q: 'date:"2016-06"', tree: 'date[2016-06-01,2016-07-01)' },
  // the example of the design document
  {
    q: 'wikileaks "tax returns" from:wikileaks to:djtjr date:2016-10..2016-11 -subject:re has:link',
    tree: '(and wikileaks "tax returns" from:wikileaks to:djtjr date[2016-10-01,2016-12-01) (not subject:re) flag:link)',
  },
  { q: 'from:wikileaks tax', tree: '(and from:wikileaks tax)' },
  { q: 'is:public wikileaks', tree: '(and flag:public wikileaks)' },
  { q: 'date:2016-06 meeting', tree: '(and date[2016-06-01,2016-07-01) meeting)' },
];

export const INVALID: InvalidCase[] = [
  { q: 'wikileaks "tax returns', column: 11, message: /unclosed quote starting at column 11/ },
  { q: '"abc\\"', column: 1, message: /unclosed quote/ },
  { q: ')', column: 1, message: /'\)' without '\('/ },
  { q: 'a ) b', column: 3, message: /'\)' without '\('/ },
  { q: '(a', column: 1, message: /'\(' at column 1 is never closed/ },
  { q: 'x (a (b)', column: 3, message: /never closed/ },
  { q: '()', column: 1, message: /nothing between '\('/ },
  { q: 'a ( ) b', column: 3, message: /nothing between/ },
  { q: 'a OR', column: 3, message: /'OR' at column 3 needs something on both sides/ },
  { q: 'OR a', column: 1, message: /'OR' .*both sides/ },
  { q: 'a OR OR b', column: 3, message: /'OR' .*both sides/ },
  { q: '(OR a)', column: 2, message: /'OR' .*both sides/ },
  { q: '(a OR)', column: 4, message: /'OR' .*both sides/ },
  { q: 'a AND', column: 3, message: /'AND' .*both sides/ },
  { q: 'AND a', column: 1, message: /'AND' .*both sides/ },
  { q: 'a AND OR b', column: 3, message: /'AND' .*both sides/ },
  { q: 'NOT', column: 1, message: /'NOT' at column 1 needs something/ },
  { q: 'a NOT', column: 3, message: /'NOT' .*needs something/ },
  { q: 'NOT OR a', column: 1, message: /'NOT' .*needs something/ },
  { q: '-OR a', column: 1, message: /'-' .*needs something/ },
  { q: 'from:', column: 1, message: /nothing after 'from:'/ },
  { q: 'a from: b', column: 3, message: /nothing after 'from:'/ },
  { q: '(from:)', column: 2, message: /nothing after 'from:'/ },
  { q: 'from:&', column: 1, message: /'from:' .*letters or digits/ },
  { q: 'from:""', column: 1, message: /'from:' .*letters or digits/ },
  { q: 'tag:""', column: 1, message: /nothing after 'tag:'/ },
  { q: 'from:()', column: 6, message: /nothing between/ },
  { q: 'from:(a', column: 6, message: /never closed/ },
  { q: 'from:(a to:b)', column: 9, message: /'to:' .*cannot be used inside 'from:/ },
  { q: 'foo:bar', column: 1, message: /unknown field 'foo:'.*known fields: from: to: .*before:/ },
  { q: 'wikileaks re:tax', column: 11, message: /unknown field 're:'/ },
  { q: 'a -subjekt:x', column: 4, message: /unknown field 'subjekt:'/ },
  { q: 'ta*x', column: 3, message: /'\*' .*only allowed at the end/ },
  { q: '*tax', column: 1, message: /'\*' .*needs letters before/ },
  { q: '*', column: 1, message: /'\*'/ },
  { q: 'tax**', column: 4, message: /'\*'/ },
  { q: 'kind:mail', column: 6, message: /kind.*email, message, post/ },
  { q: 'kind:em*', column: 8, message: /exact value/ },
  { q: 'folder:se*nt', column: 10, message: /exact value/ },
  { q: 'folder:"/"', column: 9, message: /'folder:' .*needs a word/ },
  { q: 'lang:eng', column: 6, message: /2-letter/ },
  { q: 'lang:1x', column: 6, message: /2-letter/ },
  { q: 'is:nice', column: 4, message: /is:private, is:public/ },
  { q: 'has:attachments', column: 5, message: /has:attachment, has:link/ },
  { q: 'is:link', column: 4, message: /is:private/ },
  { q: 'date:2016-13', column: 11, message: /month 13/ },
  { q: 'date:2016-00', column: 11, message: /month 00/ },
  { q: 'date:2016-02-30', column: 14, message: /day 30 .*29 days/ },
  { q: 'date:2015-02-29', column: 14, message: /day 29 .*28 days/ },
  { q: 'date:2016-04-31', column: 14, message: /day 31/ },
  { q: 'date:16-10', column: 6, message: /not a date; expected YYYY, YYYY-MM or YYYY-MM-DD/ },
  { q: 'date:2016-1', column: 6, message: /not a date/ },
  { q: 'date:2016/10/12', column: 6, message: /not a date/ },
  { q: 'date:yesterday', column: 6, message: /not a date/ },
  { q: 'date:0999', column: 6, message: /year 0999/ },
  { q: 'date:..', column: 6, message: /needs a date on at least one side/ },
  { q: 'date:2016-11..2016-10', column: 6, message: /ends .*before it starts/ },
  { q: 'date:2016..2017..2018', column: 12, message: /one '\.\.'/ },
  { q: 'date:2016-10..2016-13', column: 20, message: /month 13/ },
  { q: 'after:2016..2017', column: 7, message: /'after:' .*one date, not a range/ },
  { q: 'before:..2017', column: 8, message: /'before:' .*not a range/ },
  { q: 'date:"2016 10"', column: 7, message: /not a date/ },
  { q: '😀 a "x', column: 5, message: /unclosed quote starting at column 5/ },
];
