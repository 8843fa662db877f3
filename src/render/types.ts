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

/** What render needs beyond the Digest: facts from the config that only the footer shows. */
export interface RenderContext {
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
  /**
   * The Google Sheets `gid` of each tab by tab key (`people`, `notes`, …), from the sheet
   * source's metadata: "… weitere im Sheet" links to the tab. Absent for the files source.
   */
  sheetGids?: Partial<Record<string, number>> | undefined;
}
