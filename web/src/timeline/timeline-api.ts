/**
 * The answers the timeline reads (docs/json.md: `innsyn timeline`, `innsyn echoes`; docs/api.md:
 * `/api/people`), declared here as the subset this page uses, and the requests for them.
 */
import { getJson } from '../api/api-client.js';
import type { Bucket } from './timeline-time.js';

export interface TimelineCounts {
  private: number;
  public: number;
}

export interface TimelineRow {
  /** ISO 8601 UTC of the bucket's first millisecond. */
  start: string;
  private: number;
  public: number;
  /** By the sender's person key; items without a sender count only in the totals. */
  byPerson: Record<string, TimelineCounts>;
}

export interface TimelineData {
  bucket: Bucket;
  timeZone: 'UTC';
  /** Every bucket from the first dated item's to the last's, empty ones included. */
  buckets: TimelineRow[];
  undated: number;
}

export interface TimelineResponse {
  version: number;
  timeline: TimelineData;
}

export interface Echo {
  private: { id: string; sentAt: string | null; from: string | null; to: string[] };
  public: { id: string; sentAt: string | null; author: string | null };
  latencySeconds: number;
  evidence: Array<{ kind: string; detail: string; weight: number }>;
  score: number;
}

export interface EchoesResponse {
  version: number;
  echoes: Echo[];
}

export interface PersonSummary {
  key: string;
  name: string | null;
  handles: string[];
  sent: number;
  items: number;
}

export interface PeopleResponse {
  version: number;
  total: number;
  people: PersonSummary[];
}

export interface PersonResponse {
  version: number;
  person: PersonSummary;
}

export function getTimeline(q: string, bucket: Bucket, signal?: AbortSignal): Promise<TimelineResponse> {
  const p = new URLSearchParams({ q, bucket });
  return getJson<TimelineResponse>(`/api/timeline?${p.toString()}`, signal);
}

export function getEchoes(q: string, limit: number, signal?: AbortSignal): Promise<EchoesResponse> {
  const p = new URLSearchParams({ q, limit: String(limit) });
  return getJson<EchoesResponse>(`/api/echoes?${p.toString()}`, signal);
}

/** The people with most items: enough to name every lane of an ordinary case in one request. */
export const PEOPLE_PAGE = 500;

export function getPeople(signal?: AbortSignal): Promise<PeopleResponse> {
  return getJson<PeopleResponse>(`/api/people?limit=${PEOPLE_PAGE}`, signal);
}

export function getPerson(key: string, signal?: AbortSignal): Promise<PersonResponse> {
  return getJson<PersonResponse>(`/api/people/${encodeURIComponent(key)}`, signal);
}
