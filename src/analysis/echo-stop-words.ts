/**
 * Words that never count as evidence that a public post echoes a private message: function
 * words, auxiliaries, pronouns and the everyday fillers of correspondence ("thanks", "hei").
 * Two texts sharing "the", "would" or "ikke" say nothing about each other, however rare such a
 * word happens to be in a small case (in a case of twenty messages every word is rare).
 *
 * The lists are data, written by hand for innsyn: English, and Norwegian bokmål with the
 * commonest nynorsk forms. They are compared with the folded form of a word (fold-text.ts:
 * "på" → "pa", "være" → "vaere") and with its stem, so both are folded here once at load.
 */
import { foldText } from '../model/text/analyzer.js';

const ENGLISH = `
a about above after again against all almost also although always am among an and another any
anybody anyone anything anyway anywhere are aren around as at away back be became because become
been before being below beside besides between both but by can cannot could couldn did didn do
does doesn doing don done down during each either else enough even ever every everybody everyone
everything few for from further get gets getting got gotten had hadn has hasn have haven having he
her here hers herself him himself his how however i if in into is isn it its itself just least
less let lets like made make many may maybe me might mine more most much must my myself neither
never no nobody none nor not nothing now of off often oh ok okay on once one only onto or other
others otherwise our ours ourselves out over own per perhaps please quite rather re really same
shall she should shouldn since so some somebody someone something sometimes still such than thank
thanks that the their theirs them themselves then there these they this those though through thus
to too toward towards under until up upon us very via was wasn we well were weren what whatever
when whenever where whether which while who whoever whole whom whose why will with within without
won would wouldn yeah yes yet you your yours yourself yourselves hi hello hey dear regards best
cheers ll ve also get go goes going gone went come comes came say says said tell told know knew
known think thought want wants wanted see seen saw look looks take took taken give gave given
`;

const NORWEGIAN = `
alle allerede alltid andre annen annet at av bak bare begge ble bli blir blitt bort da dei
deim deira deires dem den denne der deres derfor dersom det dette di din disse dit ditt du dykk
dykkar eg ein eit eitt eller elles en ene eneste enn er et ett etter for fordi fra fram før først
gjennom gjør gjøre gjorde ha hadde han hans har hatt hennar henne hennes her hjå ho hoe honom
hoss hossen hun hva hvem hver hvilke hvilken hvis hvor hvordan hvorfor i ikke ikkje ingen inn
inni ja jeg kan kom kun kunne kva kvar kvarhelst kven kvi kvifor man mange me med medan meg meget
mellom men mens mer mest mi min mine mitt mot mykje må måtte ned nei no noe noen noka noko nokon
nokor nokre nå når og også om opp oss over på sa samme seg selv si sia sidan siden sin sine
sist sitt sjøl skal skulle slik slike so som somme somt så til tilbake under upp
ut uten var vart varte ved vere verte vi vil ville vore vors vort vår være vært å hei hallo takk
tusen hilsen mvh vennlig ok jo vel nok litt bra fikk får få gå går gikk sier sagt
`;

function foldedSet(...lists: string[]): ReadonlySet<string> {
  const out = new Set<string>();
  for (const list of lists) for (const w of list.split(/\s+/)) if (w !== '') out.add(foldText(w));
  return out;
}

/** Folded English and Norwegian stop words (see the module comment). */
export const ECHO_STOP_WORDS: ReadonlySet<string> = foldedSet(ENGLISH, NORWEGIAN);

/** Whether a folded word (or stem) is a stop word. */
export function isEchoStopWord(folded: string): boolean {
  return ECHO_STOP_WORDS.has(folded);
}
