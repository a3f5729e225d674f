/**
 * The subject hierarchy as a text tree, in the style of the seed documents:
 *
 *   waitingroom.>
 *   ├── waitingroom.position.>                  # POSITION_EVENTS
 *   │   ├── waitingroom.position.admitted.>
 *   │   │   ├── waitingroom.position.admitted.v1  # Position Admitted
 *
 * A wildcard level with a single child is skipped (the child is shown in its place), so an event
 * with one major is one line. Comments are aligned in one column.
 */

export interface TreeLeaf {
  subject: string;
  comment?: string;
}

interface Node {
  prefix: string;
  children: Map<string, Node>;
  leaf?: TreeLeaf;
  /** Every leaf at or below this node. */
  count: number;
}

export interface SubjectTreeOptions {
  /** A comment for a wildcard level, given the subjects below it (e.g. the stream holding them). */
  groupComment?: (filter: string, subjects: string[]) => string | undefined;
  /** Comments start at this column at most; longer lines get theirs two spaces after. */
  maxCommentColumn?: number;
}

// One collator for every comparison: localeCompare with a locale and options makes one per call
// (~40 µs each, ~50 ms of an edit's catalog at 1000 events); the order is the same.
const byToken = new Intl.Collator("en", { numeric: true }).compare;

export function subjectTree(leaves: TreeLeaf[], options: SubjectTreeOptions = {}): string {
  const root: Node = { prefix: "", children: new Map(), count: 0 };
  for (const leaf of leaves) {
    let node = root;
    node.count++;
    for (const token of leaf.subject.split(".")) {
      let next = node.children.get(token);
      if (!next) {
        next = { prefix: node.prefix ? `${node.prefix}.${token}` : token, children: new Map(), count: 0 };
        node.children.set(token, next);
      }
      next.count++;
      node = next;
    }
    node.leaf = leaf;
  }

  const lines: Array<{ text: string; comment?: string }> = [];
  const collapse = (node: Node): Node => {
    let n = node;
    while (!n.leaf && n.children.size === 1) n = [...n.children.values()][0]!;
    return n;
  };
  const subjectsBelow = (node: Node): string[] => {
    const out: string[] = [];
    const walk = (n: Node) => {
      if (n.leaf) out.push(n.leaf.subject);
      for (const c of n.children.values()) walk(c);
    };
    walk(node);
    return out;
  };
  const sorted = (node: Node) => [...node.children.entries()].sort(([a], [b]) => byToken(a, b)).map(([, n]) => n);

  const render = (node: Node, lead: string, connector: string, inherited: string | undefined) => {
    const n = collapse(node);
    const isGroup = n.children.size > 0;
    let comment = n.leaf?.comment;
    let passDown = inherited;
    if (isGroup) {
      const filter = `${n.prefix}.>`;
      const group = options.groupComment?.(filter, subjectsBelow(n));
      if (group && group !== inherited) comment = comment ? `${comment}; ${group}` : group;
      passDown = group ?? inherited;
    }
    const label = n.leaf ? n.prefix : `${n.prefix}.>`;
    lines.push({ text: `${lead}${connector}${label}`, ...(comment ? { comment } : {}) });
    const childLead = lead + (connector === "" ? "" : connector.startsWith("└") ? "    " : "│   ");
    const kids = sorted(n);
    kids.forEach((child, i) => render(child, childLead, i === kids.length - 1 ? "└── " : "├── ", passDown));
  };
  for (const top of sorted(root)) render(top, "", "", undefined);

  const maxCol = options.maxCommentColumn ?? 60;
  const width = Math.min(maxCol, Math.max(0, ...lines.filter((l) => l.comment).map((l) => [...l.text].length)));
  return lines
    .map((l) => {
      if (!l.comment) return l.text;
      const len = [...l.text].length;
      return `${l.text}${" ".repeat(Math.max(width - len, 0) + 2)}# ${l.comment.replace(/\s+/g, " ")}`;
    })
    .join("\n");
}
