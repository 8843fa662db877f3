/**
 * Which topics bring the leads that convert (SPEC "Planning the funnel together", Topics): per
 * first conversion, the MQLs and SQLs of the 4 weeks ending with the report week and the
 * MQL→SQL rate of that topic's MQLs.
 */
import type { Contact, Topics } from './types.js';
import { byCodePoint } from './lead-status.js';
import { inRange, type Range } from './window.js';
import { roundTo } from './number-format.js';

export const TOP_TOPICS = 5;

const round4 = (n: number) => roundTo(n, 4);

export function buildTopics(contacts: readonly Contact[], window: Range): Topics {
  const rows = new Map<string, { mqls: number; sqls: number; converted: number }>();
  let unknown = 0;
  for (const c of contacts) {
    const mql = inRange(c.mqlAt, window);
    const sql = inRange(c.sqlAt, window);
    if (!mql && !sql) continue;
    const topic = c.firstConversion?.trim() ?? '';
    if (topic === '') {
      unknown++;
      continue;
    }
    const row = rows.get(topic) ?? { mqls: 0, sqls: 0, converted: 0 };
    if (mql) {
      row.mqls++;
      if (c.sqlAt !== null && c.sqlAt < window.endMs) row.converted++;
    }
    if (sql) row.sqls++;
    rows.set(topic, row);
  }
  const items = [...rows.entries()]
    .map(([topic, r]) => ({ topic, mqls: r.mqls, sqls: r.sqls, mqlToSql: r.mqls === 0 ? null : round4(r.converted / r.mqls) }))
    .sort((a, b) => b.sqls - a.sqls || b.mqls - a.mqls || byCodePoint(a.topic, b.topic))
    .slice(0, TOP_TOPICS);
  return { items, topicsUnknown: unknown };
}
