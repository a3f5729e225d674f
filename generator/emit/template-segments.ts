/**
 * A template cut, at its top-level `{{#each <list>}}` blocks, into parts rendered apart: the parts
 * between the blocks from the template's data, and each block item by item, so that an emitter can
 * keep what one item rendered to and render only the items that changed (emit/package/index-fragments.ts).
 *
 * Joining the parts gives the text rendering the whole template gives, byte for byte: Handlebars
 * writes a template's statements one after another, and `each` writes its body once per item. The
 * template is compiled once with each cut-out block's helper `each` swapped for one that calls the
 * body for each item just as `each` does, hands back each item's text apart and writes a marker
 * in its place (`Compile`), so `../` and `@root` read what they read in the whole template, and
 * one call renders the parts between the blocks and any number of items. A block is cut out only
 * when what it renders for an
 * item cannot depend on the item's place or on the other items: its body reads no `@index`,
 * `@first`, `@last` or `@key`, no partial, no decorator, no list through `../` or `@root`, and it
 * has no `{{else}}`. The parts between the blocks must not read the lists at all, nor the whole
 * data (`this`). A template that breaks one of these is not cut (`undefined`): its emitter renders
 * it whole.
 */
import type Handlebars from "handlebars";

type Node = { type: string; [key: string]: unknown };
type PathNode = Node & { data: boolean; depth: number; parts: string[]; original: string };

/** One top-level `{{#each list}}` block, and the names of the data it reads through `../` or `@root` besides the item. */
export interface CutBlock {
  list: string;
  reads: string[];
}

export interface TemplateSegments {
  /** The cut-out blocks, in template order. */
  blocks: CutBlock[];
  /**
   * The template rendered from `data`, whose lists hold only the items to render: the texts
   * between the blocks (one more than the blocks) and what each block rendered for each item;
   * undefined when the texts between cannot be told apart (a text holding the marker).
   */
  render(data: Record<string, unknown>): { between: string[]; items: string[][] } | undefined;
}

/** Compiles the template with its cut-out blocks' helper named `helper`: the text, `marker` where each block was, and each block's items' texts. */
export interface Compile {
  helper: string;
  marker: string;
  compile(program: Node): (data: Record<string, unknown>) => { text: string; items: string[][] };
}

/** The template's top-level statements with its cut-out blocks' helper renamed (`Compile.helper`): what is compiled, and the blocks cut out. */
export interface TemplateCut {
  blocks: CutBlock[];
  program: Node;
}

/** `lists`: the data members whose items are rendered apart. */
export function templateSegments(ast: Node, lists: readonly string[], compile: Compile): TemplateSegments | undefined {
  const cut = cutTemplate(ast, lists, compile.helper);
  return cut && segmentsOf(cut.blocks, compile.marker, () => compile.compile(cut.program));
}

/** The template `ast` cut at its top-level `{{#each}}` over `lists`, their helper renamed `helper`; undefined when it cannot be cut (see above). */
export function cutTemplate(ast: Node, lists: readonly string[], helper: string): TemplateCut | undefined {
  const blocks: CutBlock[] = [];
  const body: Node[] = [];
  for (const statement of ast.body as Node[]) {
    const list = eachOf(statement, lists);
    if (list === undefined) {
      if (!readsNoList(statement, lists)) return undefined;
      body.push(statement);
      continue;
    }
    const reads = itemReads(statement, lists);
    if (reads === undefined) return undefined;
    blocks.push({ list, reads });
    body.push({ ...statement, path: { ...(statement.path as Node), original: helper, parts: [helper] } });
  }
  return { blocks, program: { ...ast, body } };
}

/** The segments of a cut template whose program `compiled()` compiles (once, when first rendered), `marker` standing where each block was. */
export function segmentsOf(blocks: CutBlock[], marker: string, compiled: () => ReturnType<Compile["compile"]>): TemplateSegments {
  let delegate: ReturnType<Compile["compile"]> | undefined;
  return {
    blocks,
    render(data) {
      const { text, items } = (delegate ??= compiled())(data);
      const between = text.split(marker);
      return between.length === blocks.length + 1 && items.length === blocks.length ? { between, items } : undefined;
    },
  };
}

/** The list a top-level `{{#each list}}` (no `{{else}}`, no block parameters, no hash) walks, else undefined. */
function eachOf(statement: Node, lists: readonly string[]): string | undefined {
  if (statement.type !== "BlockStatement") return undefined;
  const path = statement.path as PathNode;
  const params = statement.params as Node[];
  const program = statement.program as Node;
  if (path.type !== "PathExpression" || path.original !== "each" || statement.inverse || statement.hash) return undefined;
  if (params.length !== 1 || program.blockParams) return undefined;
  const list = params[0] as PathNode;
  if (list.type !== "PathExpression" || list.data || list.depth !== 0 || list.parts.length !== 1) return undefined;
  return lists.includes(list.parts[0]!) ? list.parts[0] : undefined;
}

const PLACE = new Set(["index", "first", "last", "key"]);
const OPAQUE = new Set(["PartialStatement", "PartialBlockStatement", "DecoratorBlock", "Decorator"]);

/** What the block's body reads of the data beside its item, or undefined when an item's text may depend on more than the item and those. */
function itemReads(block: Node, lists: readonly string[]): string[] | undefined {
  const reads = new Set<string>();
  let ok = true;
  walk(block.program as Node, (node) => {
    if (OPAQUE.has(node.type)) ok = false;
    if (node.type !== "PathExpression") return;
    const path = node as PathNode;
    if (path.data && PLACE.has(path.parts[0] ?? "")) ok = false;
    const fromRoot = path.data && path.parts[0] === "root";
    if (!fromRoot && path.depth === 0) return;
    const name = fromRoot ? path.parts[1] : path.parts[0];
    if (name === undefined || lists.includes(name)) ok = false;
    else reads.add(name);
  });
  return ok ? [...reads].sort() : undefined;
}

/** Whether a part between blocks reads no list and not the whole data. */
function readsNoList(statement: Node, lists: readonly string[]): boolean {
  let ok = true;
  walk(statement, (node) => {
    if (OPAQUE.has(node.type)) ok = false;
    if (node.type !== "PathExpression") return;
    const path = node as PathNode;
    const parts = path.data && path.parts[0] === "root" ? path.parts.slice(1) : path.data ? ["@"] : path.parts;
    if (parts.length === 0 || lists.includes(parts[0]!)) ok = false;
  });
  return ok;
}

function walk(node: unknown, visit: (node: Node) => void): void {
  if (Array.isArray(node)) {
    for (const child of node) walk(child, visit);
    return;
  }
  if (typeof node !== "object" || node === null) return;
  const n = node as Node;
  if (typeof n.type === "string") visit(n);
  for (const [key, value] of Object.entries(n)) if (key !== "loc" && key !== "strip") walk(value, visit);
}
