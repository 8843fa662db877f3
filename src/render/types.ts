/**
 * The one message object between render and deliver: everything a transport needs, nothing
 * it has to compute. Render produces it; deliver adds the envelope (from, to, ids).
 */

export interface InlineImage {
  /** Content-ID without angle brackets; the HTML references it as `cid:<cid>`. */
  cid: string;
  filename: string;
  contentType: 'image/png';
  content: Buffer;
  /** The alt text used in the HTML, kept here so tests and the text part can use it. */
  alt: string;
}

export interface RenderedDigest {
  subject: string;
  /** The one-line summary, also the hidden preheader: `3 Erfolge · 2 Veränderungen · 4 Baustellen`. */
  preheader: string;
  html: string;
  text: string;
  images: InlineImage[];
}

/** The sheet's tabs a "… weitere im Sheet" line can point to. */
export type SheetTab = 'kpis' | 'targets' | 'notes' | 'voice' | 'forecast' | 'definitions' | 'people';

/** What render needs beyond the Digest: facts from the config and the sources that only the email shows. */
export interface RenderContext {
  /** `sections.maxItems` of the digest config: won deals, notes of each kind and quotes shown per list. @default 3 */
  sections?: { maxItems: number } | undefined;
  /**
   * The `gid` of each sheet tab, from the spreadsheet metadata (the Sheets source's first
   * request): "und 4 weitere im Sheet" links to that tab. Null or a missing tab: the link goes
   * to the sheet URL itself.
   */
  sheetGids?: Partial<Record<SheetTab, number>> | null | undefined;
  footer: {
    sheetUrl?: string | undefined;
    crmUrl?: string | undefined;
    nextMeeting?: string | undefined;
    contact?: string | undefined;
  };
  /** Where to unsubscribe (https: or mailto:), shown in the footer when set. */
  unsubscribeUrl?: string | undefined;
  /** The list the reader receives this through, for the "why you get this" line. */
  listAddress: string;
}
