/**
 * The source ports. A source reads raw records for a history window and reports bad rows as
 * data issues; it throws a `DigestError` (kind `data`) only when it cannot read at all.
 */
import type { CrmRecords, SheetRecords, SourceResult, Unit } from '../model/types.js';
import type { SourceWindows } from '../model/window.js';

export interface SourceRequest {
  timezone: string;
  /** [startMs, endMs): the instants the digest needs (trend weeks plus the 4-week metrics). */
  window: { startMs: number; endMs: number };
  /**
   * The range per date fact (`sourceWindows`): a source that filters by date (HubSpot) reads
   * exactly these; without them every fact is read over `window`. Sources that read everything
   * (files) ignore both.
   */
  windows?: SourceWindows;
  /** Every metric id the digest knows, with its unit (for the sheet's metric column). */
  metrics: ReadonlyMap<string, Unit>;
}

export interface CrmSource {
  readonly name: string;
  readCrm(request: SourceRequest): Promise<SourceResult<CrmRecords>>;
}

export interface SheetSource {
  readonly name: string;
  readSheet(request: SourceRequest): Promise<SourceResult<SheetRecords>>;
}
