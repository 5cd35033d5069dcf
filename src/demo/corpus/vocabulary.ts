/**
 * The words, names and places the benchmark corpus is made of. Written by hand for this
 * benchmark. Order matters: body words are drawn with a Zipf distribution over list position,
 * so the first words are the most frequent, like in real text. The benchmark queries
 * (bench-queries.ts) name words from here, so their hit counts are never zero.
 *
 * Every string is Latin-1-safe (æ ø å é ü at most) so any body can be sent as ISO-8859-1.
 */

/** English, most frequent first: function words, then office vocabulary. */
export const ENGLISH_WORDS: readonly string[] = (
  'the to and of a in for is that we on it this you be with will have are as at not our by from ' +
  'i can if or all but so they please your an do was would there about me meeting more has were ' +
  'should what their when up been us which one also out need just them time any new report budget ' +
  'project some next week could like know other these get now may let people only then into over ' +
  'think well make see before after team thanks going back because first still here work how ' +
  'today tomorrow call information last good very two year much take same discuss send review ' +
  'agreement draft contract attached board following question issue sure want proposal update ' +
  'numbers plan need schedule office client deadline changes support note comments morning ' +
  'afternoon monday tuesday wednesday thursday friday month quarter between those available ' +
  'again already since while without around through against during number three further data ' +
  'response request decision approval payment invoice account policy statement press media story ' +
  'source documents records minutes agenda committee council ministry government election campaign ' +
  'funding grant money transfer bank financial audit legal counsel lawyer risk compliance ' +
  'internal external confidential private public meeting letter email phone message list version ' +
  'final copy file folder link website article interview journalist editor publish release ' +
  'announcement strategy partner partners investor investors shares price market sales revenue ' +
  'costs expenses travel flight hotel conference visit dinner lunch coffee trip weekend holiday ' +
  'summer winter spring autumn early late soon quickly important urgent small large big long short ' +
  'high low right wrong true clear open closed ready happy sorry glad worried concerned possible ' +
  'different several many few each every both either another something nothing everything ' +
  'someone anyone everyone thing things way point case part place group company business service ' +
  'system problem solution result results analysis research study survey figures chart table ' +
  'slides presentation notes summary background context detail details reason purpose goal ' +
  'opportunity challenge concern follow confirm agree disagree understand explain suggest ' +
  'recommend consider expect hope believe remember forget check ask tell say said told wrote read ' +
  'write share forward reply answer meet join arrange organise prepare finish start continue change ' +
  'keep hold bring give receive provide include contact reach support help assist handle manage ' +
  'approve sign signed signature deal terms conditions offer counterparty negotiation settlement ' +
  'timeline milestone delivery shipment warehouse supplier vendor procurement tender bid'
).split(' ');

/** Norwegian (bokmål), most frequent first. */
export const NORWEGIAN_WORDS: readonly string[] = (
  'og i det som er på at en til med for av ikke jeg har de den vi om et så men var skal kan du ' +
  'vil fra være ble seg etter også hadde han hun dette eller over når må bare nå noe da meg oss ' +
  'her der alle mer hvis vår våre deres hva hvor hvordan hvorfor møte møtet rapport budsjett ' +
  'prosjekt neste uke kunne få gjøre se før tid tilbake fordi først fortsatt arbeid i dag i morgen ' +
  'samtale informasjon siste godt veldig to år mye ta samme diskutere sende gjennomgang avtale ' +
  'utkast kontrakt vedlagt styret følgende spørsmål sak sikker ønsker forslag oppdatering tall ' +
  'plan trenger timeplan kontor klient frist endringer støtte merknad kommentarer morgen ' +
  'ettermiddag mandag tirsdag onsdag torsdag fredag måned kvartal mellom tilgjengelig igjen ' +
  'allerede siden mens uten rundt gjennom mot under antall tre videre data svar forespørsel ' +
  'beslutning godkjenning betaling faktura konto retningslinjer uttalelse presse medier sak kilde ' +
  'dokumenter arkiv referat dagsorden utvalg kommunestyret departementet regjeringen regjering ' +
  'valget valgkamp finansiering tilskudd penger overføring banken økonomi revisjon juridisk ' +
  'advokat risiko intern ekstern fortrolig unntatt offentlighet offentlig brev epost telefon ' +
  'melding liste versjon endelig kopi fil mappe lenke nettside artikkel intervju journalist ' +
  'redaktør publisere pressemelding kunngjøring strategi partner investorer aksjer pris markedet ' +
  'salg inntekter kostnader utgifter reise fly hotell konferanse besøk middag lunsj kaffe tur helg ' +
  'ferie sommer vinter vår høst tidlig sent snart raskt viktig haster liten stor lang kort høy lav ' +
  'riktig feil klar åpen stengt glad lei bekymret mulig forskjellige flere mange få hver begge ' +
  'annen noe ingenting alt noen alle ting måte punkt del sted gruppe selskap bedrift tjeneste ' +
  'system problem løsning resultat analyse undersøkelse figur tabell presentasjon notat ' +
  'sammendrag bakgrunn detaljer grunn formål mål mulighet utfordring følge bekrefte enig uenig ' +
  'forstå forklare foreslå anbefale vurdere forventer håper tror huske glemme sjekke spørre ' +
  'fortelle si sa skrev lese skrive dele videresende svare treffe delta ordne forberede ferdig ' +
  'starte fortsette endre beholde holde gi motta inkludere kontakte hjelpe håndtere godkjenne ' +
  'signere signert vilkår tilbud forhandling forlik fremdrift leveranse leverandør anbud ' +
  'kommune fylke stortinget høring innstilling vedtak innsyn postjournal saksbehandler tiltak ' +
  'årsrapport næringsliv skatt skatteetaten eiendom tomt utbygging reguleringsplan fiskeri ' +
  'havbruk oppdrett laks kraftverk strøm nettleie ærlig særlig dessverre forøvrig nærmere ' +
  'gjerne således påstand utsagt ærbødig'
).split(' ');

/**
 * Rare terms: each message has a small chance of one. They make "rare term" queries return a
 * few dozen hits in 10k messages instead of thousands.
 */
export const RARE_TERMS: readonly string[] = (
  'zeolite molybdenum kryptonite ombudsperson subpoena arbitrage escrow offshore shellcompany ' +
  'panamaleaks whistleblower affidavit indictment embargo sanctions derivatives hedgefund ' +
  'kickback slushfund lobbyist gerrymander filibuster redaction tombstone bellwether ' +
  'tvangsmulkt konkursbo skatteparadis hvitvasking bestikkelse innsidehandel ' +
  'kvotehandel havvind hydrogenfabrikk lakselus fjellrev reinbeite strandsone'
).split(' ');

/** Two-word phrases that appear as-is in text, so that phrase queries match exactly. */
export const ENGLISH_PHRASES: readonly string[] = [
  'quarterly report',
  'board meeting',
  'press release',
  'conflict of interest',
  'due diligence',
  'per our conversation',
  'action items',
  'off the record',
];

export const NORWEGIAN_PHRASES: readonly string[] = [
  'unntatt offentlighet',
  'i morgen tidlig',
  'som avtalt',
  'etter møtet',
  'med vennlig hilsen',
  'til orientering',
  'på forhånd takk',
];

/** Subject lines by language; replies prefix "Re: " (English) or "SV: " (Norwegian clients). */
export const ENGLISH_SUBJECTS: readonly string[] = [
  'Budget for next quarter',
  'Meeting notes',
  'Draft agreement attached',
  'Quick question',
  'Invoice for services',
  'Follow up on our call',
  'Board meeting agenda',
  'Press release draft',
  'Travel plans',
  'Contract review',
  'Updated figures',
  'Lunch on Friday?',
  'Confidential: settlement terms',
  'Interview request',
  'Campaign funding update',
  'Latest numbers',
  'Proposal for the committee',
  'Invoice overdue',
  'Documents you asked for',
  'Schedule for next week',
  'Media strategy',
  'FYI',
  'Urgent: payment transfer',
  'Conference in Bergen',
];

export const NORWEGIAN_SUBJECTS: readonly string[] = [
  'Budsjett for neste kvartal',
  'Referat fra møtet',
  'Utkast til avtale',
  'Et raskt spørsmål',
  'Faktura for tjenester',
  'Oppfølging etter samtalen',
  'Dagsorden for styremøtet',
  'Pressemelding – utkast',
  'Reiseplaner',
  'Gjennomgang av kontrakten',
  'Oppdaterte tall',
  'Lunsj på fredag?',
  'Fortrolig: vilkår for forlik',
  'Forespørsel om intervju',
  'Høringssvar – frist',
  'Innsyn i postjournal',
  'Søknad om tilskudd',
  'Møte med departementet',
  'Årsrapport og økonomi',
  'Kraftverk på Ørland',
  'Tomt i strandsonen – søknad',
];

export const ENGLISH_FIRST_NAMES: readonly string[] = (
  'James Mary John Patricia Robert Jennifer Michael Linda William Elizabeth David Barbara ' +
  'Richard Susan Joseph Jessica Thomas Sarah Charles Karen Christopher Nancy Daniel Lisa ' +
  'Matthew Betty Anthony Margaret Mark Sandra Donald Ashley Steven Kimberly Paul Emily Andrew ' +
  'Donna Joshua Michelle Kenneth Carol Kevin Amanda Brian Melissa George Deborah Timothy ' +
  'Stephanie Ronald Rebecca Edward Sharon Jason Laura Jeffrey Cynthia Ryan Kathleen Jacob Amy'
).split(' ');

export const ENGLISH_LAST_NAMES: readonly string[] = (
  'Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez ' +
  'Gonzalez Wilson Anderson Taylor Moore Jackson Martin Lee Perez Thompson White Harris ' +
  'Sanchez Clark Ramirez Lewis Robinson Walker Young Allen King Wright Scott Torres Nguyen ' +
  'Hill Flores Green Adams Nelson Baker Hall Rivera Campbell Mitchell Carter Roberts ' +
  "O'Brien Podesta-Grey McAllister"
).split(' ');

export const NORWEGIAN_FIRST_NAMES: readonly string[] = (
  'Ole Kari Per Anne Jan Inger Lars Ingrid Bjørn Kristin Knut Marit Arne Solveig Svein Randi ' +
  'Geir Liv Terje Hilde Øyvind Åse Ørjan Kåre Sølvi Jørgen Mari Håkon Tone Øystein Gro ' +
  'Trond Siri Eirik Åsa Frøydis Sigurd Bodil Tor Ragnhild Stian Nora Magnus Ida Sindre ' +
  'Tuva Halvard Synnøve Audun Mette Dag Torild Håvard Bjørg Espen Jorunn Kjell Eli'
).split(' ');

export const NORWEGIAN_LAST_NAMES: readonly string[] = (
  'Hansen Johansen Olsen Larsen Andersen Pedersen Nilsen Kristiansen Jensen Karlsen Johnsen ' +
  'Pettersen Eriksen Berg Haugen Hagen Johannessen Andreassen Jacobsen Dahl Jørgensen ' +
  'Halvorsen Henriksen Lund Sørensen Jakobsen Moen Gundersen Iversen Strand Solberg Svendsen ' +
  'Eide Knutsen Martinsen Paulsen Bakken Kristoffersen Mathisen Lie Amundsen Nguyen Rasmussen ' +
  'Ødegård Sæther Løvås Bråthen Kjær Dæhli Nærø Bjørnstad Sørlie Græsdal Åsheim Fjære Hølaas'
).split(' ');

/** Mail domains: a few big providers (most mail) and a few dozen invented organisations. */
export const PROVIDER_DOMAINS: readonly string[] = [
  'gmail.com',
  'outlook.com',
  'hotmail.com',
  'online.no',
  'yahoo.com',
  'protonmail.com',
  'icloud.com',
  'live.no',
];

export const ORGANISATION_DOMAINS: readonly string[] = [
  'havbris.no',
  'nordvik-energi.no',
  'tindvik-kommune.no',
  'fjordpost.no',
  'austratt-advokat.no',
  'kvitfjell-invest.no',
  'solbakken-sykehus.no',
  'dagsavisa-nord.no',
  'bergstrom-partners.com',
  'greyharbor.com',
  'ashfield-capital.com',
  'meridian-strategies.com',
  'northgate-media.com',
  'bluewater-holdings.com',
  'redcliff-law.com',
  'pinecrest-pac.org',
  'civic-ledger.org',
  'openrecords-watch.org',
  'lindqvist-consulting.se',
  'kobenhavn-kapital.dk',
  'brightline-pr.com',
  'stonebridge-audit.com',
  'tidewater-shipping.com',
  'harborview-hotels.com',
  'westfjord-seafood.no',
  'nordlys-forlag.no',
  'polar-analytics.io',
  'ironwood-security.com',
];

/** Web links scattered through bodies (has:link, link: queries). */
export const URLS: readonly string[] = [
  'https://www.regjeringen.no/no/dokumenter/horing-om-endringer/id2950123/',
  'https://www.nrk.no/norge/sak-om-innsyn-1.16234567',
  'https://docs.example.com/d/1aB2cD3eF4gH5iJ6kL7mN8oP9/edit',
  'https://drive.example.org/file/d/0B7xYz_QwErTy/view?usp=sharing',
  'https://t.co/Xk4pLm9QzR',
  'https://bit.ly/3kQxZ2m',
  'https://www.youtube.com/watch?v=dQw4w9WgXcQ',
  'https://github.com/example/innsyn-bench/issues/42',
  'http://www.civic-ledger.org/reports/2021/q3-funding.pdf',
  'https://meet.example.com/abc-defg-hij',
  'https://www.ssb.no/statbank/table/07459/',
  'https://openrecords-watch.org/leaks/podesta/emails/emailid/1234',
  'https://www.vg.no/nyheter/innenriks/i/Xq1Lz7/',
  'https://www.aftenposten.no/norge/politikk/i/9Bv2pQ/',
  'https://www.ft.com/content/4c1a7e2e-0b7d-11eb-8f2a-3b7e9d2c1f00',
  'https://nordvik-energi.no/presse/pressemelding-havvind-2022',
];

/** Closing lines by language. */
export const ENGLISH_CLOSINGS: readonly string[] = [
  'Best regards,',
  'Thanks,',
  'Cheers,',
  'Best,',
  'Regards,',
];
export const NORWEGIAN_CLOSINGS: readonly string[] = [
  'Med vennlig hilsen',
  'Mvh',
  'Hilsen',
  'Takk!',
  'Beste hilsen',
];
