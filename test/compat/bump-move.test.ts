/**
 * `jetschema bump` when the latest minor holds an unreleased edit: on a real temporary git
 * repository holding a copy of the flagship registry, the edit moves into the new version, the
 * edited minor goes back to its committed content, and what cannot be told apart is said.
 */
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { runCheck } from "../../generator/check-run.js";
import { readTree } from "../support/tree.js";
import { git, run, tempDir } from "./support.js";

const tmp = tempDir("bump-move");
const schemas = join(tmp, "schemas");
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A fresh copy of the flagship registry, committed unless `committed` is false. */
function setUp(committed = true): void {
  rmSync(tmp, { recursive: true, force: true });
  cpSync("schemas", schemas, { recursive: true });
  if (!committed) return;
  git(tmp, "init", "-q", "-b", "main");
  git(tmp, "add", ".");
  git(tmp, "commit", "-q", "-m", "release");
}
beforeEach(() => setUp());

const read = (file: string) => readFileSync(join(schemas, file), "utf8");
const json = (file: string) => JSON.parse(read(file));
const released = (file: string) => readFileSync(join("schemas", file), "utf8");
const errors = () => runCheck(schemas).diagnostics.filter((d) => d.severity === "error");
const bump = (...args: string[]) => run("bump", ...args, "--schemas", schemas);

function edit(file: string, change: (doc: any) => void): string {
  const doc = json(file);
  change(doc);
  const text = JSON.stringify(doc, null, 2) + "\n";
  writeFileSync(join(schemas, file), text);
  return text;
}

/** Breaking in BACKWARD: data written with 1.0 and 1.1 may lack ip_address; both examples have one. */
const requireIp = (doc: any) => doc.required.push("ip_address");
/** Compatible: a new optional field. */
const addPriority = (doc: any) => (doc.properties.priority = { type: "integer", minimum: 0, description: "Queue priority class." });
/** Breaking, with examples kept valid. */
const requirePriority = (doc: any) => {
  addPriority(doc);
  doc.required.push("priority");
  for (const example of doc.examples) example.priority = 0;
};

const STARTED = "session/started/1.1.json";
const ADMITTED = "position/admitted/1.1.json";

describe("bump moves an unreleased edit of the latest minor", () => {
  it("--major moves a breaking edit into the new major and restores the minor to its committed content", async () => {
    const edited = edit(STARTED, requireIp);
    const r = await bump("session.started", "--major");
    expect(r.code, r.err).toBe(0);
    expect(read("session/started/2.0.json")).toBe(edited);
    expect(read(STARTED)).toBe(released(STARTED));
    expect(r.out).toContain(`moved the edit of session.started 1.1 into ${schemas}/session/started/2.0.json: session.started 2.0 (subject waitingroom.session.started.v2, stream SESSION_EVENTS)`);
    expect(r.out).toContain(`restored ${schemas}/${STARTED} to its content at HEAD`);
    expect(json("registry.json").streams.SESSION_EVENTS.subjects).toEqual(["waitingroom.session.*.v1", "waitingroom.session.*.v2"]);
    expect(errors()).toEqual([]);
  });

  it("--minor moves a compatible edit into the next minor and restores the edited one", async () => {
    const edited = edit(STARTED, addPriority);
    const r = await bump("session.started", "--minor");
    expect(r.code, r.err).toBe(0);
    expect(read("session/started/1.2.json")).toBe(edited);
    expect(read(STARTED)).toBe(released(STARTED));
    expect(r.out).toContain(`moved the edit of session.started 1.1 into ${schemas}/session/started/1.2.json`);
    expect(errors()).toEqual([]);
  });

  it("--against <ref> takes that ref as the released content, so an edit already committed moves too", async () => {
    git(tmp, "tag", "v1");
    const edited = edit(STARTED, requireIp);
    git(tmp, "commit", "-qam", "require ip_address");
    const r = await bump("session.started", "--major", "--against", "v1");
    expect(r.code, r.err).toBe(0);
    expect(read("session/started/2.0.json")).toBe(edited);
    expect(read(STARTED)).toBe(released(STARTED));
    expect(r.out).toContain(`restored ${schemas}/${STARTED} to its content at v1`);
  });

  it("an edit already committed is not moved without --against, and the output says why", async () => {
    edit(STARTED, requireIp);
    git(tmp, "commit", "-qam", "require ip_address");
    const r = await bump("session.started", "--major");
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain("session.started 1.1 is the same as at HEAD: there is no edit to move (to move one that is already committed, name the release: --against <ref>)");
    expect(r.err).toContain("were there before this bump");
  });

  it("errors that come with the moved edit are listed apart from the ones that were there before", async () => {
    edit(STARTED, (doc) => doc.required.push("user_agent")); // the first example has no user_agent
    edit("queue/paused/1.0.json", (doc) => (doc.examples = [{}])); // unrelated, and already wrong
    const r = await bump("session.started", "--major");
    expect(r.code, r.err).toBe(0);
    const [moved, before] = r.err.split("were there before this bump");
    expect(moved).toContain(`came with the edit and are now in ${schemas}/session/started/2.0.json`);
    expect(moved).toMatch(/session\/started\/2\.0\.json:\d+:\d+ at #\/examples\/0: error: Every example is valid/);
    expect(before).toContain("queue/paused/1.0.json");
    expect(before).not.toContain("session/started");
  });

  it("an unknown --against ref is a usage error (exit 2) and writes nothing", async () => {
    const before = readTree(schemas);
    const r = await bump("session.started", "--major", "--against", "no-such-ref");
    expect(r.code).toBe(2);
    expect(r.err).toContain('unknown git ref "no-such-ref"');
    expect(readTree(schemas)).toEqual(before);
  });
});

describe("an edit of an older major", () => {
  it("--from 1 starts the new major from the edited minor and restores it", async () => {
    const edited = edit(ADMITTED, requirePriority);
    const r = await bump("position.admitted", "--major", "--from", "1");
    expect(r.code, r.err).toBe(0);
    expect(read("position/admitted/3.0.json")).toBe(edited);
    expect(read(ADMITTED)).toBe(released(ADMITTED));
    expect(json("registry.json").streams.POSITION_EVENTS.subjects).toContain("waitingroom.position.*.v3");
    expect(errors()).toEqual([]);
  });

  it("--from 2 starts from 2.0, leaves the edit of 1.1 where it is, and never suggests a 4.0", async () => {
    edit(ADMITTED, requirePriority);
    const r = await bump("position.admitted", "--major", "--from", "2");
    expect(r.code, r.err).toBe(0);
    expect(json("position/admitted/3.0.json").properties).toEqual(json("position/admitted/2.0.json").properties);
    expect(json(ADMITTED).required).toContain("priority");
    expect(r.err).toContain("your edit of position.admitted 1.1 is not part of 3.0 and stays where it is");
    expect(r.out + r.err).not.toContain("4.0");
  });

  it("--minor without @major bumps the major that holds the edit", async () => {
    const edited = edit(ADMITTED, addPriority);
    const r = await bump("position.admitted", "--minor");
    expect(r.code, r.err).toBe(0);
    expect(read("position/admitted/1.2.json")).toBe(edited);
    expect(read(ADMITTED)).toBe(released(ADMITTED));
    expect(existsSync(join(schemas, "position/admitted/2.1.json"))).toBe(false);
  });
});

describe("a bump that cannot be done as asked writes nothing", () => {
  const cases: Array<{ why: string; given: string[]; edit?: [string, (doc: any) => void]; code: number; err: string[] }> = [
    { why: "a breaking edit with --minor", given: ["session.started", "--minor"], edit: [STARTED, requireIp], code: 1, err: ["the edit of session.started 1.1 is breaking", "jetschema bump session.started --major"] },
    {
      why: "an edit of an older major, --major without --from: it says which content the new major can start from",
      given: ["position.admitted", "--major"],
      code: 1,
      err: ["the edit is in position.admitted 1.1, but the latest major is 2", "--from 1 starts 3.0.json from your edited 1.1", "--from 2 starts it from 2.0"],
    },
    { why: "--from that is not a number", given: ["position.admitted", "--major", "--from", "one"], code: 2, err: ["a major is a whole number, such as 1"] },
    { why: "--from a major that does not exist", given: ["position.admitted", "--major", "--from", "7"], code: 2, err: ['unknown major "7" of position.admitted; majors: 1, 2'] },
    { why: "--from with --minor", given: ["position.admitted", "--minor", "--from", "1"], code: 2, err: ["--from goes with --major; for a minor of an older major, write event@major"] },
    { why: "event@major with --major", given: ["position.admitted@1", "--major"], code: 1, err: ["--from 1 starts it from position.admitted 1.1"] },
  ];
  for (const { why, given, edit: [file, change] = [ADMITTED, requirePriority], code, err } of cases) {
    it(`${why} (bump ${given.join(" ")}): exit ${code}`, async () => {
      edit(file, change);
      const before = readTree(schemas);
      const r = await bump(...given);
      expect(r.code).toBe(code);
      for (const text of err) expect(r.err).toContain(text);
      expect(readTree(schemas)).toEqual(before);
    });
  }
});

describe("following check's advice for a breaking edit ends with a clean check", () => {
  /** The bump the first breaking error of `check` names, as arguments of `jetschema bump`. */
  function advisedBump(): string[] {
    const message = errors().find((d) => (d.breaks ?? []).length > 0)?.message ?? "";
    const advice = /jetschema bump (\S+) --major(?: --from (\d+))?/.exec(message);
    expect(advice, message).not.toBeNull();
    return [advice![1]!, "--major", ...(advice![2] ? ["--from", advice![2]] : [])];
  }

  const cases: Array<{ why: string; start: string[]; minor: string; major: string; advice: string }> = [
    {
      why: "a new minor, never committed, of the latest major",
      start: ["session.started", "--minor"],
      minor: "session/started/1.2.json",
      major: "session/started/2.0.json",
      advice: "jetschema bump session.started --major moves your edit of 1.2 into 2.0.json and restores 1.2 as last committed (or removes it, if 1.2 was never committed)",
    },
    {
      why: "a new minor, never committed, of an older major",
      start: ["position.admitted@1", "--minor"],
      minor: "position/admitted/1.2.json",
      major: "position/admitted/3.0.json",
      advice: "jetschema bump position.admitted --major --from 1 moves your edit of 1.2 into 3.0.json and restores 1.2 as last committed (or removes it, if 1.2 was never committed)",
    },
  ];
  for (const { why, start, minor, major, advice } of cases) {
    it(`${why}: bump --major moves the edit into the new major and removes the unreleased minor`, async () => {
      expect((await bump(...start)).code).toBe(0);
      const edited = edit(minor, requirePriority);
      expect(errors()[0]!.message).toContain(advice);
      const r = await bump(...advisedBump());
      expect(r.code, r.err).toBe(0);
      expect(existsSync(join(schemas, minor))).toBe(false);
      expect(read(major)).toBe(edited);
      expect(r.out).toContain(`removed ${schemas}/${minor}: it is not in HEAD, so no released version is lost`);
      expect(errors()).toEqual([]);
    });
  }

  it("bump --minor of a new minor with a breaking edit refuses and names --major", async () => {
    expect((await bump("session.started", "--minor")).code).toBe(0);
    edit("session/started/1.2.json", requirePriority);
    const before = readTree(schemas);
    const r = await bump("session.started", "--minor");
    expect(r.code).toBe(1);
    expect(r.err).toContain("the edit of session.started 1.2 is breaking, and a minor must stay compatible; nothing was written. A breaking change goes in a new major: jetschema bump session.started --major");
    expect(readTree(schemas)).toEqual(before);
  });

  it("bump --minor of a breaking edit of a lone 1.0 names the edit of 1.0, not a 1.1 that was never written", async () => {
    edit("queue/paused/1.0.json", (doc) => {
      doc.properties.priority = { type: "integer" };
      doc.required.push("priority");
      for (const example of doc.examples) example.priority = 0;
    });
    const before = readTree(schemas);
    const r = await bump("queue.paused", "--minor");
    expect(r.code).toBe(1);
    expect(r.err).toContain("the edit of queue.paused 1.0 is breaking (as 1.1 it breaks: A property became required without a default (BACKWARD) at #/required/3), and a minor must stay compatible; nothing was written. A breaking change goes in a new major: jetschema bump queue.paused --major");
    expect(r.err).not.toContain("your edit of 1.1");
    expect(readTree(schemas)).toEqual(before);
    expect((await bump("queue.paused", "--major")).code).toBe(0);
    expect(errors()).toEqual([]);
  });
});

describe("a released version number is never given to another schema", () => {
  const cases: Array<{ why: string; deleted: string; given: string[]; against?: string; err: string[] }> = [
    {
      why: "the next minor was released and deleted here",
      deleted: STARTED,
      given: ["session.started", "--minor"],
      err: [`session.started 1.1 was released: ${schemas}/${STARTED} is in HEAD`, `git checkout HEAD -- ${schemas}/${STARTED}`, "the next free number is 1.2"],
    },
    {
      why: "the next major was released and deleted here",
      deleted: "position/admitted/2.0.json",
      given: ["position.admitted", "--major"],
      err: [`position.admitted 2.0 was released: ${schemas}/position/admitted/2.0.json is in HEAD`, `git checkout HEAD -- ${schemas}/position/admitted/2.0.json`, "the next free number is 3.0"],
    },
    {
      why: "the next major is in the --against ref, its deletion committed",
      deleted: "position/admitted/2.0.json",
      given: ["position.admitted", "--major", "--against", "v1"],
      against: "v1",
      err: [`position.admitted 2.0 was released: ${schemas}/position/admitted/2.0.json is in v1`, `git checkout v1 -- ${schemas}/position/admitted/2.0.json`, "the next free number is 3.0"],
    },
  ];
  for (const { why, deleted, given, against, err } of cases) {
    it(`${why}: bump ${given.join(" ")} refuses (exit 1) and writes nothing`, async () => {
      if (against) git(tmp, "tag", against);
      rmSync(join(schemas, deleted));
      if (against) git(tmp, "commit", "-qam", "delete a released version");
      const before = readTree(schemas);
      const r = await bump(...given);
      expect(r.code, r.out).toBe(1);
      for (const text of err) expect(r.err).toContain(text);
      expect(readTree(schemas)).toEqual(before);
    });
  }
});

describe("no released content to compare with", () => {
  it("outside a git repository, bump copies the minor as it is and says it could not tell the edit apart", async () => {
    setUp(false);
    const edited = edit(STARTED, requireIp);
    const r = await bump("session.started", "--major");
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain(`${schemas} is not in a git repository, so bump cannot tell an edit of session.started 1.1 from its released content: 2.0 is a copy of 1.1 as it is now`);
    expect(read("session/started/2.0.json")).toBe(edited);
    expect(read(STARTED)).toBe(edited);
  });

  it("a minor that is not committed yet has no released content; it is copied as it is", async () => {
    expect((await bump("session.started", "--minor")).code).toBe(0);
    const r = await bump("session.started", "--major");
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain("session.started 1.2 is not in HEAD, so it has no released content to restore: 2.0 is a copy of 1.2 as it is now");
  });
});

describe("the compatibility error's advice", () => {
  it("for the latest major, names the bump that moves the edit", () => {
    edit(STARTED, requireIp);
    const [e] = errors();
    expect(e!.message).toContain("A breaking change needs a new major: publish it as 2.0, on subject waitingroom.session.started.v2: jetschema bump session.started --major moves your edit of 1.1 into 2.0.json and restores 1.1 as last committed (or removes it, if 1.1 was never committed)");
  });

  it("for an older major, says which content the new major can start from", () => {
    edit(ADMITTED, requirePriority);
    const [e] = errors();
    expect(e!.message).toContain("jetschema bump position.admitted --major --from 1 moves your edit of 1.1 into 3.0.json and restores 1.1 as last committed (or removes it, if 1.1 was never committed); --from 2 starts 3.0.json from 2.0 instead and leaves 1.1 to you");
  });

  it("check --against names the bumps that move an edit of a released latest minor", async () => {
    edit(ADMITTED, addPriority);
    const r = await run("check", "--schemas", schemas, "--against", "HEAD");
    expect(r.code).toBe(1);
    expect(r.err).toContain("Move the edit into a new version: jetschema bump position.admitted@1 --minor --against HEAD moves it into 1.2 and restores 1.1 (a compatible change); jetschema bump position.admitted --major --from 1 --against HEAD moves it into 3.0 (a breaking one)");
  });
});
