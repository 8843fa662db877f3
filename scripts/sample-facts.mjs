#!/usr/bin/env node
/**
 * Reads the sample CSVs (data/sample/) and prints the figures per ISO week as the SPEC defines
 * them (week = [Monday 00:00, next Monday 00:00) in Europe/Berlin), the report week's details
 * and consistency checks. Independent of the application code on purpose: it is the second
 * opinion the README's figures come from.
 *
 * Usage: node scripts/sample-facts.mjs [folder, default data/sample] [--week 2026-W47]
 * Exits 1 when a consistency or design check fails.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DateTime } from 'luxon';

const ZONE = 'Europe/Berlin';
const HOUR = 3_600_000;
const SLA_MS = 24 * HOUR;
const RATES = { EUR: 1, CHF: 1.06, USD: 0.92 };
const CARRY_WEEKS = 8;

const args = process.argv.slice(2);
const weekArg = args.includes('--week') ? args[args.indexOf('--week') + 1] : '2026-W47';
const folderArg = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--week');
const here = dirname(fileURLToPath(import.meta.url));
const dir = resolve(folderArg ?? join(here, '..', 'data', 'sample'));

// ---------------------------------------------------------------------------------------------
// CSV (RFC 4180)

function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { row.push(field); field = ''; }
    else if (ch === '\n') { row.push(field); rows.push(row); row = []; field = ''; }
    else if (ch === '\r') continue;
    else field += ch;
  }
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  return rows;
}
const problems = [];
function load(name) {
  const raw = readFileSync(join(dir, name));
  if (raw[0] === 0xef && raw[1] === 0xbb && raw[2] === 0xbf) problems.push(`${name}: has a BOM`);
  const text = raw.toString('utf8');
  if (text.includes('\r')) problems.push(`${name}: contains \\r`);
  const [header, ...rows] = parseCsv(text);
  rows.forEach((r, i) => { if (r.length !== header.length) problems.push(`${name} row ${i + 2}: ${r.length} fields, header has ${header.length}`); });
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
}

const ts = (s) => {
  if (s === '') return null;
  const d = DateTime.fromISO(s, { setZone: true });
  if (!d.isValid) { problems.push(`bad timestamp ${s}`); return null; }
  // The offset must be Berlin's at that instant.
  const expect = DateTime.fromMillis(d.toMillis(), { zone: ZONE }).offset;
  if (d.offset !== expect) problems.push(`${s}: offset is not Europe/Berlin's (${expect} min)`);
  return d.toMillis();
};

// ---------------------------------------------------------------------------------------------
// Weeks

function weekOf(id) {
  const m = /^(\d{4})-W(\d{2})$/.exec(id);
  const start = DateTime.fromObject({ weekYear: +m[1], weekNumber: +m[2], weekday: 1 }, { zone: ZONE }).startOf('day');
  return { id, start, startMs: start.toMillis(), endMs: start.plus({ weeks: 1 }).toMillis(), sunday: start.plus({ days: 6 }).toISODate() };
}
const shiftWeek = (id, n) => {
  const d = weekOf(id).start.plus({ weeks: n });
  return `${d.weekYear}-W${String(d.weekNumber).padStart(2, '0')}`;
};
/** A sheet week cell: 2026-W47, KW 47/2026, KW47 2026, or a date in the week. */
function sheetWeek(cell) {
  const s = cell.trim();
  if (/^\d{4}-W\d{2}$/.test(s)) return s;
  const kw = /^KW\s*(\d{1,2})\s*(?:\/\s*|\s+)(\d{4})$/i.exec(s);
  if (kw) return `${kw[2]}-W${kw[1].padStart(2, '0')}`;
  const d = DateTime.fromISO(s, { zone: ZONE });
  if (d.isValid) return `${d.weekYear}-W${String(d.weekNumber).padStart(2, '0')}`;
  problems.push(`unreadable week cell "${cell}"`);
  return null;
}

// ---------------------------------------------------------------------------------------------
// Records

const owners = load('owners.csv');
const ownerName = Object.fromEntries(owners.map((o) => [o.id, o.name]));
const ownerEmail = Object.fromEntries(owners.map((o) => [o.id, o.email || null]));
const stages = load('stages.csv');
const outcomeOf = new Map(stages.map((s) => [`${s.pipeline_id}|${s.stage_id}`, s.outcome]));
const contacts = load('contacts.csv').map((c) => ({
  ...c, created: ts(c.created_at), mql: ts(c.mql_at), sql: ts(c.sql_at), touch: ts(c.first_touch_at),
}));
const deals = load('deals.csv').map((d) => ({
  ...d, created: ts(d.created_at), closed: ts(d.closed_at), outcome: outcomeOf.get(`${d.pipeline_id}|${d.stage_id}`),
}));
const kpis = load('kpis.csv').map((k) => ({ ...k, weekId: sheetWeek(k.week), value: Number(k.value), target: k.target === '' ? null : Number(k.target) }));
const targets = load('targets.csv');
const notes = load('notes.csv').map((n) => ({ ...n, weekId: sheetWeek(n.week) }));
const voice = load('voice.csv').map((v) => ({ ...v, weekId: sheetWeek(v.week) }));
const forecasts = (() => {
  try {
    return load('forecast.csv');
  } catch {
    return [];
  }
})();

const KIND = { success: 'success', erfolg: 'success', change: 'change', 'veränderung': 'change', 'änderung': 'change', fix: 'fix', nachbesserung: 'fix', baustelle: 'fix' };
const STATUS = { '': 'open', open: 'open', offen: 'open', done: 'done', erledigt: 'done' };
for (const n of notes) {
  n.k = KIND[n.kind.toLowerCase()];
  n.s = STATUS[n.status.toLowerCase()];
  if (!n.k) problems.push(`notes: unknown kind ${n.kind}`);
  if (!n.s) problems.push(`notes: unknown status ${n.status}`);
}

// ---------------------------------------------------------------------------------------------
// Consistency checks

const SOURCES = new Set(['ORGANIC_SEARCH', 'PAID_SEARCH', 'EMAIL_MARKETING', 'SOCIAL_MEDIA', 'REFERRALS', 'OTHER_CAMPAIGNS', 'DIRECT_TRAFFIC', 'OFFLINE', 'PAID_SOCIAL']);
const ids = new Set();
let sqlBeforeMql = 0;
let touchBeforeMql = 0;
for (const c of contacts) {
  if (ids.has(c.id)) problems.push(`duplicate contact id ${c.id}`);
  ids.add(c.id);
  if (c.mql !== null && c.mql < c.created) problems.push(`contact ${c.id}: mql before created`);
  if (c.sql !== null && c.mql === null) problems.push(`contact ${c.id}: sql without mql`);
  if (c.sql !== null && c.sql < c.created) problems.push(`contact ${c.id}: sql before created`);
  if (c.sql !== null && c.mql !== null && c.sql < c.mql) sqlBeforeMql++;
  if (c.touch !== null && c.touch < c.created) problems.push(`contact ${c.id}: touch before created`);
  if (c.touch !== null && c.mql !== null && c.touch < c.mql) touchBeforeMql++;
  if (c.mql !== null && !c.owner_id) problems.push(`contact ${c.id}: MQL without owner`);
  if (c.owner_id && !ownerName[c.owner_id]) problems.push(`contact ${c.id}: unknown owner`);
  if (!SOURCES.has(c.source)) problems.push(`contact ${c.id}: unknown source ${c.source}`);
}
const dealIds = new Set();
for (const d of deals) {
  if (dealIds.has(d.id)) problems.push(`duplicate deal id ${d.id}`);
  dealIds.add(d.id);
  if (!d.outcome) problems.push(`deal ${d.id}: unknown stage ${d.pipeline_id}/${d.stage_id}`);
  if (d.outcome === 'open' && d.closed !== null) problems.push(`deal ${d.id}: open but closed_at set`);
  if (d.outcome !== 'open' && d.closed === null) problems.push(`deal ${d.id}: ${d.outcome} without closed_at`);
  if (d.closed !== null && d.closed < d.created) problems.push(`deal ${d.id}: closed before created`);
  if (!ownerName[d.owner_id]) problems.push(`deal ${d.id}: unknown owner`);
  if (d.amount !== '' && !/^\d+(\.\d+)?$/.test(d.amount)) problems.push(`deal ${d.id}: amount "${d.amount}"`);
  if (!RATES[d.currency]) problems.push(`deal ${d.id}: currency ${d.currency}`);
}

/** Home amount: CRM home amount, else EUR amount, else configured rate; null when unusable. */
function home(d) {
  if (d.amount_home !== '') return Number(d.amount_home);
  if (d.amount === '') return null;
  return Math.round(Number(d.amount) * RATES[d.currency] * 100) / 100;
}

// ---------------------------------------------------------------------------------------------
// Metrics per week (SPEC)

const status = (att) => (att === null ? 'on_track' : att >= 1 - 1e-9 ? 'on_track' : att >= 0.9 - 1e-9 ? 'at_risk' : 'off_track');
const inR = (ms, r) => ms !== null && ms >= r.startMs && ms < r.endMs;
const median = (v) => {
  if (!v.length) return null;
  const s = [...v].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const breach = (c, endMs) => c.mql !== null && (c.touch === null ? c.mql + SLA_MS < endMs : c.touch > c.mql + SLA_MS);

function metrics(weekId) {
  const w = weekOf(weekId);
  const roll = { startMs: weekOf(shiftWeek(weekId, -3)).startMs, endMs: w.endMs };
  const mqls = contacts.filter((c) => inR(c.mql, w));
  const cohort = contacts.filter((c) => inR(c.mql, roll));
  const created = deals.filter((d) => inR(d.created, w));
  const won = deals.filter((d) => d.outcome === 'won' && inR(d.closed, w));
  const lost = deals.filter((d) => d.outcome === 'lost' && inR(d.closed, w));
  const won4 = deals.filter((d) => d.outcome === 'won' && inR(d.closed, roll)).length;
  const lost4 = deals.filter((d) => d.outcome === 'lost' && inR(d.closed, roll)).length;
  const wonAmounts = won.map(home).filter((a) => a !== null);
  const revenue = wonAmounts.reduce((s, a) => s + a, 0);
  const touched = mqls.filter((c) => c.touch !== null).map((c) => (c.touch - c.mql) / HOUR);
  return {
    week: weekId,
    leads_new: contacts.filter((c) => inR(c.created, w)).length,
    mqls: mqls.length,
    sqls: contacts.filter((c) => inR(c.sql, w)).length,
    mql_to_sql_rate: cohort.length ? cohort.filter((c) => c.sql !== null && c.sql < roll.endMs).length / cohort.length : null,
    deals_created: created.length,
    pipeline_created: created.map(home).filter((a) => a !== null).reduce((s, a) => s + a, 0),
    deals_won: won.length,
    revenue_won: revenue,
    deals_lost: lost.length,
    win_rate: won4 + lost4 ? won4 / (won4 + lost4) : null,
    avg_deal_size: wonAmounts.length ? revenue / wonAmounts.length : null,
    first_touch_sla_breaches: mqls.filter((c) => breach(c, w.endMs)).length,
    median_first_touch_hours: median(touched),
    // SLA breaches per owner *id* (two owners of one name are two rows), most first.
    sla_by_owner: Object.values(mqls.filter((c) => breach(c, w.endMs)).reduce((acc, c) => {
      const id = c.owner_id || null;
      acc[id] ??= { ownerId: id, owner: id === null ? '(nicht zugewiesen)' : ownerName[id] ?? `unbekannt (${id})`, email: id === null ? null : ownerEmail[id] ?? null, count: 0 };
      acc[id].count++;
      return acc;
    }, {})).sort((a, b) => b.count - a.count || String(a.ownerId).localeCompare(String(b.ownerId))),
    _won: won, _lost: lost, _mqls: mqls, _created: created,
  };
}


// ---------------------------------------------------------------------------------------------
// Planning the funnel together (SPEC): planning, capacity, topics, quality per report week

const BASIS_WEEKS = 12;
const LOOKBACK_MS = 30 * 24 * HOUR;
const BOTTLENECK_WEEKS = 1;
const REJECTED = new Set(['UNQUALIFIED', 'BAD_TIMING']);
const UNASSIGNED = '(nicht zugewiesen)';
const r4 = (x) => (x === null ? null : Math.round(x * 1e4) / 1e4);
const r2 = (x) => (x === null ? null : Math.round(x * 100) / 100);
const cp = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
/** ceil(p / q) for whole p ≥ 0, q > 0, in BigInt. */
const ceilDiv = (p, q) => Number((p + q - 1n) / q);
const bigOf = (x) => { let d = 0; while (!Number.isInteger(x * 10 ** d) && d < 6) d++; return [BigInt(Math.round(x * 10 ** d)), 10n ** BigInt(d)]; };

function monthTarget(metric, sunday) {
  let best = null;
  for (const t of targets) if (t.metric === metric && t.period === 'month' && t.from <= sunday && (!best || t.from >= best.from)) best = t;
  return best ? Number(best.target) : null;
}

function together(weekId) {
  const w = weekOf(weekId);
  const end = w.endMs;
  const isRejected = (c) => REJECTED.has(c.lead_status.trim().toUpperCase()) && !(c.sql !== null && c.sql < end);

  // planning
  const sums = { leads: 0, mqls: 0, sqls: 0, won: 0 };
  for (let i = BASIS_WEEKS - 1; i >= 0; i--) {
    const m = metrics(shiftWeek(weekId, -i));
    sums.leads += m.leads_new; sums.mqls += m.mqls; sums.sqls += m.sqls; sums.won += m.deals_won;
  }
  const basis = { startMs: weekOf(shiftWeek(weekId, -(BASIS_WEEKS - 1))).startMs, endMs: end };
  let wonTarget = null;
  let from = null;
  const dealsTarget = monthTarget('deals_won', w.sunday);
  const revenueTarget = monthTarget('revenue_won', w.sunday);
  if (dealsTarget !== null) { wonTarget = dealsTarget; from = 'deals_won'; }
  else if (revenueTarget !== null) {
    const amounts = deals.filter((d) => d.outcome === 'won' && inR(d.closed, basis)).map(home).filter((a) => a !== null);
    const sum = amounts.reduce((a, b) => a + b, 0);
    if (amounts.length && sum > 0) { wonTarget = Math.ceil(Math.round((revenueTarget * amounts.length / sum) * 1e6) / 1e6); from = 'revenue_won'; }
  }
  let planning = null;
  if (wonTarget !== null && wonTarget > 0) {
    const sunday = DateTime.fromISO(w.sunday, { zone: ZONE });
    const mStart = sunday.startOf('month');
    const mRange = { startMs: mStart.toMillis(), endMs: Math.min(end, mStart.plus({ months: 1 }).toMillis()) };
    const el = sunday.day;
    const dm = sunday.daysInMonth;
    // need = ceil(below × den / num) with whole sums; BigInt, no float rate
    const back = (below, num, den) => {
      if (below === null || num === 0 || den === 0) return null;
      const [p, q] = bigOf(below);
      return ceilDiv(p * BigInt(den), q * BigInt(num));
    };
    const nSqls = back(wonTarget, sums.won, sums.sqls);
    const nMqls = back(nSqls, sums.sqls, sums.mqls);
    const nLeads = back(nMqls, sums.mqls, sums.leads);
    const need = { leads_new: nLeads, mqls: nMqls, sqls: nSqls };
    const mtd = {
      leads_new: contacts.filter((c) => inR(c.created, mRange)).length,
      mqls: contacts.filter((c) => inR(c.mql, mRange)).length,
      sqls: contacts.filter((c) => inR(c.sql, mRange)).length,
      deals_won: deals.filter((d) => d.outcome === 'won' && inR(d.closed, mRange)).length,
    };
    const month = mStart.toFormat('yyyy-MM');
    const fc = {};
    for (const f of forecasts) {
      const fm = /^\d{4}-\d{2}$/.test(f.month) ? f.month : DateTime.fromISO(f.month).toFormat('yyyy-MM');
      if (fm === month) fc[f.metric] = Number(f.forecast);
    }
    const keys = ['leads_new', 'mqls', 'sqls'];
    const per = (fn) => Object.fromEntries(keys.map((k) => [k, fn(k)]));
    const pace = per((k) => (need[k] === null ? null : r4((mtd[k] * dm) / (need[k] * el))));
    planning = {
      month, basisWeeks: BASIS_WEEKS,
      rates: { leadToMql: sums.leads ? r4(sums.mqls / sums.leads) : null, mqlToSql: sums.mqls ? r4(sums.sqls / sums.mqls) : null, sqlToWon: sums.sqls ? r4(sums.won / sums.sqls) : null },
      wonTarget, wonTargetFrom: from, need, mtd,
      expected: per((k) => (need[k] === null ? null : r2((need[k] * el) / dm))),
      pace,
      status: per((k) => (pace[k] === null ? 'no_target' : status(pace[k]))),
      forecast: per((k) => fc[k] ?? null),
      gap: per((k) => (fc[k] === undefined || need[k] === null ? null : r2(fc[k] - need[k]))),
    };
  }

  // capacity
  const look = contacts.filter((c) => c.mql !== null && c.mql >= end - LOOKBACK_MS && c.mql < end);
  const backlog = look.filter((c) => !(c.touch !== null && c.touch < end) && !(c.sql !== null && c.sql < end) && !isRejected(c));
  const touchedN = look.filter((c) => inR(c.touch, w)).length;
  const perOwner = {};
  for (const c of backlog) {
    const key = c.owner_id || '';
    perOwner[key] = (perOwner[key] ?? 0) + 1;
  }
  const capacity = {
    backlog: backlog.length,
    backlogMedianAgeHours: r2(median(backlog.map((c) => (end - c.mql) / HOUR))),
    touched: touchedN,
    backlogWeeks: touchedN ? r4(backlog.length / touchedN) : null,
    status: (touchedN ? backlog.length / touchedN >= BOTTLENECK_WEEKS : backlog.length > 0) ? 'bottleneck' : 'ok',
    byOwner: Object.entries(perOwner)
      .map(([id, count]) => ({ ownerId: id || null, owner: id ? ownerName[id] ?? id : UNASSIGNED, count }))
      .sort((a, b) => b.count - a.count || cp(a.owner, b.owner))
      .slice(0, 5),
  };

  // topics and quality: the 4 weeks ending with the report week
  const roll = { startMs: weekOf(shiftWeek(weekId, -3)).startMs, endMs: end };
  const topicRows = {};
  let unknown = 0;
  for (const c of contacts) {
    const isM = inR(c.mql, roll);
    const isS = inR(c.sql, roll);
    if (!isM && !isS) continue;
    const t = c.first_conversion.trim();
    if (!t) { unknown++; continue; }
    const row = (topicRows[t] ??= { topic: t, mqls: 0, sqls: 0, conv: 0 });
    if (isM) { row.mqls++; if (c.sql !== null && c.sql < end) row.conv++; }
    if (isS) row.sqls++;
  }
  const topicsOut = {
    items: Object.values(topicRows)
      .sort((a, b) => b.sqls - a.sqls || b.mqls - a.mqls || cp(a.topic, b.topic))
      .slice(0, 5)
      .map((r) => ({ topic: r.topic, mqls: r.mqls, sqls: r.sqls, mqlToSql: r.mqls ? r4(r.conv / r.mqls) : null })),
    topicsUnknown: unknown,
  };
  const cohort = contacts.filter((c) => inR(c.mql, roll));
  const rej = cohort.filter(isRejected);
  const srcRows = {};
  for (const c of cohort) {
    const s = (srcRows[c.source || 'UNKNOWN'] ??= { source: c.source || 'UNKNOWN', cohort: 0, rejected: 0 });
    s.cohort++;
    if (isRejected(c)) s.rejected++;
  }
  const reasonCount = new Map();
  for (const c of rej) {
    const r = c.disqualification_reason.trim() || null;
    reasonCount.set(r, (reasonCount.get(r) ?? 0) + 1);
  }
  const quality = {
    cohort: cohort.length,
    rejected: rej.length,
    rejectionRate: cohort.length ? r4(rej.length / cohort.length) : null,
    bySource: Object.values(srcRows).filter((s) => s.rejected > 0)
      .sort((a, b) => b.rejected - a.rejected || cp(a.source, b.source)).slice(0, 5)
      .map((s) => ({ ...s, rate: r4(s.rejected / s.cohort) })),
    reasons: [...reasonCount.entries()].map(([reason, count]) => ({ reason, count }))
      .sort((a, b) => b.count - a.count || (a.reason === b.reason ? 0 : a.reason === null ? 1 : b.reason === null ? -1 : cp(a.reason, b.reason)))
      .slice(0, 5),
  };
  return { planning, capacity, topics: topicsOut, quality };
}

const allWeeks = [...new Set(contacts.map((c) => {
  const d = DateTime.fromMillis(c.created, { zone: ZONE });
  return `${d.weekYear}-W${String(d.weekNumber).padStart(2, '0')}`;
}))].sort();

// `--json`: the per-week CRM metrics as JSON (an independent cross-check of the model's trends,
// used by test/model/independent-check.test.ts), then stop.
if (args.includes('--json')) {
  const out = {};
  for (const id of allWeeks) {
    const { _won, _lost, _mqls, _created, ...figures } = metrics(id);
    out[id] = { ...figures, together: together(id) };
  }
  console.log(JSON.stringify(out));
  process.exit(problems.length ? 1 : 0);
}

const fmt = (v, digits = 2) => (v === null ? '–' : Number.isInteger(v) ? String(v) : v.toFixed(digits));
const COLS = ['leads_new', 'mqls', 'sqls', 'mql_to_sql_rate', 'deals_created', 'pipeline_created', 'deals_won', 'revenue_won', 'deals_lost', 'win_rate', 'avg_deal_size', 'first_touch_sla_breaches', 'median_first_touch_hours'];
const SHORT = ['leads', 'mqls', 'sqls', 'm→s4w', 'created', 'pipeline', 'won', 'revenue', 'lost', 'win4w', 'avg', 'sla', 'medTouchH'];
console.log(`# Sample facts (${dir})\n`);
console.log('## CRM metrics per week\n');
console.log(`| week | ${SHORT.join(' | ')} |`);
console.log(`|${'---|'.repeat(SHORT.length + 1)}`);
const perWeek = {};
for (const id of allWeeks) {
  const m = metrics(id);
  perWeek[id] = m;
  console.log(`| ${id} | ${COLS.map((c) => fmt(m[c], c.includes('rate') ? 3 : 2)).join(' | ')} |`);
}

// ---------------------------------------------------------------------------------------------
// The report week

const R = weekArg;
const rw = weekOf(R);
const m = perWeek[R] ?? metrics(R);
const prev = perWeek[shiftWeek(R, -1)] ?? metrics(shiftWeek(R, -1));
const sunday = DateTime.fromISO(rw.sunday, { zone: ZONE });
const monthStart = sunday.startOf('month');
const mtdRange = { startMs: monthStart.toMillis(), endMs: Math.min(rw.endMs, monthStart.plus({ months: 1 }).toMillis()) };
const elapsed = sunday.day;
const days = sunday.daysInMonth;

const LOWER = new Set(['deals_lost', 'first_touch_sla_breaches', 'median_first_touch_hours', 'budget_spent']);
function applicable(metric, period) {
  let best = null;
  for (const t of targets) if (t.metric === metric && t.period === period && t.from <= rw.sunday && (!best || t.from >= best.from)) best = t;
  return best ? Number(best.target) : null;
}
const attainment = (metric, value, target) => (LOWER.has(metric) ? (value === 0 ? null : target / value) : target === 0 ? null : value / target);

const crmMtd = {
  leads_new: contacts.filter((c) => inR(c.created, mtdRange)).length,
  mqls: contacts.filter((c) => inR(c.mql, mtdRange)).length,
  sqls: contacts.filter((c) => inR(c.sql, mtdRange)).length,
  deals_created: deals.filter((d) => inR(d.created, mtdRange)).length,
  deals_won: deals.filter((d) => d.outcome === 'won' && inR(d.closed, mtdRange)).length,
  revenue_won: deals.filter((d) => d.outcome === 'won' && inR(d.closed, mtdRange)).map(home).filter((a) => a !== null).reduce((s, a) => s + a, 0),
  deals_lost: deals.filter((d) => d.outcome === 'lost' && inR(d.closed, mtdRange)).length,
};
const manualIds = [...new Set(kpis.map((k) => k.metric))];
const manualValue = (metric, weekId) => kpis.find((k) => k.metric === metric && k.weekId === weekId) ?? null;
const monthWeeks = [];
for (let id = R; weekOf(id).sunday.slice(0, 7) === rw.sunday.slice(0, 7); id = shiftWeek(id, -1)) monthWeeks.unshift(id);

console.log(`\n## Report week ${R} (${DateTime.fromMillis(rw.startMs, { zone: ZONE }).toISO()} – ${DateTime.fromMillis(rw.endMs, { zone: ZONE }).toISO()})\n`);
console.log(`MTD: ${monthStart.toISODate()} … ${rw.sunday} = ${elapsed}/${days} days; manual KPI MTD weeks: ${monthWeeks.join(', ')}\n`);
console.log('| metric | value | previous | Δ% | weekly target | attainment | MTD | monthly target | expected | pace | status |');
console.log('|---|---|---|---|---|---|---|---|---|---|---|');
const statuses = {};
function kpiLine(metric, value, previous, rowTarget, mtd) {
  const weekly = rowTarget ?? applicable(metric, 'week');
  const monthly = applicable(metric, 'month');
  const deltaRatio = previous ? (value - previous) / Math.abs(previous) : null;
  let att = null;
  let st = 'no_target';
  let expected = null;
  let pace = null;
  if (monthly !== null && mtd !== null) {
    expected = (monthly * elapsed) / days;
    pace = mtd / expected;
  }
  if (weekly !== null) { att = value === null ? null : attainment(metric, value, weekly); st = status(att); }
  else if (pace !== null) { st = status(LOWER.has(metric) ? (mtd === 0 ? null : expected / mtd) : pace); }
  statuses[metric] = { st, deltaRatio };
  console.log(`| ${metric} | ${fmt(value, 4)} | ${fmt(previous, 4)} | ${deltaRatio === null ? '–' : (deltaRatio * 100).toFixed(1)} | ${fmt(weekly)} | ${att === null ? '–' : att.toFixed(4)} | ${fmt(mtd)} | ${fmt(monthly)} | ${fmt(expected)} | ${pace === null ? '–' : pace.toFixed(4)} | ${st} |`);
}
for (const c of COLS) kpiLine(c, m[c], prev[c], null, crmMtd[c] ?? null);
for (const id of manualIds) {
  const row = manualValue(id, R);
  const p = manualValue(id, shiftWeek(R, -1));
  const mtd = monthWeeks.map((w) => manualValue(id, w)?.value ?? 0).reduce((s, v) => s + v, 0);
  kpiLine(id, row?.value ?? null, p?.value ?? null, row?.target ?? null, id === 'demo_show_rate' ? null : mtd);
}
const movers = Object.entries(statuses).filter(([, s]) => s.deltaRatio !== null && Math.abs(s.deltaRatio) >= 0.2 - 1e-9).map(([k]) => k);
console.log(`\nMovers (|Δ| ≥ 20 %): ${movers.join(', ') || 'none'}`);

console.log(`\n### Won deals in ${R} (largest first)\n`);
for (const d of [...m._won].sort((a, b) => (home(b) ?? -1) - (home(a) ?? -1))) {
  console.log(`- ${d.id} ${d.name}: ${d.amount || '(no amount)'} ${d.currency}${d.amount_home ? ` (home ${d.amount_home})` : ''} → ${home(d) ?? 'no usable amount'} EUR; pipeline ${d.pipeline_id}/${d.stage_id}; ${ownerName[d.owner_id]}; ${d.source}; closed ${d.closed_at}`);
}
console.log(`\n### Lost deals in ${R}\n`);
for (const d of m._lost) console.log(`- ${d.id} ${d.name}: ${d.amount} ${d.currency}; pipeline ${d.pipeline_id}/${d.stage_id}; ${ownerName[d.owner_id]}; closed ${d.closed_at}`);
const createdBy = m._created.reduce((acc, d) => ((acc[d.pipeline_id] = (acc[d.pipeline_id] ?? 0) + 1), acc), {});
console.log(`\nDeals created in ${R}: ${m._created.length} (${Object.entries(createdBy).map(([p, n]) => `${p}: ${n}`).join(', ')}), pipeline ${fmt(m.pipeline_created)} EUR`);

console.log(`\n### MQLs of ${R} and first touch (SLA 24 h elapsed)\n`);
for (const c of [...m._mqls].sort((a, b) => a.mql - b.mql)) {
  const h = c.touch === null ? null : (c.touch - c.mql) / HOUR;
  const b = breach(c, rw.endMs);
  console.log(`- ${c.id} mql ${c.mql_at} touch ${c.first_touch_at || '(none)'} ${h === null ? '' : `${h.toFixed(2)} h`}${b ? ' BREACH' : ''} – ${ownerName[c.owner_id]}`);
}
console.log(`\nSLA breaches by owner: ${m.sla_by_owner.map((r) => `${r.owner} <${r.email}> (${r.ownerId}) ${r.count}`).join(', ') || 'none'}`);

console.log(`\n### Lead sources in ${R} (by SQLs)\n`);
const bySource = {};
for (const c of contacts.filter((c) => inR(c.sql, rw))) (bySource[c.source] ??= { sqls: 0, won: 0, revenue: 0 }).sqls++;
for (const d of m._won) {
  const s = (bySource[d.source] ??= { sqls: 0, won: 0, revenue: 0 });
  s.won++;
  s.revenue += home(d) ?? 0;
}
for (const [s, v] of Object.entries(bySource).sort((a, b) => b[1].sqls - a[1].sqls || b[1].revenue - a[1].revenue)) console.log(`- ${s}: ${v.sqls} SQLs, ${v.won} won, ${fmt(v.revenue)} EUR`);

console.log(`\n### Notes in ${R}\n`);
for (const n of notes.filter((n) => n.weekId === R)) console.log(`- [${n.k}] ${n.title} (${n.team}, ${n.author})${n.owner ? ` owner ${n.owner}, due ${n.due}, ${n.s}` : ''}`);
const from = shiftWeek(R, -CARRY_WEEKS);
const carried = notes.filter((n) => n.k === 'fix' && n.s === 'open' && n.weekId >= from && n.weekId < R);
console.log(`\nCarried-over open fixes (${from} … ${shiftWeek(R, -1)}):`);
for (const n of carried) console.log(`- ${n.weekId}: ${n.title} (owner ${n.owner}, due ${n.due})`);
const notCarried = notes.filter((n) => n.k === 'fix' && n.weekId < R && !carried.includes(n));
console.log('Earlier fixes not carried:');
for (const n of notCarried) console.log(`- ${n.weekId}: ${n.title} (${n.s}${n.weekId < from ? ', older than the carry-over window' : ''})`);

console.log(`\n### Voice in ${R}\n`);
const topics = {};
for (const v of voice.filter((v) => v.weekId === R)) (topics[v.topic] ??= []).push(v);
for (const [t, qs] of Object.entries(topics)) console.log(`- ${t}: ${qs.length}`);

const plan = together(R);
console.log(`\n### Planning together in ${R}\n`);
console.log('```json');
console.log(JSON.stringify(plan, null, 1));
console.log('```');

console.log('\n### Data set\n');
console.log(`contacts ${contacts.length} (MQL ${contacts.filter((c) => c.mql !== null).length}, SQL ${contacts.filter((c) => c.sql !== null).length}, touch before MQL ${touchBeforeMql}, SQL before MQL ${sqlBeforeMql}); deals ${deals.length} (open ${deals.filter((d) => d.outcome === 'open').length}, won ${deals.filter((d) => d.outcome === 'won').length}, lost ${deals.filter((d) => d.outcome === 'lost').length}); currencies ${[...new Set(deals.map((d) => d.currency))].map((c) => `${c} ${deals.filter((d) => d.currency === c).length}`).join(', ')}`);
console.log(`deals without amount: ${deals.filter((d) => d.amount === '').map((d) => `${d.id} ${d.name} (${d.outcome})`).join('; ')}`);
console.log(`kpi week cell forms: ${[...new Set(kpis.map((k) => (/^\d{4}-W/.test(k.week) ? 'ISO' : /^KW \d+\//.test(k.week) ? 'KW n/yyyy' : /^KW\d+ /.test(k.week) ? 'KWn yyyy' : 'date')))].join(', ')}`);

// ---------------------------------------------------------------------------------------------
// Design checks for the default report week

if (R === '2026-W47') {
  const expect = (cond, what) => { if (!cond) problems.push(`design: ${what}`); };
  expect(m._won.length >= 4, 'at least 4 won deals');
  expect(m._won.some((d) => d.currency === 'CHF' && d.amount_home === '' && d.amount !== ''), 'a CHF deal won without amount_home');
  expect(m._won.some((d) => d.amount === ''), 'a won deal with an empty amount');
  expect(m._won.some((d) => d.pipeline_id === '78452113'), 'a partner-pipeline win');
  expect(m._lost.length === 2, '2 lost deals');
  expect(Object.values(statuses).some((s) => s.st === 'on_track'), 'an on_track KPI');
  expect(['sqls', 'leads_new', 'mqls', 'median_first_touch_hours', 'win_rate', 'first_touch_sla_breaches'].some((k) => statuses[k].st === 'at_risk'), 'an at_risk CRM KPI');
  expect(statuses.sqls.st === 'off_track', 'sqls off_track');
  expect(statuses.budget_spent.st === 'off_track', 'budget over pace');
  expect(movers.some((k) => manualIds.includes(k)), 'a manual mover');
  expect(carried.map((n) => n.weekId).join() === '2026-W43,2026-W44,2026-W45', 'carried fixes W43, W44, W45');
  const kinds = notes.filter((n) => n.weekId === R).map((n) => n.k);
  expect(kinds.filter((k) => k === 'success').length === 3 && kinds.filter((k) => k === 'change').length === 2 && kinds.filter((k) => k === 'fix').length === 2, 'notes 3/2/2');
  expect(contacts.some((c) => c.created_at === '2026-11-16T00:30:00+01:00'), 'Monday 00:30 contact');
  expect(contacts.some((c) => c.created_at === '2026-11-22T23:50:00+01:00'), 'Sunday 23:50 contact');
  expect(plan.capacity.status === 'bottleneck' && plan.capacity.byOwner[0].count * 2 > plan.capacity.backlog, 'a bottleneck with most of the backlog at one owner');
  expect(plan.planning && plan.planning.need.leads_new > monthTarget('leads_new', rw.sunday), 'the lead need above the agreed monthly lead target');
  expect(plan.planning && plan.planning.gap.leads_new < 0 && plan.planning.gap.sqls > 0, 'forecast short of the lead need, above the SQL need');
  expect(plan.quality.reasons.some((r) => r.reason === null), 'a rejected lead without a reason');
  expect(contacts.some((c) => c.lead_status === 'UNQUALIFIED' && c.sql !== null && c.sql < rw.endMs), 'an unqualified status on an SQL (not rejected)');
}

if (problems.length) {
  console.log(`\n## PROBLEMS (${problems.length})\n`);
  for (const p of problems) console.log(`- ${p}`);
  process.exitCode = 1;
} else console.log('\nAll consistency and design checks passed.');
