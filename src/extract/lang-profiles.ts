/**
 * Common words of each language that `detectLanguage` recognises: function words (articles,
 * pronouns, prepositions, conjunctions, auxiliaries) and the politeness words of
 * correspondence. Each occurrence of a listed word is one point for its language; a word
 * listed for several languages counts for each, so only the words that differ decide
 * between close languages. Lists are written for that:
 * - Danish / Norwegian share most function words; what differs is kept on both sides
 *   (af/av, nu/nå, mig/meg, hvad/hva, noget/noe, nogen/noen, meget/mye, efter/etter,
 *   blev/ble, havde/hadde, ud/ut, op/opp, os/oss, jer/dere, vores/vår, igen/igjen,
 *   mellem/mellom, måske/kanskje, tak/takk, hej/hei, gøre/gjøre, nej/nei, uden/uten …).
 *   Norwegian includes nynorsk forms (eg, ikkje, kva, ein, eit, frå, berre, mykje, dei, ho).
 * - Swedish is told from both by och, att, är, inte, jag, för, till, hur, från ….
 * Words are lower-case with their diacritics (detection does not fold: ø and ö are evidence).
 */

const PROFILES_TEXT: Readonly<Record<string, string>> = {
  en: `the be to of and a in that have i it for not on with he as you do at this but his by from they we
    say her she or an will my one all would there their what so up out if about who get which go me when
    make can like no just him know take into your some could them see other than then now only its also
    after how our well because any these us is are was were been has had did does should here very much
    more thanks please dear regards sorry yes`,
  no: `og i er det som på en et ei til å av for med har de ikke den jeg vi men om så var kan seg meg deg
    han hun ho dei eg ikkje kva korleis kvifor kven kor ein eit frå berre mykje vere vore vart noko nokon
    sjølv meir blir ble bli blitt skal skulle vil ville kunne må etter nå hva hvordan hvorfor hvem hvis
    noe noen mye litt mer også fra dette disse der her inn ut opp hadde være vært oss dere vår våre sin
    sitt sine hans hennes henne når fordi eller bare alle andre mellom gjennom igjen alltid aldri kanskje
    tilbake takk hei selv mange godt bra gjøre gjør sier si sa ja nei enn mot uten slik sånn nok helt
    ennå allerede at du før hos mens hvor da siden både enten verken`,
  da: `og i er det som på en et til at af for med har de ikke den jeg vi men om så var kan sig mig dig
    han hun hende ham dem blev bliver blive blevet skal skulle vil ville kunne må efter nu hvad hvordan
    hvorfor hvem hvis noget nogen nogle meget lidt mere også fra dette disse der her ind ud op havde være
    været os jer vores jeres sin sit sine hans hendes når fordi eller bare kun alle andre mellem gennem
    igen altid aldrig måske tilbage tak hej selv mange godt gøre gør siger sige sagde ja nej end mod
    uden sådan nok helt endnu allerede du før hos mens hvor da siden både enten hverken`,
  sv: `och i är det som på en ett till att av för med har de inte den jag vi men om så var kan sig mig
    dig han hon henne honom dem blev blir bli blivit ska skulle vill ville kunde måste efter nu vad hur
    varför vem något någon några mycket lite mer också från detta dessa där här in ut upp hade vara
    varit oss er vår våra sin sitt sina hans hennes när eftersom eller bara alla andra mellan genom igen
    alltid aldrig kanske tillbaka tack hej själv många bra göra gör säger säga sa ja nej än mot utan
    sådan nog helt ännu redan man du före hos medan då sedan både antingen`,
  de: `der die das und in zu den von ist nicht mit es sich auf ein eine ich dem des du er sie wir ihr auch
    an als wie was aber so noch nach bei aus wenn nur oder habe hat haben sind war wird werden kann
    können dass daß für über schon mehr sehr vor um durch man einen einem einer mir mich dich dir uns
    hier jetzt immer doch dann bitte danke gibt diese dieser ja nein gut heute ob keine kein wurde`,
  fr: `le la les de des du et à a un une est en que qui dans pour pas sur ne au aux il elle nous vous ils
    je tu on ce cette ces se sa son ses mais ou avec plus par très être avoir été fait faire comme tout
    tous aussi bien peut sont ont était avait mon ma mes leur leurs y si quand merci bonjour déjà encore
    où sans alors donc même chez qu c l d j n s m`,
  es: `el la los las de del y en que a un una es por con no se para su sus al lo como más pero le les me
    mi ya o este esta esto son está están muy también fue ser hay tiene han ha he todo todos cuando nos
    yo tú usted él ella sin sobre entre hasta desde porque qué gracias hola bien sí puede donde estos
    todavía`,
  nl: `de het een en van in is dat op te zijn voor met die niet aan er om ook als maar bij of dan nog wat
    ik je jij u we wij ze hij zij hem haar ons mijn heb heeft hebben was waren wordt worden kan kunnen
    zal zou moet naar uit over door tot wel geen meer al nu hier daar veel zo dit deze omdat waar hoe
    bedankt groeten graag jou`,
  it: `il lo la i gli le di del della dei delle e è che un una uno in per con non si da al alla sono come
    ma più anche questo questa mi ti ci ha hanno ho era essere fatto molto tutto tutti quando perché se
    già io lui lei noi voi loro suo sua grazie ciao dove nel nella sul sulla ancora ogni solo cosa`,
  pt: `o a os as de do da dos das e é que um uma em no na nos nas para por com não se ao à como mas mais
    também este esta isso isto eu ele ela nós você eles seu sua foi ser são está estão tem têm muito já
    quando porque obrigado obrigada olá onde pelo pela ainda sem sobre entre até`,
};

/** Language code → its common words. */
export const LANGUAGE_PROFILES: ReadonlyMap<string, ReadonlySet<string>> = new Map(
  Object.entries(PROFILES_TEXT).map(([lang, words]) => [
    lang,
    new Set(words.split(/\s+/).filter((w) => w !== '')),
  ]),
);
