/**
 * `generate --watch`: runs a job again after files under some folders change. Saving a file is
 * often several events (an editor writes a temporary file and renames it; `git checkout` touches
 * many files), so a burst is waited out (`quietMs` without a change) and runs once; runs never
 * overlap: changes that arrive during a run get one more run after it, never lost.
 *
 * Node's own recursive fs.watch (inotify per folder on Linux, FSEvents on macOS), which also
 * follows folders created later (a new event). It does not follow the watched folder itself: a
 * folder removed, or moved away and back (`rm -rf schemas; git checkout schemas`), reports one
 * event naming no file and then nothing, its watch gone without an error (node 20 on Linux), and a
 * process holding nothing else ends as if done. So an event of the folder itself starts the watch
 * again; a folder that is missing then is said so (`missing`) and looked for every POLL_MS until
 * it is back, its watch started again and the job run.
 *
 * `ahead`: work the next run can take instead of doing it (generate-session.ts sweepAhead: the
 * `stat` calls that find what the watcher may have missed), done in the idle half of the wait,
 * once a burst has been quiet for half of `quietMs`, and never while a run is in progress. It
 * always follows the last event before the run, of any file, even one the job ignores (a folder
 * made, an editor's temporary file: entries the sweep lists): such an event re-arms it, not the
 * run, and a run that comes first has it done right before it.
 */
import { existsSync, watch, type FSWatcher } from "node:fs";

/** How often a missing folder is looked for. */
const POLL_MS = 250;

export interface WatchedFolder {
  dir: string;
  /** Which changed files matter (relative path; null when the platform does not say): all by default. */
  relevant?: (file: string | null) => boolean;
  /** Told when the folder went away (it is then looked for until it is back). */
  missing?: () => void;
}

export interface FolderWatch {
  /** Stops watching; a run in progress finishes. Resolves when no run is in progress. */
  close(): Promise<void>;
}

export interface WatchOptions {
  /** How long a burst of changes is waited out before the job runs (ms). */
  quietMs?: number;
  /** Told of a watch failure that is not a folder coming and going, and of a job's failure. */
  onError?: (err: Error) => void;
  /** Called after the last event before each run, half of `quietMs` after it when the wait allows, never during a run (see above); its failure goes to onError. */
  ahead?: () => void;
  /**
   * Starts one recursive watch: node's `fs.watch` unless given. Given in tests to fail the way a
   * removal racing node's listing of the tree fails, which a real `rm -rf` does only by chance.
   */
  watchTree?: (dir: string, listener: (event: string, file: string | Buffer | null) => void) => FSWatcher;
}

export function watchFolders(folders: WatchedFolder[], job: () => Promise<void>, options: WatchOptions = {}): FolderWatch {
  const quietMs = options.quietMs ?? 100;
  const watchTree = options.watchTree ?? ((dir, listener) => watch(dir, { recursive: true }, listener));
  let timer: NodeJS.Timeout | undefined;
  let aheadTimer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  let closed = false;
  /** `ahead` was done after the last event. */
  let aheadDone = false;

  const run = () => {
    timer = undefined;
    if (closed) return;
    if (running) {
      again = true;
      return;
    }
    if (aheadTimer) clearTimeout(aheadTimer);
    if (options.ahead && !aheadDone) goAhead();
    aheadTimer = undefined;
    aheadDone = false;
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
  function goAhead(): void {
    aheadTimer = undefined;
    if (running) return;
    try {
      options.ahead!();
      aheadDone = true;
    } catch (err) {
      options.onError?.(err as Error);
    }
  }
  /** An event of any file: what `ahead` did is of before it. */
  const touched = () => {
    aheadDone = false;
    if (!options.ahead || !timer) return;
    if (aheadTimer) clearTimeout(aheadTimer);
    aheadTimer = setTimeout(goAhead, quietMs / 2);
  };
  const changed = () => {
    if (closed) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(run, quietMs);
    touched();
  };

  const watchers = new Map<WatchedFolder, FSWatcher>();
  const polls = new Map<WatchedFolder, NodeJS.Timeout>();
  /** The folder's watch (again), or, while it is missing, a look for it every POLL_MS. */
  const start = (folder: WatchedFolder): void => {
    watchers.get(folder)?.close();
    watchers.delete(folder);
    if (closed) return;
    if (!existsSync(folder.dir)) {
      // Nothing to run from until it is back (its return runs the job): a run now would only report it missing again.
      if (timer) clearTimeout(timer);
      if (aheadTimer) clearTimeout(aheadTimer);
      timer = aheadTimer = undefined;
      again = false;
      folder.missing?.();
      polls.set(
        folder,
        setInterval(() => {
          if (closed || !existsSync(folder.dir)) return;
          clearInterval(polls.get(folder));
          polls.delete(folder);
          start(folder);
          changed();
        }, POLL_MS),
      );
      return;
    }
    // A folder gone under the watch is waited for. A folder inside it that goes while the recursive
    // watch lists it (an `rm -rf` of the registry in progress: node 20 then fails with ENOENT on
    // that sub-folder) is watched again, from the next turn of the loop, so a removal that keeps
    // going is met by a fresh listing rather than a deeper call. Any other failure is the caller's.
    const failed = (err: NodeJS.ErrnoException) => {
      if (!existsSync(folder.dir)) return start(folder);
      if (err.code !== "ENOENT") return options.onError?.(err);
      watchers.get(folder)?.close();
      watchers.delete(folder);
      setImmediate(() => {
        if (watchers.has(folder) || polls.has(folder)) return;
        start(folder);
        changed();
      });
    };
    let watcher: FSWatcher;
    try {
      watcher = watchTree(folder.dir, (_event, file) => {
        // The folder itself (no file named): removed or moved, its watch ends here; files changed meanwhile are the run's.
        if (file === "") {
          start(folder);
          changed();
        } else if (!folder.relevant || folder.relevant(file === null ? null : String(file))) changed();
        else if (!closed) touched();
      });
    } catch (err) {
      failed(err as NodeJS.ErrnoException);
      return;
    }
    watcher.on("error", failed);
    watchers.set(folder, watcher);
  };
  for (const folder of folders) start(folder);

  return {
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      if (aheadTimer) clearTimeout(aheadTimer);
      for (const w of watchers.values()) w.close();
      for (const p of polls.values()) clearInterval(p);
      await running;
    },
  };
}
