/** The shapes of the HubSpot CRM v3 answers this source reads (all property values are strings). */
export type Properties = Record<string, string | null | undefined>;

export interface SearchResult {
  id: string;
  properties: Properties;
}

export interface SearchPage {
  total: number;
  results: SearchResult[];
  paging?: { next?: { after: string } };
}

export interface Filter {
  propertyName: string;
  operator: 'EQ' | 'NEQ' | 'LT' | 'LTE' | 'GT' | 'GTE' | 'BETWEEN' | 'IN' | 'NOT_IN' | 'HAS_PROPERTY' | 'NOT_HAS_PROPERTY';
  value?: string;
  highValue?: string;
  values?: string[];
}

export interface SearchBody {
  filterGroups: { filters: Filter[] }[];
  sorts: { propertyName: string; direction: 'ASCENDING' | 'DESCENDING' }[];
  properties: string[];
  limit: number;
  after?: string;
}

export interface PipelinesAnswer {
  results: {
    id: string;
    label?: string;
    archived?: boolean;
    stages: { id: string; label?: string; archived?: boolean; metadata?: Record<string, string | undefined> }[];
  }[];
}

export interface OwnersPage {
  results: { id: string; email?: string | null; firstName?: string | null; lastName?: string | null; archived?: boolean }[];
  paging?: { next?: { after: string } };
}
