/**
 * `generate --watch`: runs a job again after files under some folders change. Saving a file is
 * often several events (an editor writes a temporary file and renames it; `git checkout` touches
 * many files), so a burst is waited out (`quietMs` without a change) and runs once; runs never
 * overlap: changes that arrive during a run get one more run after it, never lost.
 *
 * Node's own recursive fs.watch (inotify per folder on Linux, FSEvents on macOS), which also
 * follows folders created later (a new event).
 */
import { watch, type FSWatcher } from "node:fs";

export interface WatchedFolder {
  dir: string;
  /** Which changed files matter (relative path; null when the platform does not say): all by default. */
  relevant?: (file: string | null) => boolean;
}

export interface FolderWatch {
  /** Stops watching; a run in progress finishes. Resolves when no run is in progress. */
  close(): Promise<void>;
}

export function watchFolders(folders: WatchedFolder[], job: () => Promise<void>, options: { quietMs?: number; onError?: (err: Error) => void } = {}): FolderWatch {
  const quietMs = options.quietMs ?? 100;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  let closed = false;

  const run = () => {
    timer = undefined;
    if (closed) return;
    if (running) {
      again = true;
      return;
    }
    running = job()
      .catch((err: Error) => options.onError?.(err))
      .finally(() => {
        running = undefined;
        if (again && !closed) {
          again = false;
          run();
        }
      });
  };
  const changed = () => {
    if (closed) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(run, quietMs);
  };

  const watchers: FSWatcher[] = folders.map(({ dir, relevant }) =>
    watch(dir, { recursive: true }, (_event, file) => {
      if (!relevant || relevant(file === null ? null : String(file))) changed();
    }).on("error", (err) => options.onError?.(err)),
  );

  return {
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      for (const w of watchers) w.close();
      await running;
    },
  };
}
