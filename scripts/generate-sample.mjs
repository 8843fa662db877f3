#!/usr/bin/env node
/**
 * Writes the embedded sample data set (`data/sample/*.csv`): a fictional German B2B software
 * company, Nordlicht Software GmbH, over ISO weeks 2026-W34 … 2026-W47 in Europe/Berlin.
 *
 * Deterministic: a seeded PRNG (mulberry32) and fixed plans, so two runs write byte-identical
 * files. The report week 2026-W47 is designed on purpose (see data/sample/README.md); check the
 * figures with `node scripts/sample-facts.mjs`.
 *
 * Usage: node scripts/generate-sample.mjs [output folder, default data/sample]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DateTime } from 'luxon';

const ZONE = 'Europe/Berlin';
const SEED = 0x4e4f5244; // "NORD"
const FIRST_WEEK = 34;
const LAST_WEEK = 47;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const MIN = 60_000;

const here = dirname(fileURLToPath(import.meta.url));
const outDir = resolve(process.argv[2] ?? join(here, '..', 'data', 'sample'));

// ---------------------------------------------------------------------------------------------
// Randomness and time helpers

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
/** Draws from one PRNG: an integer in [lo, hi], an element, an element by weight. */
function drawsFrom(rand) {
  return {
    int: (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1)),
    pick: (arr) => arr[Math.floor(rand() * arr.length)],
    weighted(entries) {
      const total = entries.reduce((s, [, w]) => s + w, 0);
      let r = rand() * total;
      for (const [value, w] of entries) if ((r -= w) < 0) return value;
      return entries[entries.length - 1][0];
    },
  };
}
const rand = mulberry32(SEED);
const { int, pick, weighted } = drawsFrom(rand);
function shuffle(arr) {
  const a = [...arr];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

/** `2026-11-16 00:30` local Berlin time → epoch ms. */
function at(local) {
  const d = DateTime.fromISO(local.replace(' ', 'T'), { zone: ZONE });
  if (!d.isValid) throw new Error(`bad local time ${local}`);
  return d.toMillis();
}
const iso = (ms) => (ms === null || ms === undefined ? '' : DateTime.fromMillis(ms, { zone: ZONE }).toISO({ suppressMilliseconds: true }));

function week(n) {
  const start = DateTime.fromObject({ weekYear: 2026, weekNumber: n, weekday: 1 }, { zone: ZONE }).startOf('day');
  return { n, id: `2026-W${String(n).padStart(2, '0')}`, startMs: start.toMillis(), endMs: start.plus({ weeks: 1 }).toMillis(), monday: start };
}
const WEEKS = [];
for (let n = FIRST_WEEK; n <= LAST_WEEK; n++) WEEKS.push(week(n));
const W = (n) => WEEKS[n - FIRST_WEEK];

const ceilMin = (ms) => Math.ceil(ms / MIN) * MIN;

/**
 * A random instant in [lo, hi), on the minute, preferring working hours (Mon–Fri 07–19 local);
 * a share of events happens at any time (web forms at night, weekends).
 */
function bizTime(lo, hi, anytime = 0.08) {
  if (hi - lo < 2 * MIN) return ceilMin(lo) < hi ? ceilMin(lo) : lo;
  const any = rand() < anytime;
  for (let i = 0; i < 60; i++) {
    const t = ceilMin(lo + rand() * (hi - lo));
    if (t >= hi) continue;
    if (any) return t;
    const d = DateTime.fromMillis(t, { zone: ZONE });
    if (d.weekday <= 5 && d.hour >= 7 && d.hour < 19) return t;
  }
  const t = ceilMin(lo + rand() * (hi - lo));
  return t < hi ? t : lo;
}

// ---------------------------------------------------------------------------------------------
// CSV

function csvField(value) {
  if (value === null || value === undefined) return '';
  const s = String(value);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
function writeCsv(name, header, rows) {
  const lines = [header.join(','), ...rows.map((r) => header.map((h) => csvField(r[h])).join(','))];
  writeFileSync(join(outDir, name), lines.join('\n') + '\n', 'utf8');
  console.log(`${name}: ${rows.length} rows`);
}

// ---------------------------------------------------------------------------------------------
// Owners (sales reps) and stages

const OWNERS = [
  { id: '71234501', name: 'Jürgen Weiß', email: 'juergen.weiss@nordlicht-software.de' },
  { id: '71234502', name: 'Sören Köhler', email: 'soeren.koehler@nordlicht-software.de' },
  { id: '71234503', name: 'Anja Müller-Lüdenscheidt', email: 'anja.mueller-luedenscheidt@nordlicht-software.de' },
  { id: '71234504', name: 'Björn Schröder', email: 'bjoern.schroeder@nordlicht-software.de' },
  { id: '71234505', name: 'Leonie Groß', email: 'leonie.gross@nordlicht-software.de' },
  { id: '71234506', name: 'Katharina Bäumer', email: 'katharina.baeumer@nordlicht-software.de' },
];
const OWNER = Object.fromEntries(OWNERS.map((o) => [o.name.split(' ')[0], o.id]));
// Jürgen is head of sales and takes fewer new leads.
const LEAD_OWNERS = [[OWNER.Jürgen, 1], [OWNER.Sören, 3], [OWNER.Anja, 3], [OWNER.Björn, 3], [OWNER.Leonie, 3], [OWNER.Katharina, 3]];

const PARTNER = '78452113';
const STAGES = [
  { pipeline_id: 'default', stage_id: 'appointmentscheduled', label: 'Termin vereinbart', outcome: 'open' },
  { pipeline_id: 'default', stage_id: 'qualifiedtobuy', label: 'Bedarf qualifiziert', outcome: 'open' },
  { pipeline_id: 'default', stage_id: 'presentationscheduled', label: 'Präsentation geplant', outcome: 'open' },
  { pipeline_id: 'default', stage_id: 'decisionmakerboughtin', label: 'Entscheider überzeugt', outcome: 'open' },
  { pipeline_id: 'default', stage_id: 'contractsent', label: 'Vertrag versendet', outcome: 'open' },
  { pipeline_id: 'default', stage_id: 'closedwon', label: 'Gewonnen', outcome: 'won' },
  { pipeline_id: 'default', stage_id: 'closedlost', label: 'Verloren', outcome: 'lost' },
  { pipeline_id: PARTNER, stage_id: '132457801', label: 'Partner-Lead registriert', outcome: 'open' },
  { pipeline_id: PARTNER, stage_id: '132457802', label: 'Gemeinsame Demo', outcome: 'open' },
  { pipeline_id: PARTNER, stage_id: '132457803', label: 'Angebot über Partner', outcome: 'open' },
  { pipeline_id: PARTNER, stage_id: '132457804', label: 'Partner-Abschluss gewonnen', outcome: 'won' },
  { pipeline_id: PARTNER, stage_id: '132457805', label: 'Partner-Abschluss verloren', outcome: 'lost' },
];
const stageFor = (pipeline, outcome) => {
  const stages = STAGES.filter((s) => s.pipeline_id === pipeline && s.outcome === outcome);
  return pick(stages).stage_id;
};

const SOURCES = [
  ['ORGANIC_SEARCH', 25], ['PAID_SEARCH', 17], ['EMAIL_MARKETING', 10], ['SOCIAL_MEDIA', 7], ['REFERRALS', 10],
  ['OTHER_CAMPAIGNS', 6], ['DIRECT_TRAFFIC', 12], ['OFFLINE', 7], ['PAID_SOCIAL', 6],
];

// ---------------------------------------------------------------------------------------------
// Contacts: leads, MQLs, SQLs and first sales touches per week, by plan

const PLAN = {
  //       W34 W35 W36 W37 W38 W39 W40 W41 W42 W43 W44 W45 W46 W47
  leads: [48, 52, 45, 61, 57, 49, 63, 58, 66, 51, 54, 60, 68, 55],
  mqls: [16, 18, 15, 21, 20, 17, 22, 20, 24, 17, 19, 21, 25, 19],
  sqls: [3, 6, 7, 8, 7, 9, 8, 10, 9, 11, 9, 10, 14, 12],
};
const plan = (key, w) => PLAN[key][w.n - FIRST_WEEK];

/** @type {{created: number, mql: number|null, sql: number|null, touch: number|null, source: string, owner: string|null, fixed?: string}[]} */
const contacts = [];

for (const w of WEEKS) {
  let n = plan('leads', w);
  if (w.n === 47) {
    // Boundary cases: Monday 00:30 local is still Sunday in UTC; Sunday 23:50 is the week's last lead.
    contacts.push({ created: at('2026-11-16 00:30'), mql: null, sql: null, touch: null, source: 'PAID_SEARCH', owner: null, fixed: 'monday-0030' });
    contacts.push({ created: at('2026-11-22 23:50'), mql: null, sql: null, touch: null, source: 'ORGANIC_SEARCH', owner: null, fixed: 'sunday-2350' });
    n -= 2;
  }
  for (let i = 0; i < n; i++) {
    contacts.push({
      created: bizTime(w.startMs, w.endMs, 0.15),
      mql: null, sql: null, touch: null,
      source: weighted(SOURCES),
      owner: null,
    });
  }
}

/** Sales work Mon–Fri 07–19: a touch outside those hours moves to the next working morning. */
function workingHours(t) {
  let d = DateTime.fromMillis(t, { zone: ZONE });
  if (d.weekday <= 5 && d.hour >= 7 && d.hour < 19) return t;
  if (d.hour >= 19) d = d.plus({ days: 1 });
  while (d.weekday > 5) d = d.plus({ days: 1 });
  return d.set({ hour: 7, minute: 0, second: 0, millisecond: 0 }).toMillis() + int(15, 150) * MIN;
}

/** How long sales takes for a generic MQL: mostly hours, some SLA breaches, a few untouched. */
function genericTouch(c) {
  const slow = c.owner === OWNER.Björn; // one rep is often late: shows in "SLA breaches by owner"
  const kind = weighted([
    ['quick', 64], ['medium', 15], ['late', slow ? 16 : 5], ['none', 3], ['before', c.mql - c.created > 2 * HOUR ? 9 : 0],
  ]);
  switch (kind) {
    case 'quick': return workingHours(c.mql + int(10, 240) * MIN);
    case 'medium': return workingHours(c.mql + int(4 * 60, 20 * 60) * MIN);
    case 'late': return workingHours(c.mql + int(24 * 60 + 20, 60 * 60) * MIN);
    case 'none': return null;
    case 'before': return bizTime(c.created + MIN, c.mql - 30 * MIN, 0);
  }
}

/**
 * Scripted MQLs of a week: each spec picks a contact (by `fixed` tag or created early enough),
 * sets the MQL time (fixed or random), owner and first touch.
 */
const MQL_SPECS = {
  43: [
    // DST night 24/25 Oct: 24.5 h elapsed although the wall clock shows 23.5 h → an SLA breach.
    { mql: at('2026-10-24 10:00'), owner: OWNER.Sören, touch: () => at('2026-10-25 09:30') },
  ],
  46: [
    // Touched exactly 24 h after the MQL: not a breach (a breach is strictly later).
    { mql: at('2026-11-10 09:15'), owner: OWNER.Anja, touch: () => at('2026-11-11 09:15') },
  ],
  47: [
    { fixed: 'monday-0030', mql: at('2026-11-16 00:40'), owner: OWNER.Katharina, touch: () => at('2026-11-16 08:20') },
    // Untouched; MQL + 24 h (Sat 15:10) is before the week's end → breach.
    { mql: at('2026-11-20 15:10'), owner: OWNER.Björn, touch: () => null },
    // Untouched, but MQL + 24 h falls after the week's end → not (yet) a breach.
    { mql: at('2026-11-22 19:40'), owner: OWNER.Leonie, touch: () => null },
    // Touched Monday morning after the report week: a touch after the week's end still counts.
    { mql: at('2026-11-22 18:00'), owner: OWNER.Sören, touch: () => at('2026-11-23 08:45') },
    // Touched late → breaches.
    { before: 'Thu', owner: OWNER.Björn, touch: (c) => c.mql + (27 * 60 + 30) * MIN },
    { before: 'Thu', owner: OWNER.Katharina, touch: (c) => c.mql + 52 * HOUR },
    // First touch before the MQL time (a sales call before the lead scored): allowed.
    { minGap: 4 * HOUR, owner: OWNER.Anja, touch: (c) => c.mql - 3 * HOUR },
    // The rest of the week's MQLs (Mon … Fri noon, working hours) are touched within 20 min …
    // 5 h, or the next working morning.
    ...Array.from({ length: 12 }, () => ({ before: 'Fri12', touch: (c) => workingHours(c.mql + int(20, 300) * MIN) })),
  ],
};

function mqlWindow(c, w, minGap = 10 * MIN) {
  return { lo: Math.max(c.created + minGap, w.startMs), hi: Math.min(c.created + 6 * DAY, w.endMs) };
}

for (const w of WEEKS) {
  const count = plan('mqls', w);
  const pool = shuffle(contacts.filter((c) => c.mql === null && c.created >= w.startMs - 6 * DAY && c.created < w.endMs - 30 * MIN && !c.fixed));
  const specs = MQL_SPECS[w.n] ?? [];
  const take = (accept) => {
    const i = pool.findIndex(accept);
    if (i < 0) throw new Error(`no MQL candidate in ${w.id}`);
    return pool.splice(i, 1)[0];
  };
  const assign = (c, mql, owner) => {
    c.mql = mql;
    c.owner = owner ?? c.owner ?? weighted(LEAD_OWNERS);
  };
  for (const spec of specs) {
    let c;
    if (spec.fixed) c = contacts.find((x) => x.fixed === spec.fixed);
    else if (spec.mql) c = take((x) => x.created <= spec.mql - 10 * MIN && x.created >= spec.mql - 6 * DAY);
    else {
      const limit = { Thu: w.startMs + 3 * DAY, Fri12: w.startMs + 4 * DAY + 12 * HOUR }[spec.before] ?? w.endMs;
      c = take((x) => {
        const { lo, hi } = mqlWindow(x, w, spec.minGap);
        return lo < Math.min(hi, limit) - HOUR;
      });
      const { lo, hi } = mqlWindow(c, w, spec.minGap);
      spec.mql = bizTime(lo, Math.min(hi, limit), 0);
    }
    assign(c, spec.mql, spec.owner);
    c.touch = spec.touch(c);
    c.scripted = true;
  }
  for (let i = specs.length; i < count; i++) {
    const c = take((x) => {
      const { lo, hi } = mqlWindow(x, w);
      return lo < hi - 5 * MIN;
    });
    const { lo, hi } = mqlWindow(c, w);
    assign(c, bizTime(lo, hi));
    c.touch = genericTouch(c);
  }
}

// A contact that sales qualified before marketing scored it (SQL before MQL): allowed, W45.
contacts.push({
  created: at('2026-11-03 10:05'), touch: at('2026-11-04 11:00'), sql: at('2026-11-04 14:30'), mql: at('2026-11-05 09:00'),
  source: 'REFERRALS', owner: OWNER.Leonie, fixed: 'sql-before-mql',
});

for (const w of WEEKS) {
  const count = plan('sqls', w);
  const window = (c) => ({ lo: Math.max(c.mql + 2 * DAY, c.touch + HOUR, w.startMs), hi: Math.min(c.mql + 21 * DAY, w.endMs) });
  const pool = shuffle(contacts.filter((c) => c.mql !== null && c.sql === null && c.touch !== null && !c.fixed));
  let made = 0;
  for (const c of pool) {
    if (made === count) break;
    const { lo, hi } = window(c);
    if (lo >= hi - HOUR) continue;
    c.sql = bizTime(lo, hi, 0.02);
    made++;
  }
  if (made < count) throw new Error(`only ${made} of ${count} SQLs possible in ${w.id}`);
}

// Some leads that never became MQL already have an owner (e.g. an existing account).
for (const c of contacts) if (c.mql === null && c.owner === null && rand() < 0.25) c.owner = weighted(LEAD_OWNERS);


// ---------------------------------------------------------------------------------------------
// Planning together: lead status, disqualification reason and first conversion (topic), and
// Björn's holiday. A second PRNG, so that every figure drawn above stays as it was.

const rand2 = mulberry32(SEED ^ 0x504c414e); // "PLAN"
const { pick: pick2, weighted: weighted2 } = drawsFrom(rand2);

// Björn is on holiday 2–13 November and round-robin keeps handing him MQLs (the W47 fix note):
// half of the generic new MQLs of those days that sales has not accepted go to him untouched.
// This is the sample week's sales bottleneck, with most of the backlog at one owner.
const HOLIDAY = { from: at('2026-11-02 00:00'), to: at('2026-11-14 00:00') };
let handedOver = 0;
for (const c of [...contacts].sort((a, b) => (a.mql ?? 0) - (b.mql ?? 0))) {
  if (c.mql === null || c.mql < HOLIDAY.from || c.mql >= HOLIDAY.to || c.sql !== null || c.fixed || c.scripted) continue;
  if (handedOver++ % 2 === 0 || c.owner === OWNER.Björn) {
    c.owner = OWNER.Björn;
    c.touch = null;
  }
}

/** First conversions: what brought the lead. Webinars and the SAP case study convert best. */
const TOPICS_BY_SOURCE = {
  ORGANIC_SEARCH: [['Whitepaper: Digitale Schichtübergabe', 4], ['OEE-Rechner', 3], ['Kontaktformular', 3]],
  PAID_SEARCH: [['OEE-Rechner', 6], ['Demo-Anfrage', 2]],
  EMAIL_MARKETING: [['Fallstudie: SAP-Integration', 5], ['Webinar: Shopfloor digital', 3]],
  SOCIAL_MEDIA: [['Webinar: Shopfloor digital', 3], ['Whitepaper: Digitale Schichtübergabe', 2]],
  PAID_SOCIAL: [['E-Book: KI in der Fertigung', 5], ['OEE-Rechner', 2]],
  REFERRALS: [['Demo-Anfrage', 4], ['Kontaktformular', 2]],
  OTHER_CAMPAIGNS: [['Webinar: Shopfloor digital', 3], ['Fallstudie: SAP-Integration', 2]],
  DIRECT_TRAFFIC: [['Kontaktformular', 4], ['Demo-Anfrage', 3]],
  OFFLINE: [['Messe: Kontakt am Stand', 6]],
};
const CONVERTING = [['Webinar: Shopfloor digital', 5], ['Fallstudie: SAP-Integration', 4], ['Demo-Anfrage', 3]];
const REASONS = [['kein Budget', 5], ['kein Bedarf', 3], ['Privatperson', 2], ['Wettbewerber gewählt', 1], ['', 2]];
const endOf = (n) => W(n).endMs;

for (const c of contacts) {
  // Form tracking broke with the website update (the W43 fix note): some leads have no topic.
  const untracked = rand2() < 0.1;
  c.topic = untracked ? '' : c.sql !== null && rand2() < 0.5 ? weighted2(CONVERTING) : weighted2(TOPICS_BY_SOURCE[c.source]);
  c.status = '';
  c.reason = '';
  if (c.mql === null) {
    c.status = rand2() < 0.6 ? 'NEW' : '';
    continue;
  }
  if (c.sql !== null) {
    c.status = weighted2([['IN_PROGRESS', 3], ['OPEN_DEAL', 3], ['CONNECTED', 2]]);
    continue;
  }
  if (c.touch === null || c.touch >= endOf(LAST_WEEK)) {
    c.status = 'NEW';
    continue;
  }
  // Sales' verdict on a touched MQL; paid social brings the leads sales rejects most.
  const reject = { PAID_SOCIAL: 0.5, PAID_SEARCH: 0.35, OTHER_CAMPAIGNS: 0.25 }[c.source] ?? 0.12;
  if (!c.fixed && rand2() < reject) {
    c.status = rand2() < 0.7 ? 'UNQUALIFIED' : 'BAD_TIMING';
    c.reason = weighted2(REASONS);
  } else c.status = pick2(['ATTEMPTED_TO_CONTACT', 'CONNECTED', 'IN_PROGRESS']);
}
// Sales accepted this one first and marked it unqualified later: not a rejected lead (it is an SQL).
const acceptedThenDropped = contacts.find((c) => c.fixed === 'sql-before-mql');
acceptedThenDropped.status = 'UNQUALIFIED';
acceptedThenDropped.reason = 'Projekt verschoben';

contacts.sort((a, b) => a.created - b.created || (a.fixed ?? '').localeCompare(b.fixed ?? ''));
const contactRows = contacts.map((c, i) => ({
  id: String(30517001 + i * 3),
  created_at: iso(c.created),
  mql_at: iso(c.mql),
  sql_at: iso(c.sql),
  first_touch_at: iso(c.touch),
  source: c.source,
  owner_id: c.owner ?? '',
  lead_status: c.status,
  disqualification_reason: c.reason,
  first_conversion: c.topic,
}));

// ---------------------------------------------------------------------------------------------
// Deals

const SURNAMES = [
  'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Schulz', 'Hoffmann', 'Koch', 'Bauer',
  'Richter', 'Klein', 'Wolf', 'Neumann', 'Schwarz', 'Zimmermann', 'Braun', 'Krüger', 'Hofmann', 'Hartmann', 'Lange',
  'Schmitt', 'Werner', 'Krause', 'Meier', 'Lehmann', 'Schulze', 'Maier', 'Herrmann', 'König', 'Walter', 'Huber',
  'Kaiser', 'Fuchs', 'Peters', 'Scholz', 'Möller', 'Jung', 'Hahn', 'Schubert', 'Vogel', 'Friedrich', 'Keller',
  'Günther', 'Berger', 'Winkler', 'Roth', 'Beck', 'Lorenz', 'Baumann', 'Franke', 'Albrecht', 'Schuster', 'Böhm',
  'Winter', 'Kraus', 'Schumacher', 'Krämer', 'Stein', 'Jäger', 'Sommer', 'Seidel', 'Heinrich', 'Haas', 'Graf',
  'Dietrich', 'Ziegler', 'Kühn', 'Pohl', 'Engel', 'Horn', 'Busch', 'Bergmann', 'Voigt', 'Sauer', 'Arnold', 'Pfeiffer',
  'Göbel', 'Reuß', 'Thürmer', 'Oßwald', 'Dörr', 'Nüßlein', 'Blümel', 'Späth',
];
const TRADES = [
  'Maschinenbau', 'Antriebstechnik', 'Fördertechnik', 'Kunststofftechnik', 'Metallbau', 'Präzisionsteile', 'Gießerei',
  'Blechbearbeitung', 'Hydraulik', 'Elektrotechnik', 'Verpackungstechnik', 'Werkzeugbau', 'Oberflächentechnik',
  'Armaturen', 'Sondermaschinenbau', 'Lasertechnik', 'Drehteile', 'Pumpenwerk', 'Federnfabrik', 'Stahlbau',
];
const FORMS = [['GmbH', 10], ['GmbH & Co. KG', 5], ['KG', 2], ['AG', 1], ['e.K.', 1]];
const PRODUCTS = [
  // [name, min, max, weight]
  ['Jahreslizenz', 18000, 60000, 8],
  ['Pilotprojekt', 6000, 15000, 5],
  ['Erweiterung 25 Nutzer', 7500, 12000, 3],
  ['Rahmenvertrag 3 Jahre', 60000, 140000, 1],
  ['Modul Qualitätssicherung', 9000, 24000, 3],
  ['Schulungspaket', 3000, 8000, 2],
  ['Integration SAP', 12000, 30000, 2],
];

const usedCompanies = new Set([
  'Müller Maschinenbau', 'Rheintal Präzision', 'Schäfer Antriebstechnik', 'Köhler Gießerei', 'Weiß Kunststofftechnik',
  'Brandt Blechbearbeitung', 'Vogt Hydraulik', 'Hoffmann Fördertechnik', 'Zürcher Feinmechanik', 'Basler Stanztechnik',
  'St. Galler Textilmaschinen',
]);
function company() {
  for (;;) {
    const key = `${pick(SURNAMES)} ${pick(TRADES)}`;
    if (usedCompanies.has(key)) continue;
    usedCompanies.add(key);
    return `${key} ${weighted(FORMS)}`;
  }
}
function product() {
  const [name, lo, hi] = weighted(PRODUCTS.map((p) => [p, p[3]]));
  const cents = rand() < 0.1;
  const amount = cents ? Math.round((lo + rand() * (hi - lo)) * 2) / 2 : Math.round((lo + rand() * (hi - lo)) / 50) * 50;
  return { name, amount };
}

const deals = [];
function genericDeal(created) {
  const p = product();
  const partner = rand() < 0.2;
  return {
    name: `${company()} – ${p.name}`,
    amount: p.amount, currency: 'EUR', amount_home: null,
    created, closed: null,
    pipeline: partner ? PARTNER : 'default',
    outcome: 'open',
    owner: weighted(LEAD_OWNERS),
    source: partner ? weighted([['REFERRALS', 3], ['OFFLINE', 1], ['DIRECT_TRAFFIC', 1]]) : weighted(SOURCES),
  };
}

// Open deals from before the sample window (the pipeline the early weeks close from).
for (let i = 0; i < 18; i++) deals.push(genericDeal(bizTime(at('2026-06-15 00:00'), W(FIRST_WEEK).startMs - DAY, 0)));

/** Designed deals: the report week's wins and losses, and the foreign-currency deals. */
const EXPLICIT = [
  // Report week 2026-W47 – won
  { name: 'Müller Maschinenbau GmbH – Jahreslizenz', amount: 48000, currency: 'EUR', created: '2026-10-13 10:20', closed: '2026-11-17 11:05', pipeline: 'default', outcome: 'won', owner: OWNER.Anja, source: 'ORGANIC_SEARCH' },
  { name: 'Rheintal Präzision AG – Jahreslizenz', amount: 36000, currency: 'CHF', created: '2026-10-19 14:00', closed: '2026-11-19 15:20', pipeline: 'default', outcome: 'won', owner: OWNER.Leonie, source: 'OFFLINE' },
  { name: 'Schäfer Antriebstechnik GmbH & Co. KG – Jahreslizenz', amount: 22500, currency: 'EUR', created: '2026-10-27 09:30', closed: '2026-11-18 16:45', pipeline: PARTNER, outcome: 'won', owner: OWNER.Sören, source: 'REFERRALS' },
  { name: 'Köhler Gießerei KG – Erweiterung 25 Nutzer', amount: 9850.5, currency: 'EUR', created: '2026-11-03 13:10', closed: '2026-11-20 10:30', pipeline: PARTNER, outcome: 'won', owner: OWNER.Katharina, source: 'EMAIL_MARKETING' },
  // Won without an amount (the rep forgot it): counts, but is not in the sums → a data issue by design.
  // Closed at Monday 00:00 local: the first instant of the report week.
  { name: 'Weiß Kunststofftechnik GmbH – Pilotprojekt', amount: null, currency: 'EUR', created: '2026-11-09 08:45', closed: '2026-11-16 00:00', pipeline: 'default', outcome: 'won', owner: OWNER.Björn, source: 'PAID_SEARCH' },
  // Report week 2026-W47 – lost
  { name: 'Brandt Blechbearbeitung GmbH – Jahreslizenz', amount: 31000, currency: 'EUR', created: '2026-10-07 11:00', closed: '2026-11-18 09:15', pipeline: 'default', outcome: 'lost', owner: OWNER.Björn, source: 'PAID_SOCIAL' },
  { name: 'Vogt Hydraulik GmbH & Co. KG – Pilotprojekt', amount: 12000, currency: 'EUR', created: '2026-10-29 15:40', closed: '2026-11-20 16:30', pipeline: PARTNER, outcome: 'lost', owner: OWNER.Sören, source: 'REFERRALS' },
  // Foreign currencies in earlier weeks: CRM home amount filled for some, empty for others.
  { name: 'Hoffmann Fördertechnik Inc. (Werk Charlotte) – Jahreslizenz', amount: 25000, currency: 'USD', amount_home: 23250, created: '2026-09-22 16:00', closed: '2026-10-08 17:10', pipeline: 'default', outcome: 'won', owner: OWNER.Jürgen, source: 'REFERRALS' },
  { name: 'Zürcher Feinmechanik AG – Jahreslizenz', amount: 28000, currency: 'CHF', amount_home: 29400, created: '2026-10-06 10:00', closed: '2026-10-28 14:00', pipeline: 'default', outcome: 'won', owner: OWNER.Leonie, source: 'ORGANIC_SEARCH' },
  { name: 'St. Galler Textilmaschinen AG – Jahreslizenz', amount: 22000, currency: 'CHF', amount_home: 23100, created: '2026-10-14 09:00', closed: '2026-11-12 11:30', pipeline: 'default', outcome: 'lost', owner: OWNER.Leonie, source: 'OFFLINE' },
  { name: 'Basler Stanztechnik AG – Pilotprojekt', amount: 9500, currency: 'CHF', created: '2026-11-04 14:15', pipeline: PARTNER, outcome: 'open', owner: OWNER.Katharina, source: 'REFERRALS' },
  // Names that need CSV quoting (a comma, double quotes).
  { name: 'Becker, Lutz & Söhne GmbH – Modul Qualitätssicherung', amount: 14200, currency: 'EUR', created: '2026-11-11 10:40', pipeline: 'default', outcome: 'open', owner: OWNER.Anja, source: 'EMAIL_MARKETING' },
  { name: 'Hartmann "Die Fräser" GmbH – Schulungspaket', amount: 4800, currency: 'EUR', created: '2026-11-17 14:25', pipeline: 'default', outcome: 'open', owner: OWNER.Björn, source: 'SOCIAL_MEDIA' },
];

const CREATED = Object.fromEntries(WEEKS.map((w) => [w.n, int(8, 12)]));
const WON = Object.fromEntries(WEEKS.map((w) => [w.n, w.n === 47 ? 0 : int(2, 4)]));
const LOST = Object.fromEntries(WEEKS.map((w) => [w.n, w.n === 47 ? 0 : int(1, 3)]));

for (const w of WEEKS) {
  // Close deals from the open generic pipeline (at least a week after creation).
  const pool = shuffle(deals.filter((d) => d.outcome === 'open' && d.created < w.endMs - 7 * DAY));
  for (const outcome of [...Array(WON[w.n]).fill('won'), ...Array(LOST[w.n]).fill('lost')]) {
    const d = pool.shift();
    if (!d) throw new Error(`no deal to close in ${w.id}`);
    d.outcome = outcome;
    d.closed = bizTime(Math.max(w.startMs, d.created + 7 * DAY), w.endMs, 0.03);
  }
  for (let i = 0; i < CREATED[w.n]; i++) deals.push(genericDeal(bizTime(w.startMs, w.endMs, 0.03)));
}
for (const e of EXPLICIT) {
  deals.push({ ...e, amount_home: e.amount_home ?? null, created: at(e.created), closed: e.closed ? at(e.closed) : null });
}

deals.sort((a, b) => a.created - b.created);
const dealRows = deals.map((d, i) => ({
  id: String(184250101 + i * 7),
  name: d.name,
  amount: d.amount ?? '',
  currency: d.currency,
  amount_home: d.amount_home ?? '',
  created_at: iso(d.created),
  closed_at: iso(d.closed),
  stage_id: stageFor(d.pipeline, d.outcome),
  pipeline_id: d.pipeline,
  owner_id: d.owner,
  source: d.source,
}));

// ---------------------------------------------------------------------------------------------
// Sheet tabs: KPIs, Targets, Notes, Voice

const MANUAL = {
  //                W34    W35     W36   W37   W38     W39   W40   W41   W42   W43      W44   W45     W46   W47
  event_leads: [6, 4, 22, 9, 5, 31, 7, 12, 8, 5, 14, 36, 48, 30],
  webinar_signups: [31, 38, 42, 35, 44, 40, 29, 46, 39, 33, 41, 43, 45, 28],
  content_published: [3, 4, 2, 5, 3, 4, 3, 4, 6, 3, 4, 5, 4, 4],
  budget_spent: [4210, 5105.5, 6380, 3950, 4470.2, 7890, 4120, 5530, 4980, 4305.75, 4820, 5210.4, 4640, 6930],
  demo_show_rate: [0.74, 0.81, 0.77, 0.69, 0.83, 0.79, 0.8, 0.76, 0.82, 0.71, 0.78, 0.84, 0.81, 0.78],
};
/** Targets typed into the KPIs tab's target column (weekly). */
const ROW_TARGET = {
  webinar_signups: (n) => (n >= 40 ? 40 : ''),
  content_published: (n) => (n >= 44 ? 4 : ''),
  demo_show_rate: (n) => (n >= 45 ? 0.8 : ''),
};
/** Week cells the way team leads type them: mostly ISO, sometimes KW or a date in the week. */
const WEEK_CELL = {
  '40|event_leads': 'KW 40/2026',
  '42|budget_spent': '2026-10-14',
  '45|budget_spent': '2026-11-04',
  '46|event_leads': 'KW 46/2026',
  '46|webinar_signups': 'KW 46/2026',
  '47|demo_show_rate': 'KW47 2026',
  '47|content_published': '2026-11-18',
};
const kpiRows = [];
for (const w of WEEKS) {
  for (const [metric, values] of Object.entries(MANUAL)) {
    kpiRows.push({
      week: WEEK_CELL[`${w.n}|${metric}`] ?? w.id,
      metric,
      value: values[w.n - FIRST_WEEK],
      target: ROW_TARGET[metric]?.(w.n) ?? '',
    });
  }
}

const targetRows = [
  { metric: 'leads_new', period: 'week', from: '2026-08-03', target: 50 },
  { metric: 'mqls', period: 'week', from: '2026-08-03', target: 20 },
  { metric: 'sqls', period: 'week', from: '2026-08-03', target: 12 },
  { metric: 'median_first_touch_hours', period: 'week', from: '2026-08-03', target: 8 },
  { metric: 'win_rate', period: 'week', from: '2026-08-03', target: 0.3 },
  { metric: 'first_touch_sla_breaches', period: 'week', from: '2026-08-03', target: 2 },
  { metric: 'leads_new', period: 'month', from: '2026-08-01', target: 220 },
  { metric: 'deals_won', period: 'month', from: '2026-08-01', target: 14 },
  { metric: 'revenue_won', period: 'month', from: '2026-08-01', target: 300000 },
  { metric: 'event_leads', period: 'month', from: '2026-08-01', target: 120 },
  { metric: 'budget_spent', period: 'month', from: '2026-08-01', target: 24000 },
  // Agreed in the joint meeting of 30 Oct: more SQLs from November (replaces the 12 above from
  // KW 44 on, whose Sunday is 1 Nov), and a higher revenue goal for Q4.
  { metric: 'sqls', period: 'week', from: '2026-11-01', target: 15 },
  { metric: 'revenue_won', period: 'month', from: '2026-10-01', target: 320000 },
  // The same meeting raised the won target for November to 16 deals.
  { metric: 'deals_won', period: 'month', from: '2026-11-01', target: 16 },
];

/** Marketing's forecast (the optional Forecast tab); the November leads were revised upwards. */
const forecastRows = [
  { month: '2026-10', metric: 'leads_new', forecast: 230, note: '' },
  { month: '2026-10', metric: 'mqls', forecast: 80, note: '' },
  { month: '2026-11', metric: 'leads_new', forecast: 240, note: 'ohne Hausmesse' },
  { month: '2026-11', metric: 'mqls', forecast: 90, note: '' },
  { month: '2026-11', metric: 'sqls', forecast: 48, note: 'Webinar-Reihe „Shopfloor digital“' },
  { month: '2026-11', metric: 'leads_new', forecast: 250, note: 'nach der Hausmesse angehoben' },
];

const WIKI = 'https://wiki.nordlicht-software.de';
const NOTES = [
  // week, kind, team, author, title, details, link, owner, due, status
  ['2026-W34', 'Erfolg', 'Marketing', 'Franziska Heß', 'Whitepaper „Digitale Schichtübergabe“ veröffentlicht', 'Bereits 37 Downloads in drei Tagen, davon 9 neue Kontakte.', 'https://www.nordlicht-software.de/whitepaper/schichtuebergabe', '', '', ''],
  ['2026-W34', 'Veränderung', 'Vertrieb', 'Jürgen Weiß', 'Neue Kollegin im Vertrieb', 'Katharina Bäumer startet am 17.08. und übernimmt Nordrhein-Westfalen.', '', '', '', ''],
  ['2026-W35', 'success', 'sales', 'Leonie Groß', 'Zwei Pilotprojekte in einer Woche gestartet', '', '', '', '', ''],
  ['2026-W35', 'Nachbesserung', 'Marketing', 'Timo Krüger', 'UTM-Parameter in LinkedIn-Anzeigen fehlen', 'Leads aus Paid Social landen als DIRECT_TRAFFIC im CRM.', '', 'Timo Krüger', '2026-09-04', 'erledigt'],
  ['2026-W36', 'Erfolg', 'Beide', 'Franziska Heß', 'Messe Stuttgart: 22 Leads am Stand', 'Gemeinsamer Standdienst Marketing + Vertrieb hat sich bewährt.', '', '', '', ''],
  ['2026-W36', 'change', 'Marketing', 'Timo Krüger', 'Neues Kontaktformular auf der Website', 'Pflichtfeld „Anzahl Maschinen“ ergänzt, damit der Vertrieb besser priorisieren kann.', '', '', '', ''],
  ['2026-W37', 'Baustelle', 'Vertrieb', 'Jürgen Weiß', 'Alte Leads aus 2025 ohne Besitzer', 'Rund 140 Kontakte ohne Owner im CRM. Wer räumt auf?', '', 'Jürgen Weiß', '2026-09-30', 'offen'],
  ['2026-W37', 'Erfolg', 'Vertrieb', 'Anja Müller-Lüdenscheidt', 'Referenzkunde für SAP-Integration gewonnen', '', '', '', '', ''],
  ['KW 38/2026', 'Änderung', 'Beide', 'Franziska Heß', 'Gemeinsames Meeting jetzt donnerstags', 'Das Marketing-Vertrieb-Meeting findet ab sofort donnerstags um 10:00 statt.', '', '', '', ''],
  ['2026-W38', 'fix', 'sales', 'Leonie Groß', 'Demo-Termine ohne Vorbereitung', 'Zwei Demos ohne Branchenbeispiele – Vorlage fehlt.', '', 'Leonie Groß', '2026-09-25', 'done'],
  ['2026-W39', 'Erfolg', 'Marketing', 'Franziska Heß', 'Fachmesse: 31 Event-Leads', 'Bester Messeauftritt des Jahres.', '', '', '', ''],
  ['2026-W39', 'Nachbesserung', 'Beide', 'Timo Krüger', 'Messe-Leads zu spät im CRM', 'Import erst eine Woche nach der Messe. Ziel: innerhalb von 48 h.', '', 'Timo Krüger', '2026-10-02', 'erledigt'],
  ['2026-W40', 'success', 'Marketing', 'Timo Krüger', 'Google-Ads-Kampagne „OEE-Rechner“ gestartet', 'Kosten pro Lead bisher 41 €.', '', '', '', ''],
  ['2026-W40', 'Veränderung', 'Vertrieb', 'Jürgen Weiß', 'Preisliste 2027 freigegeben', 'Gilt für alle Angebote ab 01.11.2026.', `${WIKI}/vertrieb/preisliste-2027`, '', '', ''],
  ['2026-W41', 'Erfolg', 'Vertrieb', 'Jürgen Weiß', 'Erster Abschluss in den USA', 'Hoffmann Fördertechnik, Werk Charlotte: 25.000 USD Jahreslizenz.', '', '', '', ''],
  ['2026-W41', 'Baustelle', 'Marketing', 'Franziska Heß', 'Blog-Artikel zur DSGVO veraltet', '', '', 'Timo Krüger', '2026-10-16', 'erledigt'],
  ['2026-W42', 'Erfolg', 'Marketing', 'Timo Krüger', 'Newsletter mit Rekord-Öffnungsrate', '38 % Öffnungsrate, 6 % Klickrate – Thema Fallstudie SAP-Integration.', '', '', '', ''],
  ['2026-W42', 'change', 'Beide', 'Leonie Groß', 'Lead-Übergabe per Slack-Kanal #mql-alarm', '', '', '', '', ''],
  ['2026-W43', 'Erfolg', 'Vertrieb', 'Sören Köhler', 'Zwei Verlängerungen vorzeitig unterschrieben', '', '', '', '', ''],
  ['2026-W43', 'fix', 'Marketing', 'Franziska Heß', 'Formular-Tracking auf Landingpages defekt', 'Seit dem Website-Update fehlen bei ca. 20 % der Formular-Leads die Quelle und die Kampagne.', `${WIKI}/marketing/tracking`, 'Timo Krüger', '2026-10-30', 'offen'],
  ['2026-W44', 'Veränderung', 'Marketing', 'Franziska Heß', 'Budget-Umschichtung zu LinkedIn', '2.000 € von Google Ads zu LinkedIn Ads für November.', '', '', '', ''],
  ['KW 44/2026', 'Baustelle', 'Beide', 'Leonie Groß', 'Übergabe MQL → Vertrieb: Pflichtfelder fehlen', 'Telefonnummer und Unternehmensgröße fehlen bei jedem dritten MQL.', '', 'Leonie Groß', '2026-11-13', 'open'],
  ['2026-W45', 'Erfolg', 'Beide', 'Franziska Heß', 'Webinar-Reihe „Shopfloor digital“ gut gestartet', '43 Anmeldungen, 71 % Teilnahmequote.', '', '', '', ''],
  ['2026-W45', 'Nachbesserung', 'Vertrieb', 'Sören Köhler', 'Angebotsvorlage CHF ohne MwSt.-Hinweis', 'Schweizer Kunden erhalten Angebote ohne Hinweis auf das Reverse-Charge-Verfahren.', '', 'Sören Köhler', '2026-11-20', 'offen'],
  ['2026-W45', 'fix', 'Marketing', 'Timo Krüger', 'Newsletter-Abmeldelink führte auf 404', 'Behoben am 06.11., betroffen war nur der Versand vom 03.11.', '', 'Timo Krüger', '2026-11-06', 'erledigt'],
  ['2026-W46', 'Erfolg', 'Marketing', 'Franziska Heß', '48 Leads von der Hausmesse', 'Rekord bei den Event-Leads; Nachfassen läuft.', '', '', '', ''],
  ['2026-W46', 'Änderung', 'Vertrieb', 'Jürgen Weiß', 'CRM-Pflichtfeld „Wettbewerber“ bei verlorenen Deals', '', '', '', '', ''],
  ['2026-W46', 'fix', 'Vertrieb', 'Jürgen Weiß', 'Demo-Umgebung zweimal ausgefallen', 'Ursache: abgelaufenes Zertifikat. Monitoring ist eingerichtet.', '', 'Björn Schröder', '2026-11-13', 'done'],
  // Report week 2026-W47: 3 successes, 2 changes, 2 fixes
  ['2026-W47', 'Erfolg', 'Vertrieb', 'Jürgen Weiß', 'Müller Maschinenbau unterschreibt Jahreslizenz', 'Nach drei Monaten Evaluierung: 48.000 € Jahreslizenz. Den Ausschlag gab die Fallstudie zur SAP-Integration aus dem Oktober-Newsletter – danke ans Marketing!', '', '', '', ''],
  ['2026-W47', 'success', 'Beide', 'Leonie Groß', 'Erster Kunde in der Schweiz: Rheintal Präzision AG', 'Jahreslizenz über 36.000 CHF.\nDer Lead kam vom Messestand im September; die Demo haben wir gemeinsam mit Partner Alpentech gemacht.', `${WIKI}/vertrieb/referenzen/rheintal-praezision`, '', '', ''],
  ['2026-W47', 'Erfolg', 'Marketing', 'Franziska Heß', 'Fallstudie Schäfer Antriebstechnik ist online', 'Mit Zitat des Werkleiters und Kennzahlen (OEE +11 %). Bitte in Angeboten verlinken.', 'https://www.nordlicht-software.de/referenzen/schaefer-antriebstechnik', '', '', ''],
  ['2026-W47', 'Veränderung', 'Marketing', 'Timo Krüger', 'Neues Lead-Scoring seit 16.11. aktiv', 'MQL-Schwelle von 50 auf 65 Punkte angehoben: weniger, aber bessere MQLs.\nFeedback bitte bis Ende November an Timo.', `${WIKI}/marketing/lead-scoring`, '', '', ''],
  ['2026-W47', 'change', 'sales', 'Jürgen Weiß', 'Gebietsaufteilung Süd ab Dezember', 'Björn übernimmt Bayern, Sören Baden-Württemberg. Bestandskunden behalten ihren Ansprechpartner.', 'mailto:vertrieb@nordlicht-software.de?subject=Gebietsaufteilung%20S%C3%BCd', '', '', ''],
  ['2026-W47', 'Nachbesserung', 'Vertrieb', 'Leonie Groß', 'MQLs über 24 h ohne Rückmeldung', 'SLA mehrfach gerissen, vor allem bei Webinar-Leads. Ursache: Round-Robin berücksichtigt keine Urlaubsvertretung.', '', 'Björn Schröder', '2026-11-27', 'offen'],
  ['KW 47/2026', 'Baustelle', 'Marketing', 'Franziska Heß', 'Webinar-Anmeldungen unter Ziel', 'Nur 28 statt 40 Anmeldungen: Die Einladung ging erst am Donnerstag raus, die Erinnerung an Bestandskunden fehlte.', '', 'Timo Krüger', '25.11.2026', 'offen'],
];
const noteRows = NOTES.map(([week, kind, team, author, title, details, link, owner, due, status]) => ({ week, kind, team, author, title, details, link, owner, due, status }));

const VOICE = [
  // week, topic, quote, author, source
  ['2026-W35', 'Preisgestaltung', 'Pro Nutzer zahlen passt nicht zu uns – bei uns teilen sich drei Schichten ein Terminal.', 'Sören Köhler', 'call'],
  ['2026-W36', 'Integration SAP', 'Läuft das auch mit SAP ECC, oder nur mit S/4HANA?', 'Anja Müller-Lüdenscheidt', 'meeting'],
  ['2026-W38', 'Datenschutz / DSGVO', 'Wo stehen Ihre Server? Unser Betriebsrat will das schriftlich.', 'Björn Schröder', 'meeting'],
  ['2026-W39', 'Onboarding', 'Wie lange dauert die Einführung, wenn wir keine eigene IT haben?', 'Leonie Groß', 'call'],
  ['2026-W40', 'Preisgestaltung', 'Gibt es einen Einstiegstarif für ein einzelnes Werk?', 'Katharina Bäumer', 'call'],
  ['2026-W41', 'Integration SAP', 'Die Rückmeldung der Fertigungsaufträge an SAP ist für uns das Killerkriterium.', 'Jürgen Weiß', 'meeting'],
  ['2026-W42', 'Datenschutz / DSGVO', 'Brauchen wir einen Auftragsverarbeitungsvertrag, und haben Sie eine Vorlage?', 'Sören Köhler', 'ticket'],
  ['2026-W43', 'Onboarding', 'Die Schulungsvideos sind gut, aber wir brauchen sie auch auf Türkisch.', 'Katharina Bäumer', 'ticket'],
  ['2026-W44', 'Preisgestaltung', 'Der Wettbewerber bietet 20 % Rabatt bei drei Jahren Laufzeit.', 'Björn Schröder', 'call'],
  ['2026-W45', 'Integration SAP', 'Wir wollen erst sehen, wie das bei einem anderen Kunden mit SAP läuft.', 'Anja Müller-Lüdenscheidt', 'meeting'],
  ['2026-W46', 'Onboarding', 'Können Sie die Stammdaten für uns aus Excel übernehmen?', 'Leonie Groß', 'call'],
  ['2026-W46', 'Datenschutz / DSGVO', 'Werden Maschinendaten mit Personenbezug gespeichert, z. B. wer an welcher Maschine war?', 'Sören Köhler', 'meeting'],
  // Report week 2026-W47: 7 quotes, 4 topics
  ['2026-W47', 'Preisgestaltung', 'Jahreslizenz ist okay, aber wir brauchen eine Staffel ab 100 Nutzern.', 'Anja Müller-Lüdenscheidt', 'call'],
  ['2026-W47', 'Preisgestaltung', 'In der Schweiz erwarten wir Preise in Franken, nicht in Euro.', 'Leonie Groß', 'meeting'],
  ['2026-W47', 'Integration SAP', 'Ohne fertigen SAP-Konnektor kommen wir an unserer IT nicht vorbei.', 'Sören Köhler', 'meeting'],
  ['2026-W47', 'Integration SAP', 'Wie schnell sind die Daten im SAP – Echtzeit oder nachts per Batch?', 'Björn Schröder', 'call'],
  ['2026-W47', 'Datenschutz / DSGVO', 'Unser Datenschutzbeauftragter fragt: "Wo genau liegen die Daten, und wer hat Zugriff?"', 'Katharina Bäumer', 'ticket'],
  ['2026-W47', 'Datenschutz / DSGVO', 'Hosting in Deutschland war für uns der Grund, Sie überhaupt anzufragen.', 'Jürgen Weiß', 'meeting'],
  ['2026-W47', 'Onboarding', 'Die Schichtleiter brauchen eine Schulung vor Ort, nicht nur Videos.', 'Leonie Groß', 'call'],
];
const voiceRows = VOICE.map(([week, topic, quote, author, source]) => ({ week, topic, quote, author, source }));

// ---------------------------------------------------------------------------------------------

mkdirSync(outDir, { recursive: true });
writeCsv('owners.csv', ['id', 'name', 'email'], OWNERS);
writeCsv('stages.csv', ['pipeline_id', 'stage_id', 'label', 'outcome'], STAGES);
writeCsv('contacts.csv', ['id', 'created_at', 'mql_at', 'sql_at', 'first_touch_at', 'source', 'owner_id', 'lead_status', 'disqualification_reason', 'first_conversion'], contactRows);
writeCsv('deals.csv', ['id', 'name', 'amount', 'currency', 'amount_home', 'created_at', 'closed_at', 'stage_id', 'pipeline_id', 'owner_id', 'source'], dealRows);
writeCsv('kpis.csv', ['week', 'metric', 'value', 'target'], kpiRows);
writeCsv('targets.csv', ['metric', 'period', 'from', 'target'], targetRows);
writeCsv('notes.csv', ['week', 'kind', 'team', 'author', 'title', 'details', 'link', 'owner', 'due', 'status'], noteRows);
writeCsv('voice.csv', ['week', 'topic', 'quote', 'author', 'source'], voiceRows);
writeCsv('forecast.csv', ['month', 'metric', 'forecast', 'note'], forecastRows);

// ---------------------------------------------------------------------------------------------
// Definitions and People (optional tabs), with German headers as team leads type them. The
// MQL threshold changes from Monday 16 Nov 2026 (the W47 change note announces it); the people
// corner has entries in W46 (past), W47, W48 (shown) and W49 (too far ahead).

const DEFINITIONS = [
  // Begriff, Definition, ab, Verantwortlich
  ['MQL', 'ab 50 Punkten Lead-Score', '2026-01-01', 'Timo Krüger'],
  ['SQL', 'Bedarf, Budget und Zeitplan im Erstgespräch bestätigt', '2026-01-01', 'Jürgen Weiß'],
  ['SLA', 'Erstkontakt innerhalb von 24 Stunden nach dem MQL', '2026-09-01', 'Leonie Groß'],
  ['MQL', 'ab 65 Punkten Lead-Score', '2026-11-16', 'Timo Krüger'],
];
writeCsv('definitions.csv', ['Begriff', 'Definition', 'ab', 'Verantwortlich'],
  DEFINITIONS.map(([Begriff, Definition, ab, Verantwortlich]) => ({ Begriff, Definition, ab, Verantwortlich })));

const PEOPLE = [
  // Woche, Art, Titel, wann, wer, Link, Plätze
  ['2026-W46', 'Hospitation', 'Demo bei Rheintal Präzision AG begleiten', '2026-11-10', 'Leonie Groß', '', '0'],
  ['2026-W47', 'Hospitation', 'Kundentermin bei Müller Maschinenbau begleiten', '2026-11-19', 'Jürgen Weiß', 'mailto:juergen.weiss@nordlicht-software.de?subject=Hospitation', '2'],
  ['2026-W47', 'Mittagessen', 'Marketing & Vertrieb an einem Tisch', 'Freitag, 12:30 Uhr, Kantine', 'Franziska Heß', '', ''],
  ['2026-W48', 'Mitlaufen', 'Zuschauen, wie die Webinar-Kampagne entsteht', '2026-11-25', 'Franziska Heß', '', '0'],
  ['2026-W48', 'Neu', 'Lena Brandt startet im Inside Sales', 'ab 1. Dezember', 'Lena Brandt', '', ''],
  ['2026-W49', 'Essen', 'Weihnachtsessen beider Teams', '2026-12-11', 'Timo Krüger', '', '12'],
];
writeCsv('people.csv', ['Woche', 'Art', 'Titel', 'wann', 'wer', 'Link', 'Plätze'],
  PEOPLE.map(([Woche, Art, Titel, wann, wer, Link, Plätze]) => ({ Woche, Art, Titel, wann, wer, Link, Plätze })));
