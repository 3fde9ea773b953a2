/**
 * Issue 14 item 1: every status and every refusal explains itself. One table: rule ID (../shared/domain/RULES.md) →
 * the seed section it rests on (`003 2.3.1` = document 003, section 2.3.1; `000 2019-11-01` = the FAQ entry of that
 * day; `RULES.md` = a decision of this API where the sources are silent) and one plain sentence in Danish and English.
 * Copied from RULES.md at build time: the running API never reads ../shared. Sentences may hold `{name}` placeholders,
 * filled from the params of `reason()`; `variants` give a status its own sentence under the same rule.
 */

export type Language = 'da' | 'en';

/** `{ ruleId, source, text }` as the GraphQL `Reason` type serves it. */
export interface Reason {
  ruleId: string;
  source: string;
  text: string;
}

interface Sentence { da: string; en: string }
interface ReasonEntry extends Sentence { source: string; variants?: Record<string, Sentence> }

const R = (source: string, da: string, en: string, variants?: Record<string, Sentence>): ReasonEntry => ({ source, da, en, variants });

export const REASONS: Readonly<Record<string, ReasonEntry>> = {
  // TG — target groups
  'TG-1': R('003 intro, 2.1', 'Din målgruppe har pligt til selv at booke jobsamtaler.', 'Your target group has the duty to book job interviews yourself.'),
  'TG-2': R('002', 'Jobcentret kan tilbyde selvbooking som en frivillig mulighed for andre grupper.', 'The jobcenter may offer self-booking as a voluntary option to other groups.'),
  'TG-3': R('003 1.1', 'Ledighed opgøres sammenlagt for forsikrede ledige og sammenhængende for andre grupper.', 'Unemployment is counted cumulatively for insured unemployed and continuously for other groups.'),
  'TG-4': R('003 2.9.1, 2.15', 'Personer i jobafklaring er ikke tilmeldt som jobsøgende og afmeldes derfor ikke.', 'Persons in job clarification are not registered as job seekers, so they are never deregistered.'),
  'TG-5': R('004', 'Under mindre intensiv indsats er der ingen pligt til jobsamtaler og ingen frister.', 'Under less intensive effort there is no duty to attend job interviews and no deadlines.'),
  'TG-6': R('003 2.10', 'Er du fritaget for at være aktivt jobsøgende, får du fristen skriftligt uden for Jobnet.', 'If you are exempted from being actively job-seeking, the deadline is sent to you in writing outside Jobnet.'),
  // CC — the contact course
  'CC-1': R('003 1.1', 'I de første 6 måneders ledighed skal du have mindst 4 individuelle jobsamtaler.', 'In the first 6 months of unemployment you must have at least 4 individual job interviews.'),
  'CC-2': R('003 1.1.1', 'Som forsikret ledig skal du have mindst 6 samtaler i de første 6 måneder, heraf 2 fælles samtaler med a-kassen.', 'As insured unemployed you must have at least 6 interviews in the first 6 months, 2 of them joint interviews with the a-kasse.'),
  'CC-3': R('003 1.1.1', 'Den første fælles samtale holdes senest efter 3 måneders ledighed, den anden mellem 3 og 6 måneder.', 'The first joint interview is held by 3 months of unemployment, the second between 3 and 6 months.'),
  'CC-4': R('003 1.1', 'Efter de første 6 måneder aftales kontaktforløbet individuelt.', 'After the first 6 months the contact course is agreed individually.'),
  'CC-5': R('003 1.1.1', 'CV-samtalen i a-kassen er ikke en del af kontaktforløbet.', 'The CV interview at the a-kasse is not part of the contact course.'),
  'CC-6': R('000 2018-07-06', 'Samtaler holdt fra første dag i dagpengeperioden tæller med.', 'Interviews held from the first day of the benefit period count.'),
  'CC-7': R('003 1.1', 'Et krav i kontaktforløbet er i fare, når der er færre dage tilbage end 15 pr. manglende samtale.', 'A contact-course requirement is at risk when fewer than 15 days per missing interview are left.', {
    MET: { da: 'Kravet er opfyldt: {held} af {required} samtaler er holdt.', en: 'The requirement is met: {held} of {required} interviews are held.' },
    DUE: { da: 'Kravet kan nås: {held} af {required} samtaler holdt, sidste dag er {lastDay}.', en: 'The requirement is still reachable: {held} of {required} interviews held, the last day is {lastDay}.' },
    AT_RISK: { da: 'Kravet er i fare: {missing} samtale(r) mangler, og der er kun {daysLeft} dage til {lastDay}.', en: 'The requirement is at risk: {missing} interview(s) missing and only {daysLeft} days left until {lastDay}.' },
    MISSED: { da: 'Kravet blev ikke opfyldt inden {lastDay}.', en: 'The requirement was not met by {lastDay}.' },
  }),
  'CC-8': R('003 2.9.1', 'Efter 1 måned eller mere uden ydelse starter kontaktforløbet forfra.', 'After 1 month or more without benefit the contact course starts over.'),
  'CC-9': R('003 2.1', 'Jobcentret indkalder til den første samtale senest 1 uge efter første henvendelse.', 'The jobcenter calls you in to the first interview at the latest 1 week after first contact.'),
  'CC-10': R('RULES.md', 'Kontaktforløbet vises som data uden egne regler i brugerfladen.', 'The contact course is shown as data, without rules of its own in the frontend.'),
  'CC-11': R('003 1.1', 'Efter de første 6 måneder har du ret til en jobsamtale, når du beder om det.', 'After the first 6 months you have a right to a job interview on request.'),
  // DL — deadlines
  'DL-1': R('003 2.2; 001', 'Jobcentret giver en frist for selvbooking af en jobsamtale.', 'The jobcenter issues a deadline to self-book a job interview.'),
  'DL-2': R('003 2.2; 000 2016-09-14', 'Sidste frist for booking er mindst 8 dage efter, at fristen er synlig.', 'The last day to book is at least 8 days after the deadline becomes available.'),
  'DL-3': R('003 2.2; 001', 'Samtalen skal holdes senest 7 dage efter sidste frist for booking.', 'The interview must be held at the latest 7 days after the last day to book.'),
  'DL-4': R('003 2.6', 'Du kan kun have én aktiv frist; en ny frist lukker den gamle.', 'You can have only one active deadline; a new one closes the old one.'),
  'DL-5': R('003 2.11; 004', 'Der gives ingen frist til den, der er fritaget, frataget, under mindre intensiv indsats eller afmeldt.', 'No deadline is issued to a citizen who is exempted, revoked, under less intensive effort or deregistered.'),
  'DL-6': R('003 2.15', 'En ferie tæller kun, hvis den er meldt mindst 2 uger før; dagene i den tæller ikke med i fristen.', 'A holiday counts only if notified at least 2 weeks before; its days do not count towards the deadline.'),
  'DL-7': R('RULES.md', 'Fristens status.', 'The status of the deadline.', {
    OPEN: { da: 'Fristen er åben: book en jobsamtale senest {bookBy}.', en: 'The deadline is open: book a job interview by {bookBy}.' },
    BOOKED: { da: 'Fristen er opfyldt: der er booket en jobsamtale.', en: 'The deadline is fulfilled: a job interview is booked.' },
    CLOSED: { da: 'Fristen er lukket administrativt ({closeReason}).', en: 'The deadline was closed administratively ({closeReason}).' },
    EXPIRED: { da: 'Fristen er udløbet: der blev ikke booket en samtale senest {bookBy}.', en: 'The deadline expired: no interview was booked by {bookBy}.' },
    LAPSED: { da: 'Fristen er forældet.', en: 'The deadline has lapsed.' },
  }),
  'DL-8': R('000 2019-11-01', 'En booket frist lukkes, når dagen for samtalen kommer.', 'A booked deadline is closed when the day of its interview arrives.'),
  'DL-9': R('000 2019-11-01; 000 2017-02-06', 'En holdt jobsamtale lukker den aktive frist.', 'A held job interview closes the active deadline.'),
  'DL-10': R('003 2.3', 'Jobcentret kan forlænge en frist med en begrundelse.', 'The jobcenter may extend a deadline, with a reason.'),
  'DL-11': R('003 2.2', 'Du får besked og påmindelser om fristen, hvis du har tilmeldt dig SMS eller e-mail.', 'You get a notice and reminders of the deadline if you subscribed to SMS or e-mail.'),
  'DL-12': R('RULES.md', 'Aflyser jobcentret en selvbooket samtale, oplyses det, hvad der sker med fristen.', 'When the jobcenter cancels a self-booked interview, it states what happens with the deadline.'),
  'DL-13': R('003 2.15', 'Fristen falder i en ferie eller et uddannelsesforløb: konsekvenserne begynder først {from}.', 'The deadline falls in a holiday or education period: its consequences start only on {from}.'),
  // SL — slots and booking
  'SL-1': R('003 2.13.1', 'Jobcentret udbyder tider til booking.', 'The jobcenter publishes slots to book.'),
  'SL-2': R('RULES.md', 'Du kan booke en ledig tid hos dit jobcenter, når du har en åben frist eller skal straksbooke.', 'You may book a free slot at your jobcenter when you have an open deadline or must book at once.'),
  'SL-3': R('RULES.md', 'Tiden er netop booket af en anden; vælg en anden tid.', 'The slot was just booked by someone else; choose another slot.'),
  'SL-4': R('003 2.4', 'Ombooking sker på samme betingelser som booking og inden jobcentrets frist for ombooking.', 'Rebooking follows the same conditions as booking and the jobcenter\'s rebooking cutoff.'),
  'SL-5': R('003 2.3, 2.12', 'Er der ingen ledig tid, skal du kontakte jobcentret.', 'If no slot is free, contact the jobcenter.'),
  'SL-6': R('003 2.2', 'Telefon- og videosamtaler bookes som fremmødesamtaler.', 'Phone and video interviews are booked like in-person ones.'),
  'SL-7': R('RULES.md', 'Den, der er fritaget eller frataget, kan ikke selv booke; fælles samtaler kan ikke selvbookes.', 'An exempted or revoked citizen cannot self-book; joint interviews cannot be self-booked.'),
  // MT — meetings
  'MT-1': R('002', 'En samtale har en type, en oprindelse, en form og et tidspunkt.', 'A meeting has a type, an origin, a form and a time.'),
  'MT-2': R('000 2017-09-11', 'Du kan kun have én planlagt jobsamtale eller opfølgning ad gangen.', 'You can have only one planned job interview or follow-up at a time.'),
  'MT-3': R('003 2.1; 000 2018-02-13', 'Jobcentret kan indkalde til en jobsamtale.', 'The jobcenter may call you in to a job interview.'),
  'MT-4': R('003 2.6', 'En samtale holdt med det samme, når du møder op, registreres som walk-in.', 'An interview held at once when you turn up is registered as a walk-in.'),
  'MT-5': R('003 2.6', 'Jobcentret registrerer udfaldet af hver samtale.', 'The jobcenter registers the outcome of every meeting.'),
  'MT-6': R('003 2.16', 'Andre samtaler kan tilbydes til selvbooking med en sidste dag.', 'Other meetings may be offered for self-booking with a last day.'),
  'MT-7': R('RULES.md', 'Du kan ikke være i to samtaler på samme tid.', 'You can never be in two meetings at overlapping times.'),
  'MT-8': R('RULES.md', 'Det samme besøg registreres kun én gang.', 'One visit is registered only once.'),
  // NS — no-shows
  'NS-1': R('003 2.15', 'Ved udeblivelse gives en ny frist, eller du indkaldes.', 'After a no-show a new deadline is issued, or you are called in.'),
  'NS-2': R('000 2018-02-13', 'Udeblivelse fra en selvbooket samtale kan sanktioneres som fra en indkaldt.', 'A no-show from a self-booked meeting may be sanctioned like one from a call-in.'),
  'NS-3': R('000 2016-12-21', 'Som forsikret ledig meldes udeblivelse til a-kassen.', 'As insured unemployed a no-show is reported to the a-kasse.'),
  // JI — joint interviews
  'JI-1': R('003 2.1, 2.13.2', 'Fælles samtaler med a-kassen indkaldes altid af jobcentret og kan ikke selvbookes.', 'Joint interviews with the a-kasse are always called in by the jobcenter and cannot be self-booked.'),
  'JI-2': R('000 2016-04-06, 2016-08-23; 003 1.1.1', 'Du kan fravælge a-kassens deltagelse; det registreres af jobcentret eller a-kassen.', 'You may opt out of the a-kasse\'s participation; the jobcenter or the a-kasse registers it.'),
  'JI-3': R('000 2016-08-23; 003 2.13.2', 'Samtalen er stadig en fælles samtale efter et fravalg.', 'The meeting stays a joint interview after an opt-out.'),
  'JI-4': R('000 2016-08-23', 'Både jobcentret og a-kassen ser fravalget.', 'Both the jobcenter and the a-kasse see the opt-out.'),
  'JI-5': R('003 1.1.1', 'A-kassen deltager i den første fælles samtale, når du beder om det.', 'The a-kasse takes part in the first joint interview when you ask for it.'),
  'JI-6': R('003 1.1.1', 'A-kassen kan deltage på video, medmindre du beder om fremmøde.', 'The a-kasse may take part by video unless you ask for it in person.'),
  'JI-7': R('000 2015-08-11', 'Den fælles samtale efter 16 måneder holdes ved fremmøde.', 'The 16-month joint interview is held in person.'),
  // RG — deregistration, re-registration, immediate booking
  'RG-1': R('003 2.3.1, 2.14', 'Som forsikret ledig afmeldes du som jobsøgende dagen efter en overskredet frist.', 'As insured unemployed you are deregistered as job seeker the day after a missed deadline.', {
    PENDING: { da: 'Fristen {bookBy} er overskredet: du afmeldes som jobsøgende fra {from}.', en: 'The deadline {bookBy} was missed: you are deregistered as job seeker from {from}.' },
    DEREGISTERED: { da: 'Du er afmeldt som jobsøgende fra {from}, fordi fristen blev overskredet.', en: 'You are deregistered as job seeker from {from} because the deadline was missed.' },
  }),
  'RG-2': R('003 2.12.1', 'Ved afmelding sendes et afmeldebrev.', 'A deregistration letter is sent on deregistration.'),
  'RG-3': R('003 2.3.1', 'Gentilmelding samme dag som afmeldingen har ingen betydning for ydelsen.', 'Re-registering on the day the deregistration takes effect has no consequence for benefit.'),
  'RG-4': R('003 2.5, 2.7', 'Din frist er udløbet uden booking: du skal straksbooke en samtale, næste gang du logger på.', 'Your deadline expired without a booking: you must book an interview at once when you next log in.'),
  'RG-5': R('003 2.7.1, 2.9.3', 'Du gentilmeldte dig inden 3 måneder efter en udløbet frist: du skal straksbooke.', 'You re-registered within 3 months of an expired deadline: you must book at once.'),
  'RG-6': R('003 2.7.1, 2.7.2', 'Jobcentret eller a-kassen gentilmeldte dig: du skal straksbooke ved næste login.', 'The jobcenter or the a-kasse re-registered you: you must book at once at your next login.'),
  'RG-7': R('003 2.15', 'Andre grupper afmeldes ikke for en overskredet frist, men skal straksbooke.', 'Other groups are not deregistered for a missed deadline but must book at once.'),
  'RG-8': R('003 2.7.2, 2.15', 'Din frist udløb under sygdom: du skal straksbooke, når du er raskmeldt.', 'Your deadline expired while you were sick: you must book at once after your recovery report.'),
  'RG-9': R('003 2.9.3', 'Er næste samtale en fælles samtale, bliver ingen frist aktiv ved gentilmelding.', 'When the next interview is a joint interview, no deadline becomes active at re-registration.'),
  'RG-10': R('003 2.14', 'En afmelding, jobcentret var skyld i, markeres for a-kassen.', 'A deregistration the jobcenter caused is marked for the a-kasse.'),
  // LP — lapse
  'LP-1': R('003 2.9.1', 'Fristen er forældet: der gik 3 måneder eller mere fra afmelding til gentilmelding.', 'The deadline lapsed: 3 months or more passed from deregistration to re-registration.'),
  'LP-2': R('003 2.9.1', 'Fristen er forældet ved udgangen af måneden efter sidste frist for booking.', 'The deadline lapsed at the end of the month after its last day to book.'),
  // EX — exemption and revocation
  'EX-1': R('003 2.11.1', 'Du er fritaget for selvbooking.', 'You are exempted from self-booking.'),
  'EX-2': R('003 2.11.1', 'Er du uenig i en fritagelse, træffer jobcentret en skriftlig afgørelse.', 'If you disagree with an exemption, the jobcenter makes a written decision.'),
  'EX-3': R('003 2.11.2', 'Din ret til selvbooking er frataget.', 'Your right to self-book is revoked.'),
  'EX-4': R('RULES.md', 'Ved fritagelse eller fratagelse lukkes den aktive frist.', 'On exemption or revocation the active deadline is closed.'),
  // SA — sanctions
  'SA-1': R('003 2.5', 'Du overskred fristen: jobcentret vurderer, om du fortsat er berettiget til ydelse.', 'You missed the deadline: the jobcenter assesses whether you still meet the conditions for benefit.'),
  'SA-2': R('003 2.5', 'Uden rimelig grund fratrækkes én dagsats for hver dag fra sidste frist, til du booker eller kontakter jobcentret.', 'Without reasonable cause one daily rate is deducted for each day from the deadline until you book or contact the jobcenter.', {
    PENDING: { da: 'Indtil du booker eller kontakter jobcentret, tæller dagene fra {bookBy}.', en: 'Until you book or contact the jobcenter, the days count from {bookBy}.' },
    WOULD_DEDUCT: { da: 'Uden rimelig grund fratrækkes {days} dagsats(er): dagene fra {bookBy} til {contactOn}.', en: 'Without reasonable cause {days} daily rate(s) are deducted: the days from {bookBy} to {contactOn}.' },
    DEDUCTION: { da: 'Der fratrækkes {days} dagsats(er): dagene fra {bookBy} til {contactOn}.', en: '{days} daily rate(s) are deducted: the days from {bookBy} to {contactOn}.' },
    REASONABLE_CAUSE: { da: 'Der var rimelig grund ({cause}): intet fratræk.', en: 'There was reasonable cause ({cause}): nothing is deducted.' },
  }),
  'SA-3': R('003 2.5.1', 'Som forsikret ledig er det a-kassen, ikke jobcentret, der afgør sagen om ydelse.', 'As insured unemployed the a-kasse, not the jobcenter, decides on benefit.'),
  // EV — events
  'EV-1': R('RULES.md', 'Hændelser logges i rækkefølge sammen med ændringen.', 'Events are logged in order with the change that caused them.'),
  'EV-2': R('RULES.md', 'A-kassen læser sine medlemmers hændelser i rækkefølge.', 'The a-kasse reads its members\' events in order.'),
  // ST — statistics
  'ST-1': R('001', 'Andelen af selvbookede samtaler pr. jobcenter og måned.', 'The self-booking share per jobcenter and month.'),
  'ST-2': R('003 2.4, 2.7.1, 2.9.2', 'Jobcentret følger op på borgere uden frist og uden planlagt samtale.', 'The jobcenter follows up on citizens with neither a deadline nor a planned interview.'),
  'ST-3': R('003 2.1', 'En samtale holdt ved første kontakt tæller som indkaldt.', 'An interview held at first contact counts as called in.'),
  // GU — guidance
  'GU-1': R('003 3', 'Du skal vejledes om selvbooking og om, hvad der sker, hvis du ikke booker.', 'You must be guided about self-booking and what happens if you do not book.'),
  // CZ — citizens
  'CZ-1': R('RULES.md', 'Tilmelding som jobsøgende sker i borgerens jobcenter.', 'Registration as a job seeker is made by the citizen\'s jobcenter.', {
    REGISTERED: { da: 'Du er tilmeldt som jobsøgende fra {from}.', en: 'You are registered as a job seeker from {from}.' },
  }),
  'CZ-2': R('RULES.md', 'Et skift af målgruppe gælder fra en dato.', 'A change of target group takes effect from a date.'),
  'CZ-3': R('RULES.md', 'Første dag i dagpengeperioden meldes af a-kassen eller jobcentret.', 'The first day of the benefit period is reported by the a-kasse or the jobcenter.'),
  'CZ-4': R('RULES.md', 'Et skift af a-kasse gælder fra en dato.', 'A change of a-kasse takes effect from a date.'),
  'CZ-5': R('RULES.md', 'Ved flytning overgår du til det nye jobcenter fra en dato.', 'On relocation you move to the new jobcenter from a date.'),
  'CZ-6': R('RULES.md', 'Ved afmelding lukkes den aktive frist, og planlagte samtaler aflyses.', 'On deregistration the active deadline is closed and planned interviews are cancelled.'),
  'CZ-7': R('003 2.2', 'Du vælger selv, om du vil have beskeder på SMS og/eller e-mail.', 'You choose whether notices come by SMS and/or e-mail.'),
  'CZ-8': R('RULES.md', 'Alle breve, systemet sender, kan læses af borgeren og jobcentret.', 'Every letter the system sends can be read by the citizen and the jobcenter.'),
  'CZ-9': R('RULES.md', 'Et jobcenters borgere kan indlæses fra en fil med de samme kontroller.', 'A jobcenter\'s caseload can be loaded from a file with the same checks.'),
  'CZ-10': R('RULES.md', 'CPR-nummeret er fortroligt og vises kun til borgeren og dennes jobcenter.', 'The CPR number is confidential: shown only to the citizen and their jobcenter.'),
  // IN — input limits
  'IN-1': R('RULES.md', 'Datoen ligger uden for det tilladte vindue.', 'The date lies outside its allowed window.'),
  'IN-2': R('RULES.md', 'Det, du ikke må se, vises ikke ad andre veje.', 'What you may not see is shown by no other path.'),
};

const RULE_ID = /\b[A-Z]{2}-\d+\b/g;

function fill(template: string, params?: Record<string, string | number | null | undefined>): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (params[name] == null ? whole : String(params[name])));
}

/** A reason before its language is known: what a pure rule function returns for the resolver to put in words. */
export interface ReasonKey {
  ruleId: string;
  variant?: string;
  params?: Record<string, string | number | null | undefined>;
}

/** The reasons of `keys` in `lang`. */
export function reasonsOf(keys: readonly ReasonKey[], lang: Language): Reason[] {
  return keys.map((k) => reason(k.ruleId, lang, k.variant, k.params));
}

/** One reason: the rule's source and its sentence (or the sentence of `variant`) in `lang`. */
export function reason(ruleId: string, lang: Language, variant?: string, params?: Record<string, string | number | null | undefined>): Reason {
  const entry = REASONS[ruleId];
  // Decision: a rule ID without an entry still names itself, so a citizen is never left without a reason (the unit
  // test keeps the table complete for every ID the code puts in a message).
  if (!entry) return { ruleId, source: 'RULES.md', text: ruleId };
  const sentence = (variant && entry.variants?.[variant]) || entry;
  return { ruleId, source: entry.source, text: fill(sentence[lang], params) };
}

/**
 * The reasons of a refusal: every rule ID in the message's leading rule part ("DL-5/EX-1: …" → DL-5, EX-1), in order.
 * Every user-error message starts with its rule ID, so this serves every `<Name>Error` type alike.
 */
export function reasonsOfMessage(message: string, lang: Language): Reason[] {
  const colon = message.indexOf(':');
  const head = colon >= 0 ? message.slice(0, colon) : message;
  const ids = [...new Set(head.match(RULE_ID) ?? [])];
  return ids.map((id) => reason(id, lang));
}

/** da → Danish; anything else (or no header) → English. Weights are honoured: the first language by q wins. */
export function languageOf(acceptLanguage: string | string[] | undefined): Language {
  const header = Array.isArray(acceptLanguage) ? acceptLanguage.join(',') : acceptLanguage ?? '';
  let best: { tag: string; q: number } | null = null;
  for (const part of header.split(',')) {
    const [tagPart, ...paramParts] = part.trim().split(';');
    const tag = tagPart.trim().toLowerCase();
    if (!tag) continue;
    const qParam = paramParts.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (!Number.isFinite(q) || q <= 0) continue;
    if (!best || q > best.q) best = { tag, q };
  }
  return best && (best.tag === 'da' || best.tag.startsWith('da-')) ? 'da' : 'en';
}
