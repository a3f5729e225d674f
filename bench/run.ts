/**
 * `npm run bench`: starts its own nats-server, runs every benchmark section, prints one line per
 * figure (ratio against a baseline measured in the same run, and the target), and exits non-zero
 * when a target is missed. `--quick` is a one-minute smoke run; `--record` appends the figures to
 * bench/RESULTS.md with the date and machine. `--only=publish,generate` runs some sections.
 *
 * The full run takes about fourteen minutes on two quiet cores. `scaling-10k` (10000 events: minutes
 * and a few GiB more) runs only when named: `npm run bench -- --only=scaling-10k`.
 */
import { appendFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { connect } from "@nats-io/transport-node";
import { startNatsServer } from "../test/support/nats-server.js";
import { figure, formatFigure, passes, targetText, type Figure } from "./figures.js";
import { benchPublish } from "./publish.js";
import { benchPublishTracing } from "./publish-tracing.js";
import { benchGenerate, benchScaling, benchScaling10k } from "./generate.js";
import { benchColdImport } from "./cold-import.js";
import { benchConsume } from "./consume.js";
import { measureCatalogScale } from "./catalog-scale.js";
import { benchStartup } from "./startup.js";
import { benchWatch } from "./watch.js";
import { pageFaultMicros } from "./page-fault-probe.js";

const args = process.argv.slice(2);
const quick = args.includes("--quick");
const record = args.includes("--record");
const only = args.find((a) => a.startsWith("--only="))?.slice("--only=".length).split(",");

type Section = { name: string; needsServer: boolean; onlyWhenNamed?: boolean; run: (ctx: { nc?: Awaited<ReturnType<typeof connect>>; quick: boolean }) => Promise<Figure[]> };

const sections: Section[] = [
  { name: "publish", needsServer: true, run: ({ nc, quick }) => benchPublish(nc!, quick) },
  { name: "tracing", needsServer: true, run: ({ nc, quick }) => benchPublishTracing(nc!, quick) },
  { name: "consume", needsServer: true, run: ({ nc, quick }) => benchConsume(nc!, quick) },
  { name: "generate", needsServer: false, run: ({ quick }) => benchGenerate(quick) },
  { name: "scaling", needsServer: false, run: ({ quick }) => benchScaling(quick) },
  { name: "scaling-10k", needsServer: false, onlyWhenNamed: true, run: ({ quick }) => benchScaling10k(quick) },
  { name: "cold-import", needsServer: false, run: ({ quick }) => benchColdImport(quick) },
  { name: "catalog", needsServer: false, run: ({ quick }) => benchCatalog(quick) },
  { name: "startup", needsServer: false, run: ({ quick }) => benchStartup(quick) },
  { name: "watch", needsServer: false, run: ({ quick }) => benchWatch(quick) },
];

/** The catalog must grow linearly: time per event at the largest size against the smallest. */
async function benchCatalog(quick: boolean): Promise<Figure[]> {
  const sizes = quick ? [100, 400] : [250, 1000];
  const { rows } = await measureCatalogScale(sizes);
  const [small, large] = [rows[0]!, rows[rows.length - 1]!];
  const perEvent = (r: typeof small) => (r.renderMs + r.formatMs) / r.events;
  return [
    figure(`catalog render+format per event, ${large.events} vs ${small.events} events (growth)`, perEvent(large), perEvent(small), "ms/event", "<=", 2.0, `${large.files} pages, ${(large.bytes / 1e6).toFixed(1)} MB`),
  ];
}

const faultAtStart = pageFaultMicros();
const started = Date.now();
const figures: Figure[] = [];
const server = await startNatsServer();
const nc = await connect({ servers: server.url, maxReconnectAttempts: -1 });
try {
  for (const section of sections) {
    if (only ? !only.includes(section.name) : section.onlyWhenNamed) continue;
    console.log(`# ${section.name}`);
    for (const f of await section.run({ nc, quick })) {
      figures.push(f);
      console.log(formatFigure(f));
    }
  }
} finally {
  await nc.close();
  await server.dispose();
}
// The first touch of a page, at the start and at the end: what the machine charged for memory this run (page-fault-probe.ts).
const machine = `${cpus().length} x ${cpus()[0]?.model.trim() ?? "cpu"}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}; a page's first touch ${faultAtStart.toFixed(1)} µs at the start, ${pageFaultMicros().toFixed(1)} µs at the end`;
const missed = figures.filter((f) => !passes(f));
const seconds = ((Date.now() - started) / 1000).toFixed(0);
const targeted = figures.filter((f) => f.target);
console.log(`\n${targeted.length - missed.length}/${targeted.length} targets met in ${seconds} s on ${machine}`);
if (record) {
  const date = new Date().toISOString().slice(0, 16).replace("T", " ");
  appendFileSync(
    new URL("./RESULTS.md", import.meta.url),
    `\n## ${date} UTC — \`npm run bench -- ${args.join(" ")}\`\n\nMachine: ${machine}\n\n` +
      "| figure | ratio | target | measured | baseline |\n|---|---|---|---|---|\n" +
      figures.map((f) => `| ${f.name} | ${f.ratio.toFixed(3)} | ${targetText(f)} | ${f.value.toFixed(1)} ${f.unit} | ${f.baseline.toFixed(1)} ${f.unit} |`).join("\n") +
      "\n",
  );
}
process.exitCode = missed.length > 0 ? 1 : 0;
