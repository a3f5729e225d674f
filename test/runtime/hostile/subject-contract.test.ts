/**
 * Hostile input, consume side: the subject is the contract. Permissions, stream filters and
 * consumers select messages by subject, so a message whose envelope (type and major) belongs on
 * another subject than the one it arrived on is dead-lettered as `subject-mismatch`, never
 * handled as whatever its envelope claims. "The subject's major" is the major the registry
 * publishes on that subject: with the major in the subject (`...admitted.v1`) and without it
 * (`...admitted` for v1, an x-subject for v2), with and without a runtime subjectPrefix.
 * Against a real nats-server.
 */
import { describe, expect, it } from "vitest";
import { createEventClient, environmentNames, listDeadLetters, withPrefix, type ConsumeOptions, type EventClient } from "../../../runtime/src/index.js";
import { admittedEnvelope, encoder, freshStreams, waitFor } from "../../support/consume.js";
import { consumeSuite } from "../../support/consume-suite.js";
import { TWO_MAJOR_SUBJECTS, twoMajorsRegistry, type SubjectScheme } from "../../support/two-majors-registry.js";

const suite = consumeSuite({ source: "subject-contract", registry: { maxDeliver: 3 } });

const STRAY_SUBJECT = "waitingroom.position.stray";

interface Case {
  given: string;
  /** Where it is published (before the prefix). */
  on: "v1" | "v2" | "stray";
  version: string;
  want: "handled as major 1" | "handled as major 2" | "subject-mismatch";
}

const CASES: Case[] = [
  { given: "a 1.1 envelope on the v1 subject", on: "v1", version: "1.1", want: "handled as major 1" },
  { given: "a 1.0 envelope on the v1 subject", on: "v1", version: "1.0", want: "handled as major 1" },
  { given: "a 2.0 envelope on the v2 subject", on: "v2", version: "2.0", want: "handled as major 2" },
  { given: "a 2.0 envelope on the v1 subject", on: "v1", version: "2.0", want: "subject-mismatch" },
  { given: "a 2.3 envelope on the v1 subject", on: "v1", version: "2.3", want: "subject-mismatch" },
  { given: "a 1.1 envelope on the v2 subject", on: "v2", version: "1.1", want: "subject-mismatch" },
  { given: "a 1.1 envelope on a subject no event has", on: "stray", version: "1.1", want: "subject-mismatch" },
];

const SCHEMES: SubjectScheme[] = ["major-in-subject", "no-version"];
const PREFIXES = ["", "prod"];

function subjectOf(scheme: SubjectScheme, on: Case["on"]): string {
  return on === "stray" ? STRAY_SUBJECT : TWO_MAJOR_SUBJECTS[scheme][on];
}

async function clientFor(scheme: SubjectScheme, subjectPrefix: string, maxDeliver = 3): Promise<EventClient> {
  const client = createEventClient(suite.nc, twoMajorsRegistry(scheme, { maxDeliver }), { source: "subject-contract", subjectPrefix });
  await freshStreams(client);
  return client;
}

/** Publishes every case, consumes until each is handled or dead-lettered, returns id → outcome. */
async function run(client: EventClient, scheme: SubjectScheme, prefix: string, cases: Case[], options: ConsumeOptions = {}) {
  const ids = new Map<string, Case>();
  for (const [i, c] of cases.entries()) {
    const envelope = admittedEnvelope(i, { version: c.version });
    ids.set(envelope["id"] as string, c);
    await suite.js.publish(withPrefix(prefix, subjectOf(scheme, c.on)), encoder.encode(JSON.stringify(envelope)));
  }
  const outcome = new Map<string, string>();
  const running = await client.consume(
    "analytics-processor",
    {
      "position.admitted": (event: { id: string }, ctx) => {
        outcome.set(event.id, `handled as major ${ctx.descriptor?.major}`);
      },
    },
    { retry: { backoff: ["10ms"] }, ...options },
  );
  const dlq = async () => (await suite.jsm.streams.info(environmentNames(prefix).stream("DEAD_LETTER_QUEUE"))).state.messages;
  await waitFor(async () => outcome.size + (await dlq()) >= cases.length, 15_000, () => `${cases.length} outcomes`);
  await running.stop();
  const letters = await listDeadLetters(await client.jsm(), client.registry, { subjectPrefix: prefix });
  for (const letter of letters) outcome.set(letter.eventId ?? "?", letter.reason);
  return { ids, outcome, letters };
}

describe("the subject is the contract: an envelope major that disagrees with its subject is dead-lettered", () => {
  for (const scheme of SCHEMES) {
    for (const prefix of PREFIXES) {
      it(`${scheme} subjects, subjectPrefix ${JSON.stringify(prefix)}`, async () => {
        const client = await clientFor(scheme, prefix);
        const { ids, outcome, letters } = await run(client, scheme, prefix, CASES);

        const got = Object.fromEntries([...ids].map(([id, c]) => [c.given, outcome.get(id)]));
        const want = Object.fromEntries(CASES.map((c) => [c.given, c.want]));
        expect(got).toEqual(want);
        // The dead letter says where it arrived and where the registry puts its envelope.
        for (const letter of letters) {
          const c = ids.get(letter.eventId ?? "")!;
          const major = c.version.split(".")[0] as "1" | "2";
          const expected = withPrefix(prefix, TWO_MAJOR_SUBJECTS[scheme][`v${major}`]);
          expect(letter.subject).toBe(withPrefix(prefix, subjectOf(scheme, c.on)));
          expect(letter.error).toContain(`arrived on ${letter.subject}`);
          expect(letter.error).toContain(`published on ${expected}`);
          expect(letter.deliveryCount, c.given).toBe(1);
        }
      });
    }
  }

  it("still checks the subject with validation turned off", async () => {
    const client = await clientFor("major-in-subject", "");
    const cases = CASES.filter((c) => c.want === "subject-mismatch" || c.on === "v1");
    const { ids, outcome } = await run(client, "major-in-subject", "", cases, { validate: false });
    for (const [id, c] of ids) expect(outcome.get(id), c.given).toBe(c.want);
  });

  it('with deadLetter.subjectMismatch "retry", retries it and dead-letters it on the last delivery', async () => {
    const client = await clientFor("no-version", "", 3);
    const cases = CASES.filter((c) => c.given === "a 2.0 envelope on the v1 subject");
    const { letters } = await run(client, "no-version", "", cases, { deadLetter: { subjectMismatch: "retry" } });
    expect(letters.map((l) => [l.reason, l.deliveryCount])).toEqual([["subject-mismatch", 3]]);
  });
});
