/**
 * Reads every result of a search, page by page (cursor paging), handing each result to `each`
 * as it arrives, so no raw page outlives its mapping.
 *
 * HubSpot answers at most 10,000 results per query (a page past that is an HTTP 400). Results
 * are sorted by `hs_object_id`; when the next page would cross the cap, the query restarts with
 * `hs_object_id > last id read` added to every filter group. Ids are unique and the order is
 * total, so every record is read exactly once, and every page but the last is full: the
 * request count is the minimum, ceil(total / page size), with no probing and no overlap.
 */
import type { HttpClient } from '../http/client.js';
import type { SearchPage, SearchResult } from './api-types.js';
import { searchBody, type SearchSpec } from './queries.js';

export const SEARCH_RESULT_CAP = 10_000;

export interface SearchStats {
  total: number;
  pages: number;
  queries: number;
}

export async function searchAll(
  client: HttpClient,
  path: string,
  spec: SearchSpec,
  pageSize: number,
  each: (result: SearchResult) => void,
): Promise<SearchStats> {
  const stats: SearchStats = { total: 0, pages: 0, queries: 0 };
  let lastId: string | null = null;
  for (;;) {
    stats.queries++;
    const from = lastId;
    let after: string | undefined;
    let read = 0;
    for (;;) {
      const page: SearchPage = await client.json<SearchPage>({ method: 'POST', path, body: searchBody(spec, pageSize, from, after), limiter: 'search' });
      stats.pages++;
      if (stats.queries === 1 && read === 0) stats.total = page.total;
      for (const result of page.results) each(result);
      read += page.results.length;
      const last = page.results[page.results.length - 1];
      if (last) lastId = last.id;
      const next = page.paging?.next?.after;
      if (next === undefined || page.results.length === 0 || read >= page.total) return stats;
      if (read + pageSize > SEARCH_RESULT_CAP) break;
      after = next;
    }
  }
}
