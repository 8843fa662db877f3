/**
 * The sheet layout: the columns of each tab with their German and English aliases, and the
 * words accepted in the kind, team, status and period columns. `digest init` writes the same
 * layout as CSV templates.
 */
import type { NoteKind, NoteStatus, PeopleKind, Team } from '../../model/types.js';
import type { ColumnSpec } from './table.js';

const WEEK = { aliases: ['woche', 'kw', 'kalenderwoche', 'calendar week'], required: true };
const METRIC = { aliases: ['metrik', 'kennzahl', 'kpi', 'id'], required: true };

export const KPI_COLUMNS = {
  week: WEEK,
  metric: METRIC,
  value: { aliases: ['wert', 'ist', 'istwert', 'actual'], required: true },
  target: { aliases: ['ziel', 'zielwert', 'soll'], required: false },
} satisfies ColumnSpec<string>;

export const TARGET_COLUMNS = {
  metric: METRIC,
  period: { aliases: ['zeitraum', 'periode', 'turnus'], required: true },
  from: { aliases: ['ab', 'gueltig ab', 'gültig ab', 'valid from', 'start', 'von'], required: true },
  target: { aliases: ['ziel', 'zielwert', 'soll'], required: true },
} satisfies ColumnSpec<string>;

export const NOTE_COLUMNS = {
  week: WEEK,
  kind: { aliases: ['art', 'typ', 'type', 'kategorie', 'category'], required: true },
  team: { aliases: ['bereich', 'abteilung'], required: false },
  author: { aliases: ['autor', 'autorin', 'von', 'eingetragen von'], required: false },
  title: { aliases: ['titel', 'überschrift', 'ueberschrift', 'headline', 'thema'], required: true },
  details: { aliases: ['beschreibung', 'text', 'description', 'notiz'], required: false },
  link: { aliases: ['url', 'verweis'], required: false },
  owner: { aliases: ['verantwortlich', 'zuständig', 'zustaendig', 'verantwortlicher'], required: false },
  due: { aliases: ['fällig', 'faellig', 'frist', 'bis', 'due date', 'termin'], required: false },
  status: { aliases: ['zustand', 'stand', 'erledigt', 'done'], required: false },
} satisfies ColumnSpec<string>;

export const VOICE_COLUMNS = {
  week: WEEK,
  topic: { aliases: ['thema', 'themen'], required: true },
  quote: { aliases: ['zitat', 'aussage', 'o-ton', 'o ton'], required: true },
  author: { aliases: ['autor', 'autorin', 'von', 'notiert von'], required: false },
  source: { aliases: ['quelle', 'kanal', 'channel'], required: false },
} satisfies ColumnSpec<string>;

/** The optional Forecast tab: marketing's estimate of the month (SPEC "Manual KPIs …"). */
export const FORECAST_COLUMNS = {
  month: { aliases: ['monat'], required: true },
  metric: METRIC,
  forecast: { aliases: ['prognose', 'erwartung', 'expected'], required: true },
  note: { aliases: ['notiz', 'kommentar', 'comment', 'bemerkung'], required: false },
} satisfies ColumnSpec<string>;

export const KIND_ALIASES: Record<NoteKind, string[]> = {
  success: ['erfolg', 'erfolge', 'win', 'successes'],
  change: ['veränderung', 'veraenderung', 'änderung', 'aenderung', 'changes', 'neu'],
  fix: ['nachbesserung', 'baustelle', 'baustellen', 'fixes', 'problem', 'to fix'],
};

export const TEAM_ALIASES: Record<Team, string[]> = {
  marketing: ['mkt', 'mktg'],
  sales: ['vertrieb', 'verkauf'],
  both: ['beide', 'alle', 'all', 'gemeinsam', 'marketing & sales', 'marketing + sales'],
};

export const STATUS_ALIASES: Record<NoteStatus, string[]> = {
  open: ['offen', 'in arbeit', 'in progress', 'todo'],
  done: ['erledigt', 'fertig', 'closed', 'geschlossen', 'abgeschlossen'],
};

export const PERIOD_ALIASES: Record<'week' | 'month', string[]> = {
  week: ['woche', 'weekly', 'wöchentlich', 'woechentlich'],
  month: ['monat', 'monthly', 'monatlich'],
};

/** Longest text kept per cell; longer text is cut with a warning. */
export const TEXT_LIMITS = { title: 200, details: 2000, quote: 1000, name: 120 };

// ---------------------------------------------------------------- optional tabs: Definitions, People

/** The Definitions tab: what a term means from a date on (lead scoring: when is a contact an MQL?). */
export const DEFINITION_COLUMNS = {
  term: { aliases: ['begriff', 'kürzel', 'kuerzel'], required: true },
  definition: { aliases: ['bedeutung', 'beschreibung', 'meaning'], required: true },
  from: { aliases: ['ab', 'gültig ab', 'gueltig ab', 'valid from', 'seit', 'von'], required: true },
  owner: { aliases: ['verantwortlich', 'zuständig', 'zustaendig', 'verantwortlicher'], required: false },
} satisfies ColumnSpec<string>;

/** The People tab: a look into the other team's day, a joint lunch, new colleagues. */
export const PEOPLE_COLUMNS = {
  week: WEEK,
  kind: { aliases: ['art', 'typ', 'type', 'kategorie', 'category'], required: true },
  title: { aliases: ['titel', 'was', 'überschrift', 'ueberschrift', 'thema'], required: true },
  when: { aliases: ['wann', 'termin', 'datum', 'date'], required: false },
  who: { aliases: ['wer', 'mit', 'ansprechpartner', 'ansprechpartnerin', 'kontakt'], required: false },
  link: { aliases: ['url', 'verweis', 'anmeldung'], required: false },
  seats: { aliases: ['plätze', 'plaetze', 'freie plätze', 'freie plaetze', 'seats left'], required: false },
} satisfies ColumnSpec<string>;

export const PEOPLE_KIND_ALIASES: Record<PeopleKind, string[]> = {
  shadowing: ['hospitation', 'mitlaufen', 'reinhören', 'reinhoeren', 'zuhören', 'zuhoeren', 'sit in'],
  lunch: ['mittagessen', 'essen', 'lunch together', 'frühstück', 'fruehstueck', 'kaffee', 'coffee'],
  welcome: ['neu', 'willkommen', 'new', 'new colleague', 'neue kollegin', 'neuer kollege'],
  other: ['sonstiges', 'anderes', 'misc'],
};
