import type { Annotations } from '../annotations/annotations-api.js';
/**
 * The people and pattern answers of the API (docs/api.md, docs/json.md, version 1) as these
 * pages read them. Restated field for field from src/store/people.ts and src/analysis/, so
 * that web/ never imports server code; every string in them comes from the material and is
 * hostile: render as text only.
 */
import { getJson } from '../api/api-client.js';

export interface PersonSummary {
  /** Its smallest identity key (`x:16589206`, `email:djtjr@example.org`). */
  key: string;
  name: string | null;
  handles: string[];
  /** Identity keys, at most 50; identityCount has them all. */
  identities: string[];
  identityCount: number;
  sent: number;
  received: number;
  items: number;
  firstDate: string | null;
  lastDate: string | null;
}

export interface PersonIdentity {
  key: string;
  platform: string;
  address: string;
  handles: string[];
  names: Array<{ name: string; count: number }>;
  moreNames: number;
  aliases: { handles: string[]; names: string[] };
  sent: number;
  received: number;
  firstDate: string | null;
  lastDate: string | null;
}

export interface PersonLink {
  a: string;
  b: string;
  rule: 'address' | 'handle' | 'merge';
  value: string | null;
}

export type PeopleEdit =
  | { op: 'merge'; identity: string; other: string; at: string }
  | { op: 'split'; identity: string; at: string }
  | { op: 'alias'; identity: string; handle: string | null; name: string | null; at: string };

export interface Person extends Omit<PersonSummary, 'identities'> {
  identities: PersonIdentity[];
  links: PersonLink[];
  edits: PeopleEdit[];
  notes: string[];
}

export interface PeopleListResponse {
  version: 1;
  query: string;
  total: number;
  offset: number;
  limit: number;
  /** Each with the reporter's marks on it (PersonListEntry in docs/api.md). */
  people: Array<PersonSummary & { annotations: Annotations }>;
}

export interface PersonResponse {
  version: 1;
  person: Person;
}

/** Reply latency in seconds. */
export interface Latency {
  count: number;
  median: number;
  p90: number;
  min: number;
  max: number;
}

export interface Reply {
  burstFirstId: string;
  burstLastId: string;
  burstLastAt: string;
  replyId: string;
  replyAt: string;
  seconds: number;
}

export interface Unanswered {
  id: string;
  sentAt: string;
  from: string;
  to: string;
  text: string;
  textTruncated: boolean;
  /** It asks for something (a question or a request phrase); `why` says what fired. */
  request: boolean;
  why: string | null;
  burstFirstId: string;
  burstMessages: number;
}

/** One pair of persons; `a` < `b`. "AtoB" counts what a sent b; `replySecondsAtoB` is how fast b answered a. */
export interface Pair {
  a: string;
  b: string;
  aName: string | null;
  bName: string | null;
  aToB: number;
  bToA: number;
  undated: number;
  sessions: number;
  aStarted: number;
  bStarted: number;
  burstsAtoB: number;
  answeredAtoB: number;
  burstsBtoA: number;
  answeredBtoA: number;
  replyRateAtoB: number | null;
  replyRateBtoA: number | null;
  replySecondsAtoB: Latency | null;
  replySecondsBtoA: Latency | null;
  repliesAtoB: Reply[];
  repliesBtoA: Reply[];
  firstAt: string | null;
  lastAt: string | null;
  unanswered: Unanswered[];
}

export interface PairsResponse {
  version: 1;
  pairs: Pair[];
}

export type TimelineBucket = 'hour' | 'day' | 'week' | 'month';

export interface TimelineResponse {
  version: 1;
  timeline: {
    bucket: TimelineBucket;
    timeZone: 'UTC';
    buckets: Array<{
      start: string;
      private: number;
      public: number;
      /** By the sender's person key. */
      byPerson: Record<string, { private: number; public: number }>;
    }>;
    undated: number;
  };
}

export interface NetworkNode {
  /** Person key. */
  id: string;
  label: string;
  messages: number;
  sent: number;
  received: number;
  private: number;
  public: number;
  mentioned: number;
}

export interface NetworkEdge {
  source: string;
  target: string;
  /** private + public + mentions. */
  weight: number;
  private: number;
  public: number;
  mentions: number;
}

export interface Network {
  nodes: NetworkNode[];
  edges: NetworkEdge[];
}

export interface NetworkResponse {
  version: 1;
  network: Network;
}

export function listPeople(
  r: { q: string; offset: number; limit: number },
  signal?: AbortSignal,
): Promise<PeopleListResponse> {
  const p = new URLSearchParams({ q: r.q, offset: String(r.offset), limit: String(r.limit) });
  return getJson<PeopleListResponse>(`/api/people?${p.toString()}`, signal);
}

export function getPerson(key: string, signal?: AbortSignal): Promise<PersonResponse> {
  return getJson<PersonResponse>(`/api/people/${encodeURIComponent(key)}`, signal);
}

export function getPairs(r: { q: string; person?: string }, signal?: AbortSignal): Promise<PairsResponse> {
  const p = new URLSearchParams({ q: r.q });
  if (r.person !== undefined) p.set('person', r.person);
  return getJson<PairsResponse>(`/api/pairs?${p.toString()}`, signal);
}

export function getTimeline(
  r: { q: string; bucket: TimelineBucket },
  signal?: AbortSignal,
): Promise<TimelineResponse> {
  const p = new URLSearchParams({ q: r.q, bucket: r.bucket });
  return getJson<TimelineResponse>(`/api/timeline?${p.toString()}`, signal);
}

export function getNetwork(q: string, signal?: AbortSignal): Promise<NetworkResponse> {
  return getJson<NetworkResponse>(`/api/network?${new URLSearchParams({ q }).toString()}`, signal);
}
