import { Temporal } from 'temporal-polyfill';
import { ZONE } from '../shared/clock';
import type { LetterKind } from '../../generated/enums';

/**
 * CZ-8: every letter the system sends exists as an event (EV-1: LETTER_DEREGISTRATION, LETTER_DEADLINE,
 * LETTER_DECISION). These pure functions turn such an event into the readable document: date, sender, recipient,
 * subject and the paragraphs its rule requires. The document is rebuilt from the event each time, so what the
 * citizen reads is what was decided when the letter was sent (the event is append-only).
 */
export const LETTER_EVENT_TYPES = ['LETTER_DEREGISTRATION', 'LETTER_DEADLINE', 'LETTER_DECISION'] as const;
export type LetterEventType = (typeof LETTER_EVENT_TYPES)[number];

export interface LetterEvent {
  id: string;
  seq: string;
  type: LetterEventType;
  occurredAt: Temporal.Instant;
  citizenId: string;
  payload: Record<string, unknown>;
}

export interface LetterParties {
  /** The sending jobcenter's name (the jobcenter of the event). */
  sender: string;
  recipientName: string;
  /** Decision: the postal address when the system knows one; today it holds none, so the letter names the citizen only. */
  recipientAddress: string | null;
}

interface LetterParagraph {
  heading: string | null;
  text: string;
}

export interface LetterDocument {
  id: string;
  seq: string;
  citizenId: string;
  kind: LetterKind;
  /** The rule the letter carries out (RG-2, TG-6, EX-2, EX-3, SA-2). */
  rule: string;
  sentAt: Temporal.Instant;
  /** The day it was sent, in Europe/Copenhagen. */
  date: Temporal.PlainDate;
  sender: string;
  recipientName: string;
  recipientAddress: string | null;
  subject: string;
  paragraphs: LetterParagraph[];
}

/** `2026-03-10` → `10. marts 2026` (Danish long date, as in a letter). */
const MONTHS = ['januar', 'februar', 'marts', 'april', 'maj', 'juni', 'juli', 'august', 'september', 'oktober', 'november', 'december'];
export function danishDate(d: Temporal.PlainDate | string): string {
  const p = typeof d === 'string' ? Temporal.PlainDate.from(d) : d;
  return `${p.day}. ${MONTHS[p.month - 1]} ${p.year}`;
}

const EXEMPTION_REASONS: Record<string, string> = {
  POOR_IT_SKILLS: 'meget ringe it-kundskaber (very poor IT skills)',
  LANGUAGE_BARRIER: 'betydelige sproglige barrierer (significant language barriers)',
  DISABILITY: 'betydelig fysisk, kognitiv eller psykisk funktionsnedsættelse (significant physical, cognitive or mental disability)',
  SPECIAL_PREMISES: 'samtalen kræver særlige lokaliteter (the interview needs special premises)',
  INTERPRETER: 'samtalen kræver tolk (the interview needs an interpreter)',
};

/**
 * Decision: standard complaint guidance (klagevejledning) where the decision event carries none (the sanction
 * deduction, SA-2): a complaint about the jobcenter's decision goes through the jobcenter to Ankestyrelsen within
 * 4 weeks (LAB/retssikkerhedsloven, as on the municipality's decision letters).
 */
const STANDARD_COMPLAINT_GUIDANCE =
  'Du kan klage over afgørelsen. Klagen sendes til jobcentret inden 4 uger efter, at du har modtaget afgørelsen; ' +
  'fastholder jobcentret afgørelsen, sender det klagen videre til Ankestyrelsen. ' +
  '(You may complain about the decision. Send the complaint to the jobcenter within 4 weeks of receiving the decision; ' +
  'if the jobcenter upholds the decision, it forwards the complaint to the National Social Appeals Board.)';

const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);
const p = (heading: string | null, text: string): LetterParagraph => ({ heading, text });

/** The letter an event is, or undefined when the event is no letter (or one this version cannot read). */
export function composeLetter(e: LetterEvent, parties: LetterParties): LetterDocument | undefined {
  const body = letterBody(e, parties.sender);
  if (!body) return undefined;
  return {
    id: e.id, seq: e.seq, citizenId: e.citizenId, ...body,
    sentAt: e.occurredAt,
    date: e.occurredAt.toZonedDateTimeISO(ZONE).toPlainDate(),
    sender: parties.sender,
    recipientName: parties.recipientName,
    recipientAddress: parties.recipientAddress,
  };
}

type Body = Pick<LetterDocument, 'kind' | 'rule' | 'subject' | 'paragraphs'>;

function letterBody(e: LetterEvent, sender: string): Body | undefined {
  const x = e.payload;
  switch (e.type) {
    case 'LETTER_DEREGISTRATION':
      return deregistrationLetter(x);
    case 'LETTER_DEADLINE':
      return deadlineLetter(x, sender);
    case 'LETTER_DECISION':
      if (x.kind === 'EXEMPTION' || x.kind === 'REVOCATION') return selfBookingDecisionLetter(x);
      if (x.kind === 'SANCTION_DEDUCTION') return sanctionLetter(x);
      return undefined;
    default:
      return undefined;
  }
}

/**
 * RG-2 (003 2.12.1): the deregistration letter states that the citizen was deregistered, why, from when, that they can
 * re-register, and that benefits may be affected. RG-10: a deregistration the jobcenter caused (a recorded Jobnet
 * outage, or a mark `jobcenterCaused` with its reason on the event) says so, with the reason, so the letter documents
 * it for the a-kasse's dispensation.
 */
function deregistrationLetter(x: Record<string, unknown>): Body {
  const from = str(x.deregisteredFrom);
  const bookBy = str(x.bookBy);
  const paragraphs = [
    p(null, `Du er afmeldt som jobsøgende fra og med ${from ? danishDate(from) : 'den dag, afmeldingen fik virkning'}. ` +
      `(You are deregistered as a job seeker from ${from ?? 'the day it took effect'}.)`),
    p('Hvorfor (why)', bookBy
      ? `Du bookede ikke en jobsamtale senest ${danishDate(bookBy)}, som var din frist for selvbooking. (You did not book a job interview by ${bookBy}, your self-booking deadline.)`
      : 'Du bookede ikke en jobsamtale inden din frist for selvbooking. (You did not book a job interview by your self-booking deadline.)'),
    p('Tilmeld dig igen (re-register)', 'Du kan tilmelde dig igen som jobsøgende på Jobnet. Gør det hurtigst muligt; ' +
      'tilmelder du dig samme dag, som afmeldingen får virkning, har det ingen betydning for dine dagpenge. ' +
      '(You can re-register as a job seeker on Jobnet; do so as soon as possible. Re-registering on the day the deregistration takes effect has no consequence for your benefit.)'),
    p('Dine ydelser (your benefits)', 'Det kan få betydning for din ret til dagpenge eller anden ydelse, at du er afmeldt. Din a-kasse vurderer det. ' +
      '(Being deregistered may affect your unemployment benefit or other benefit. Your a-kasse decides.)'),
  ];
  const marks: string[] = [];
  if (x.systemOutage === true) marks.push('Jobnet havde driftsforstyrrelser på fristdagen (Jobnet had an outage on the deadline day)');
  if (x.jobcenterCaused === true || (typeof x.jobcenterCaused === 'object' && x.jobcenterCaused !== null)) {
    const reason = str(x.jobcenterCausedReason) ?? str((x.jobcenterCaused as { reason?: unknown } | null)?.reason ?? null)
      ?? 'jobcentret havde ikke ledige tider til dig inden fristen (the jobcenter had no free slots for you before the deadline)';
    marks.push(reason);
  }
  if (marks.length > 0) {
    paragraphs.push(p('Afmeldingen skyldes jobcentret (caused by the jobcenter, RG-10)',
      `Afmeldingen skyldes forhold, som jobcentret er ansvarlig for: ${marks.join('; ')}. Din a-kasse kan derfor give dispensation; gem dette brev som dokumentation. ` +
      '(The deregistration was caused by circumstances the jobcenter is responsible for; your a-kasse may grant a dispensation. Keep this letter as documentation.)'));
  }
  return { kind: 'DEREGISTRATION', rule: 'RG-2', subject: 'Du er afmeldt som jobsøgende (you have been deregistered as a job seeker)', paragraphs };
}

/**
 * TG-6 (003 2.10): a citizen exempted from being actively job-seeking gets the deadline in writing outside Jobnet:
 * the last day to book (bookBy), the last day the interview may be held (latestInterviewDate, DL-3), and how to book.
 * An extension (DL-10) of such a deadline is a letter too.
 */
function deadlineLetter(x: Record<string, unknown>, sender: string): Body {
  const extended = x.kind === 'DEADLINE_EXTENDED';
  const bookBy = str(x.bookBy) ?? '';
  const latest = str(x.latestInterviewDate) ?? '';
  const from = str(x.availableFrom);
  const paragraphs = [
    p(null, extended
      ? `Jobcentret har forlænget din frist for at booke en jobsamtale. Den nye frist er ${danishDate(bookBy)}. (The jobcenter has extended your deadline for booking a job interview to ${bookBy}.)`
      : `Du skal selv booke en jobsamtale med jobcentret senest ${danishDate(bookBy)}. (You must book a job interview with the jobcenter by ${bookBy}.)`),
    p('Frister (dates)', `${from ? `Du kan booke fra ${danishDate(from)}. ` : ''}Sidste dag at booke: ${danishDate(bookBy)}. Samtalen skal holdes senest ${danishDate(latest)}. ` +
      `(${from ? `You can book from ${from}. ` : ''}Last day to book: ${bookBy}. The interview must be held by ${latest}.)`),
    p('Sådan booker du (how to book)', `Book en ledig tid på Jobnet (jobnet.dk) under »Book samtale«. Kan du ikke bruge Jobnet, så kontakt ${sender} ` +
      `inden fristen, så booker vi tiden sammen med dig. (Book a free time on Jobnet (jobnet.dk) under "Book interview". If you cannot use Jobnet, contact ${sender} before the deadline and we will book it with you.)`),
    p('Hvis du ikke booker (if you do not book)', 'Booker du ikke inden fristen, skal du booke med det samme, næste gang du er i kontakt med os, og det kan få betydning for din ydelse. ' +
      'Har du en rimelig grund, for eksempel sygdom, så kontakt jobcentret. (If you do not book by the deadline you must book at once at your next contact, and it may affect your benefit. ' +
      'If you have a reasonable cause such as sickness, contact the jobcenter.)'),
  ];
  return {
    kind: extended ? 'DEADLINE_EXTENDED' : 'DEADLINE', rule: 'TG-6',
    subject: extended ? 'Din frist for at booke en jobsamtale er forlænget (your deadline has been extended)' : 'Frist for at booke en jobsamtale (deadline for booking a job interview)',
    paragraphs,
  };
}

/**
 * EX-2 / EX-3 (003 2.11.1, 2.11.2): a formal decision is written, with the decision, its justification and complaint
 * guidance. After a revocation the citizen is called in.
 */
function selfBookingDecisionLetter(x: Record<string, unknown>): Body {
  const revocation = x.kind === 'REVOCATION';
  const reason = str(x.reason);
  // An exemption's reason is stored as `CODE: note` (EX-1); show the code's words and the caseworker's note.
  const [code, ...note] = (reason ?? '').split(':');
  const label = EXEMPTION_REASONS[code!.trim()];
  const reasonText = !reason ? null : label ? `${label}${note.join(':').trim() ? ` — ${note.join(':').trim()}` : ''}` : reason;
  const paragraphs = [
    p('Afgørelse (decision)', revocation
      ? 'Jobcentret har besluttet at fratage dig retten til selv at booke dine jobsamtaler. Fremover indkalder jobcentret dig til samtalerne. ' +
        '(The jobcenter has decided to revoke your right to book your job interviews yourself. From now on the jobcenter calls you in.)'
      : 'Jobcentret har besluttet at fritage dig for pligten til selv at booke dine jobsamtaler. Fremover indkalder jobcentret dig til samtalerne. ' +
        '(The jobcenter has decided to exempt you from the duty to book your job interviews yourself. From now on the jobcenter calls you in.)'),
    p('Begrundelse (justification)', [reasonText ? `Grund: ${reasonText}.` : null, str(x.justification)].filter(Boolean).join(' ') ||
      'Jobcentret har ikke angivet en begrundelse. (No justification recorded.)'),
    p('Klagevejledning (how to complain)', str(x.complaintGuidance) ?? STANDARD_COMPLAINT_GUIDANCE),
  ];
  return {
    kind: revocation ? 'REVOCATION_DECISION' : 'EXEMPTION_DECISION', rule: revocation ? 'EX-3' : 'EX-2',
    subject: revocation
      ? 'Afgørelse: du kan ikke længere selv booke jobsamtaler (decision: revocation of self-booking)'
      : 'Afgørelse: fritagelse for selvbooking af jobsamtaler (decision: exemption from self-booking)',
    paragraphs,
  };
}

/** SA-2 (003 2.5): the deduction is a decision: what is deducted and why, and the complaint guidance. */
function sanctionLetter(x: Record<string, unknown>): Body {
  const days = typeof x.deductedDays === 'number' ? x.deductedDays : null;
  const bookBy = str(x.bookBy);
  const contactOn = str(x.contactOn);
  const paragraphs = [
    p('Afgørelse (decision)', str(x.text) ??
      `Der fradrages ${days ?? '?'} dagssats(er) i din ydelse. (${days ?? '?'} daily rate(s) are deducted from your benefit.)`),
    p('Begrundelse (justification)', `Du bookede ikke en jobsamtale senest ${bookBy ? danishDate(bookBy) : 'fristen'}` +
      `${contactOn ? ` og genoprettede først kontakten ${danishDate(contactOn)}` : ''}, og jobcentret har vurderet, at du ikke havde en rimelig grund. ` +
      'Der fradrages én dagssats for hver dag fra fristen til den dag, du bookede eller kontaktede jobcentret. ' +
      `(You did not book a job interview by ${bookBy ?? 'the deadline'}${contactOn ? ` and restored contact only on ${contactOn}` : ''}, and the jobcenter found no reasonable cause. ` +
      'One daily rate is deducted for each day from the deadline until the day you booked or contacted the jobcenter.)'),
    p('Klagevejledning (how to complain)', STANDARD_COMPLAINT_GUIDANCE),
  ];
  return { kind: 'SANCTION_DECISION', rule: 'SA-2', subject: 'Afgørelse om fradrag i din ydelse (decision on a deduction from your benefit)', paragraphs };
}
