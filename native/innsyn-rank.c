/*
 * innsyn_rank(fts, [match,] w1, w2, ...): FTS5's bm25(fts, w1, w2, ...) for innsyn's full-text table
 * `fts`, the same score to the last bit, without the per-row lookup that makes bm25 slow on
 * queries with many matches.
 *
 * bm25 needs each matching row's length in tokens. FTS5 reads it with one SQL statement per
 * row on fts_docsize: for a word in 55,000 of 100,000 mails that lookup was 42 % of the
 * ranked query's time (perf, 2026-11-27). This function keeps the lengths of all rows in two
 * sorted arrays per connection, read in one pass over fts_docsize, and finds a row's length
 * by binary search. The arrays are read again when the database has changed
 * (SQLITE_FCNTL_DATA_VERSION, which moves with every commit by any connection). Inside an open
 * write transaction, when a row is not in them, or when the first row of a query disagrees with
 * FTS5's own length for it (the function called on another table), the function asks FTS5 as
 * bm25 does. So the arrays can make it faster, never different.
 *
 * Given the query's MATCH expression as its first argument, it also keeps the query's IDFs until
 * the database changes (see queryData).
 *
 * innsyn_rank_rows() is the number of rows the last query that used innsyn_rank scored, and
 * innsyn_rank_rowids() their rowids: with ORDER BY innsyn_rank(...) every match is scored, so
 * they are the query's match count and matches, and neither the count nor the facets of the
 * query need a second pass over the index. innsyn_rank_lengths() and innsyn_rank_kept() say whether
 * that query took the lengths from the arrays and its IDFs from those kept (1) or not (0), for the
 * tests.
 *
 * Built by native/build.mjs into dist/native/innsyn-rank.so (a SQLite loadable extension,
 * against the SQLite that better-sqlite3 compiles in); src/store/sqlite/sqlite-rank.ts loads it
 * and falls back to bm25 where it was not built.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "sqlite3ext.h"
SQLITE_EXTENSION_INIT1

/* Read the lengths in one pass only for a query expected to score at least this share of the
   rows (1/16): below it, per-row lookups cost less than the pass. Once read they serve every
   query until the database changes. */
#define BUILD_SHARE 16

/* Queries whose IDFs are kept (see queryData). */
#define KEPT_QUERIES 32

typedef struct KeptQuery {
  char *key; /* the MATCH expression the caller gave as the first argument */
  unsigned int dataVersion;
  int nPhrase;
  sqlite3_int64 nRow, expected;
  double *idf;
} KeptQuery;

typedef struct Lengths {
  sqlite3 *db;
  sqlite3_int64 *ids; /* rowids of fts, ascending */
  int *tokens;        /* each row's length in tokens, all columns */
  sqlite3_int64 n;
  int valid;
  unsigned int dataVersion;
  double *scored; /* the rowids the last query scored, as doubles (date keys are below 2^53) */
  sqlite3_int64 nScored, capScored;
  int lastUsed;             /* whether the last query took its lengths from here */
  KeptQuery kept[KEPT_QUERIES];
  int nextKept;
  int lastKept; /* whether the last query took its IDFs from `kept` */
} Lengths;

typedef struct QueryData {
  int nPhrase;
  int nWeight;
  int useLengths; /* 1: the arrays, checked on the first row; 0: FTS5's lookup */
  int checked;
  sqlite3_int64 at; /* where lengthsFind found the last row */
  double avgdl;
  double *idf;
  double *freq;
  double *weight;
} QueryData;

static void lengthsFree(Lengths *l) {
  sqlite3_free(l->ids);
  sqlite3_free(l->tokens);
  l->ids = 0;
  l->tokens = 0;
  l->n = 0;
  l->valid = 0;
}

static void keptFree(KeptQuery *k) {
  sqlite3_free(k->key);
  sqlite3_free(k->idf);
  memset(k, 0, sizeof(KeptQuery));
}

static void lengthsDestroy(void *p) {
  Lengths *l = (Lengths *)p;
  int i;
  lengthsFree(l);
  for (i = 0; i < KEPT_QUERIES; i++) keptFree(&l->kept[i]);
  sqlite3_free(l->scored);
  sqlite3_free(l);
}

static KeptQuery *keptFind(Lengths *l, const char *key, unsigned int version, int nPhrase, sqlite3_int64 nRow) {
  int i;
  for (i = 0; i < KEPT_QUERIES; i++) {
    KeptQuery *k = &l->kept[i];
    if (k->key && k->dataVersion == version && k->nPhrase == nPhrase && k->nRow == nRow && !strcmp(k->key, key))
      return k;
  }
  return 0;
}

/* Keeps a query's IDFs, in place of the oldest kept (nothing is kept when memory is short). */
static void keptPut(Lengths *l, const char *key, unsigned int version, const double *idf, int nPhrase,
                    sqlite3_int64 nRow, sqlite3_int64 expected) {
  KeptQuery *k = &l->kept[l->nextKept];
  l->nextKept = (l->nextKept + 1) % KEPT_QUERIES;
  keptFree(k);
  k->key = sqlite3_mprintf("%s", key);
  k->idf = sqlite3_malloc64((sqlite3_int64)nPhrase * sizeof(double) + 1);
  if (!k->key || !k->idf) {
    keptFree(k);
    return;
  }
  memcpy(k->idf, idf, (size_t)nPhrase * sizeof(double));
  k->dataVersion = version;
  k->nPhrase = nPhrase;
  k->nRow = nRow;
  k->expected = expected;
}

/* The data version of what the connection reads, or 0 inside an open write transaction, whose
   uncommitted changes move no data version: neither the arrays nor kept IDFs serve it then. */
static int committedVersion(sqlite3 *db, unsigned int *v) {
  return sqlite3_get_autocommit(db) && sqlite3_file_control(db, "main", SQLITE_FCNTL_DATA_VERSION, v) == SQLITE_OK;
}

/* The sum of the varints of a docsize record: one per column. */
static int recordTokens(const unsigned char *a, int n) {
  int total = 0, i = 0;
  while (i < n) {
    unsigned int v = 0;
    int k;
    for (k = 0; k < 8 && i < n; k++) {
      unsigned char c = a[i++];
      v = (v << 7) | (c & 0x7f);
      if (!(c & 0x80)) break;
    }
    if (k == 8 && i < n) v = (v << 8) | a[i++];
    total += (int)v;
  }
  return total;
}

/* Reads every row's length from fts_docsize. */
static int lengthsRead(Lengths *l, unsigned int version) {
  sqlite3_stmt *st = 0;
  sqlite3_int64 cap = 0, n = 0;
  int rc;
  lengthsFree(l);
  rc = sqlite3_prepare_v2(l->db, "SELECT id, sz FROM main.fts_docsize ORDER BY id", -1, &st, 0);
  while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
    if (n == cap) {
      sqlite3_int64 next = cap ? cap * 2 : 4096;
      sqlite3_int64 *ids = sqlite3_realloc64(l->ids, next * sizeof(sqlite3_int64));
      if (ids) l->ids = ids;
      int *tokens = ids ? sqlite3_realloc64(l->tokens, next * sizeof(int)) : 0;
      if (!tokens) {
        rc = SQLITE_NOMEM;
        break;
      }
      l->tokens = tokens;
      cap = next;
    }
    l->ids[n] = sqlite3_column_int64(st, 0);
    l->tokens[n] = recordTokens(sqlite3_column_blob(st, 1), sqlite3_column_bytes(st, 1));
    n++;
    rc = SQLITE_OK;
  }
  sqlite3_finalize(st);
  if (rc != SQLITE_DONE && rc != SQLITE_OK) {
    lengthsFree(l);
    return rc;
  }
  l->n = n;
  l->valid = 1;
  l->dataVersion = version;
  return SQLITE_OK;
}

/* The row's length from the arrays, or -1 when they do not hold it. */
/*
 * The length of row `id` in tokens, or -1 when the arrays do not hold it. `*at` is where the
 * last row was found: FTS5 hands the matches over in rowid order, so the next one is found by
 * galloping from there (a step or two for a word in half the rows) instead of bisecting all of
 * them (17 steps at 100,000 rows, each likely a cache miss).
 */
static int lengthsFind(const Lengths *l, sqlite3_int64 id, sqlite3_int64 *at) {
  const sqlite3_int64 *ids = l->ids;
  sqlite3_int64 n = l->n, i = *at, lo, hi, step = 1;
  if (n == 0) return -1;
  if (i < 0 || i >= n) i = 0;
  if (ids[i] <= id) {
    lo = i;
    hi = i + 1;
    while (hi < n && ids[hi] <= id) {
      lo = hi;
      hi += step;
      step *= 2;
    }
    if (hi > n) hi = n;
  } else {
    hi = i;
    lo = i - 1;
    while (lo >= 0 && ids[lo] > id) {
      hi = lo;
      lo -= step;
      step *= 2;
    }
    if (lo < -1) lo = -1;
  }
  /* Here ids[lo] <= id (or lo is -1) and ids[hi] > id (or hi is n). */
  while (hi - lo > 1) {
    sqlite3_int64 mid = lo + (hi - lo) / 2;
    if (ids[mid] <= id) lo = mid;
    else hi = mid;
  }
  if (lo < 0 || ids[lo] != id) return -1;
  *at = lo;
  return l->tokens[lo];
}

static int countRow(const Fts5ExtensionApi *api, Fts5Context *fts, void *user) {
  (void)api;
  (void)fts;
  (*(sqlite3_int64 *)user)++;
  return SQLITE_OK;
}

/* Whether the arrays can serve this query: fresh, or worth reading now. (Their row and token
   counts cannot be checked against FTS5's: a contentless_delete table never takes a deleted
   row out of the averages it keeps, so those drift up with every row indexed again.) */
static int lengthsReady(Lengths *l, unsigned int version, sqlite3_int64 expectedRows, sqlite3_int64 nRow) {
  if (l->valid && l->dataVersion == version) return 1;
  if (expectedRows * BUILD_SHARE < nRow) return 0;
  return lengthsRead(l, version) == SQLITE_OK;
}

/*
 * The per-query values, as bm25 computes them (average length, an IDF per phrase). An IDF needs
 * a pass over all the postings of its phrase, whatever else the query asks (for a word in half of
 * 1,000,000 mails, ~30 % of the ranked query). When the first argument is text, the MATCH
 * expression, the IDFs are kept for it until the database changes: the next page of the same
 * search, or the same words with other filters, skip those passes. The expression alone decides
 * the phrases; the data version, the row count and the phrase count must agree too.
 */
static int queryData(const Fts5ExtensionApi *api, Fts5Context *fts, Lengths *l, int nVal,
                     sqlite3_value **apVal, QueryData **out) {
  QueryData *p = (QueryData *)api->xGetAuxdata(fts, 0);
  if (p) {
    *out = p;
    return SQLITE_OK;
  }
  int nPhrase = api->xPhraseCount(fts);
  sqlite3_int64 nRow = 0, nToken = 0, expected = 0;
  int rc, i;
  const char *key = 0;
  unsigned int version = 0;
  KeptQuery *kept = 0;
  if (nVal > 0 && sqlite3_value_type(apVal[0]) == SQLITE_TEXT) {
    key = (const char *)sqlite3_value_text(apVal[0]);
    apVal++;
    nVal--;
  }
  int committed = committedVersion(l->db, &version);
  if (!committed) key = 0;
  p = sqlite3_malloc64(sizeof(QueryData) + (sqlite3_int64)(2 * nPhrase + nVal + 1) * sizeof(double));
  if (!p) return SQLITE_NOMEM;
  memset(p, 0, sizeof(QueryData));
  p->nPhrase = nPhrase;
  p->nWeight = nVal;
  p->idf = (double *)&p[1];
  p->freq = &p->idf[nPhrase];
  p->weight = &p->freq[nPhrase];
  for (i = 0; i < nVal; i++) p->weight[i] = sqlite3_value_double(apVal[i]);
  rc = api->xRowCount(fts, &nRow);
  if (rc == SQLITE_OK) rc = api->xColumnTotalSize(fts, -1, &nToken);
  if (rc == SQLITE_OK) p->avgdl = (double)nToken / (double)nRow;
  if (rc == SQLITE_OK && key) kept = keptFind(l, key, version, nPhrase, nRow);
  if (kept) {
    memcpy(p->idf, kept->idf, (size_t)nPhrase * sizeof(double));
    expected = kept->expected;
  }
  for (i = 0; rc == SQLITE_OK && !kept && i < nPhrase; i++) {
    sqlite3_int64 nHit = 0;
    rc = api->xQueryPhrase(fts, i, &nHit, countRow);
    if (rc == SQLITE_OK) {
      double idf = log((nRow - nHit + 0.5) / (nHit + 0.5));
      if (idf <= 0.0) idf = 1e-6;
      p->idf[i] = idf;
      if (nHit > expected) expected = nHit;
    }
  }
  if (rc == SQLITE_OK && key && !kept) keptPut(l, key, version, p->idf, nPhrase, nRow, expected);
  if (rc == SQLITE_OK && committed) p->useLengths = lengthsReady(l, version, expected, nRow);
  if (rc == SQLITE_OK) rc = api->xSetAuxdata(fts, p, sqlite3_free);
  else sqlite3_free(p);
  if (rc != SQLITE_OK) return rc;
  l->nScored = 0;
  l->lastUsed = p->useLengths;
  l->lastKept = kept != 0;
  *out = p;
  return SQLITE_OK;
}

static void rankFunction(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *ctx,
                         int nVal, sqlite3_value **apVal) {
  const double k1 = 1.2, b = 0.75;
  Lengths *l = (Lengths *)api->xUserData(fts);
  QueryData *p = 0;
  double score = 0.0, D;
  int nInst = 0, i, tokens = -1;
  int rc = queryData(api, fts, l, nVal, apVal, &p);
  if (rc == SQLITE_OK) {
    memset(p->freq, 0, sizeof(double) * p->nPhrase);
    rc = api->xInstCount(fts, &nInst);
  }
  for (i = 0; rc == SQLITE_OK && i < nInst; i++) {
    int ip, ic, io;
    rc = api->xInst(fts, i, &ip, &ic, &io);
    if (rc == SQLITE_OK) p->freq[ip] += (p->nWeight > ic) ? p->weight[ic] : 1.0;
  }
  if (rc == SQLITE_OK && p->useLengths) tokens = lengthsFind(l, api->xRowid(fts), &p->at);
  if (rc == SQLITE_OK && (tokens < 0 || !p->checked)) {
    int own;
    rc = api->xColumnSize(fts, -1, &own);
    if (rc == SQLITE_OK && tokens >= 0 && tokens != own) p->useLengths = l->lastUsed = 0; /* not this table's */
    p->checked = 1;
    tokens = own;
  }
  if (rc != SQLITE_OK) {
    sqlite3_result_error_code(ctx, rc);
    return;
  }
  D = (double)tokens;
  for (i = 0; i < p->nPhrase; i++) {
    score += p->idf[i] * ((p->freq[i] * (k1 + 1.0)) / (p->freq[i] + k1 * (1 - b + b * D / p->avgdl)));
  }
  if (l->nScored == l->capScored) {
    sqlite3_int64 next = l->capScored ? l->capScored * 2 : 4096;
    double *grown = sqlite3_realloc64(l->scored, next * sizeof(double));
    if (!grown) {
      sqlite3_result_error_nomem(ctx);
      return;
    }
    l->scored = grown;
    l->capScored = next;
  }
  l->scored[l->nScored++] = (double)api->xRowid(fts);
  sqlite3_result_double(ctx, -1.0 * score);
}

static void rowsFunction(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  (void)argv;
  Lengths *l = (Lengths *)sqlite3_user_data(ctx);
  sqlite3_result_int64(ctx, l->nScored);
}

/* innsyn_rank_rowids(): those rows' rowids, in the order scored, as a blob of native doubles. */
static void rowidsFunction(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  (void)argv;
  Lengths *l = (Lengths *)sqlite3_user_data(ctx);
  sqlite3_result_blob64(ctx, l->nScored ? (const void *)l->scored : "", (sqlite3_uint64)l->nScored * sizeof(double),
                        SQLITE_TRANSIENT);
}

/* innsyn_rank_lengths(): 1 when the last query took its row lengths from the arrays (tests). */
static void usedFunction(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  (void)argv;
  Lengths *l = (Lengths *)sqlite3_user_data(ctx);
  sqlite3_result_int(ctx, l->lastUsed);
}

/* innsyn_rank_kept(): 1 when the last query took its IDFs from those kept for its expression (tests). */
static void keptFunction(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  (void)argv;
  Lengths *l = (Lengths *)sqlite3_user_data(ctx);
  sqlite3_result_int(ctx, l->lastKept);
}

static int fts5Api(sqlite3 *db, fts5_api **out) {
  sqlite3_stmt *st = 0;
  *out = 0;
  int rc = sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, 0);
  if (rc == SQLITE_OK) {
    sqlite3_bind_pointer(st, 1, (void *)out, "fts5_api_ptr", 0);
    sqlite3_step(st);
    rc = sqlite3_finalize(st);
  }
  if (rc == SQLITE_OK && (*out == 0 || (*out)->iVersion < 2)) rc = SQLITE_ERROR;
  return rc;
}

#ifdef _WIN32
__declspec(dllexport)
#endif
int sqlite3_innsynrank_init(sqlite3 *db, char **pzErrMsg, const sqlite3_api_routines *pApi) {
  SQLITE_EXTENSION_INIT2(pApi);
  fts5_api *fts5 = 0;
  Lengths *l;
  int rc = fts5Api(db, &fts5);
  if (rc != SQLITE_OK) {
    *pzErrMsg = sqlite3_mprintf("innsyn_rank: this SQLite has no FTS5");
    return rc;
  }
  l = sqlite3_malloc64(sizeof(Lengths));
  if (!l) return SQLITE_NOMEM;
  memset(l, 0, sizeof(Lengths));
  l->db = db;
  rc = sqlite3_create_function(db, "innsyn_rank_rows", 0, SQLITE_UTF8, l, rowsFunction, 0, 0);
  if (rc == SQLITE_OK)
    rc = sqlite3_create_function(db, "innsyn_rank_rowids", 0, SQLITE_UTF8, l, rowidsFunction, 0, 0);
  if (rc == SQLITE_OK)
    rc = sqlite3_create_function(db, "innsyn_rank_lengths", 0, SQLITE_UTF8, l, usedFunction, 0, 0);
  if (rc == SQLITE_OK)
    rc = sqlite3_create_function(db, "innsyn_rank_kept", 0, SQLITE_UTF8, l, keptFunction, 0, 0);
  if (rc != SQLITE_OK) {
    sqlite3_free(l);
    return rc;
  }
  /* FTS5 owns l from here: it frees it when the connection closes. */
  return fts5->xCreateFunction(fts5, "innsyn_rank", l, rankFunction, lengthsDestroy);
}
