import "server-only";
import { isAppError } from "@/lib/errors/app-error";
import type { ConsumerRepoReader } from "@/lib/workloads";
import type { ConsumerRepoFiles } from "../ports";

/** Files over this are left out of a scan (`too-large`): no consumer repo keeps modules in them. */
const MAX_FILE_BYTES = 1_000_000;
const CONCURRENCY = 8;

/**
 * Consumer repo reads for the estate through the workloads domain's GitHub reader, which keeps
 * trees and files read at a commit in its LRU, times every call out and refuses a truncated tree.
 */
export function createWorkloadsRepoFiles(reader: ConsumerRepoReader): ConsumerRepoFiles {
  return {
    readHead: (repo) => reader.readHead(repo),
    async listFiles(repo, { commit, extensions }) {
      const paths = await reader.listFiles(repo, { ref: commit });
      return { paths: paths.filter((p) => extensions.some((ext) => p.endsWith(ext))).sort(), truncated: false };
    },
    async readFiles(repo, { commit, paths }) {
      const files: Array<{ path: string; content: string }> = [];
      const skipped: Array<{ path: string; reason: "too-large" | "binary" | "missing" }> = [];
      let next = 0;
      const worker = async () => {
        while (next < paths.length) {
          const path = paths[next++]!;
          let content: string | null;
          try {
            content = await reader.readFile(repo, { ref: commit, path });
          } catch (error) {
            if (isAppError(error) && error.code === "NOT_FOUND") content = null;
            else throw error;
          }
          if (content === null) skipped.push({ path, reason: "missing" });
          else if (content.length > MAX_FILE_BYTES) skipped.push({ path, reason: "too-large" });
          else if (content.includes("\u0000")) skipped.push({ path, reason: "binary" });
          else files.push({ path, content });
        }
      };
      await Promise.all(Array.from({ length: Math.min(CONCURRENCY, paths.length) }, worker));
      files.sort((a, b) => (a.path < b.path ? -1 : 1));
      return { files, skipped };
    },
  };
}
