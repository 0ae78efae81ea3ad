import type { CatalogueReader, ModuleSearchCriteria, ModuleSearchPage } from "./ports";

export interface SearchCacheOptions {
  /** Result pages kept, least recently used dropped first. Default 500 (a page is a few tens of KB). */
  maxEntries?: number;
  /** A safety net on top of the generation check. Default 5 minutes. */
  maxAgeMs?: number;
  now?: () => number;
}

interface Entry {
  at: number;
  page: Promise<ModuleSearchPage>;
}

/**
 * A CatalogueReader whose `searchModules` answers repeated searches from memory. Each search
 * first reads the catalogue generation (one primary-key read), which a database trigger bumps
 * in the same transaction as any change to the searchable modules: a sync, a status change or
 * new owners that committed anywhere, on any instance, empties the cache before the next search
 * reads it. A result is cached under the generation read before its query ran, so it is never
 * older than that generation. Identical searches in flight at once share one query, and
 * searches arriving together share their generation read.
 */
export function withSearchCache(reader: CatalogueReader, options: SearchCacheOptions = {}): CatalogueReader {
  const maxEntries = options.maxEntries ?? 500;
  const maxAgeMs = options.maxAgeMs ?? 5 * 60_000;
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>();
  let generation: bigint | null = null;

  // Each search needs a generation read that started after it arrived (a read already in flight
  // may have missed a commit just before). Searches that arrive while one read is in flight
  // share the next one, so a burst of searches costs two reads, not one each.
  let inFlight: Promise<string> | null = null;
  let queued: Promise<string> | null = null;
  const startRead = (): Promise<string> => {
    const read = reader.getCatalogueGeneration();
    inFlight = read;
    const done = () => {
      if (inFlight === read) inFlight = null;
    };
    read.then(done, done);
    return read;
  };
  const readGeneration = (): Promise<string> => {
    if (!inFlight) return startRead();
    queued ??= inFlight
      .then(
        () => undefined,
        () => undefined,
      )
      .then(() => {
        queued = null;
        return startRead();
      });
    return queued;
  };

  return {
    ...reader,
    async searchModules(criteria: ModuleSearchCriteria): Promise<ModuleSearchPage> {
      const read = parseGeneration(await readGeneration());
      if (read === null || (generation !== null && read < generation)) {
        // An unreadable generation, or an answer that an earlier read overtook: never cache on it.
        return reader.searchModules(criteria);
      }
      if (read !== generation) {
        entries.clear();
        generation = read;
      }
      const key = criteriaKey(criteria);
      const cached = entries.get(key);
      const at = now();
      if (cached && at - cached.at < maxAgeMs) {
        // Map order is insertion order: re-inserting marks it most recently used.
        entries.delete(key);
        entries.set(key, cached);
        return cached.page;
      }
      const entry: Entry = { at, page: reader.searchModules(criteria) };
      entries.set(key, entry);
      entry.page.catch(() => {
        if (entries.get(key) === entry) entries.delete(key);
      });
      while (entries.size > maxEntries) {
        const oldest = entries.keys().next().value;
        if (oldest === undefined) break;
        entries.delete(oldest);
      }
      return entry.page;
    },
  };
}

function parseGeneration(value: string): bigint | null {
  return /^\d+$/.test(value) ? BigInt(value) : null;
}

/** The same criteria always give the same key, whatever order their fields were set in. */
function criteriaKey(criteria: ModuleSearchCriteria): string {
  return JSON.stringify([
    criteria.tsQuery,
    criteria.exactName,
    criteria.status ?? null,
    criteria.provider ?? null,
    criteria.category ?? null,
    criteria.source ? `${criteria.source.owner}/${criteria.source.repo}` : null,
    criteria.owner ?? null,
    criteria.sort,
    criteria.limit,
    criteria.offset,
  ]);
}
