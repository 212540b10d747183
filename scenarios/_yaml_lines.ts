/**
 * Maps a path in a parsed scenario back to a line of its YAML text, so a
 * problem found on the data can be shown where the person wrote it.
 */
import { isMap, isScalar, isSeq, type LineCounter, type Node, type ParsedNode } from "yaml";
import type { Document } from "yaml";

/**
 * The 1-based line of the deepest node on `path` that exists: the key's line
 * for a mapping entry, the item's line for a list entry, and the document's
 * first line when not even the first segment exists.
 */
export function lineOfPath(
  doc: Document.Parsed,
  lines: LineCounter,
  path: readonly PropertyKey[],
): number | null {
  let node: Node | null = doc.contents as ParsedNode | null;
  let offset = node?.range?.[0];
  for (const seg of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => keyText(p.key) === String(seg));
      if (pair === undefined) break;
      offset = (pair.key as Node | null)?.range?.[0] ?? offset;
      node = pair.value as Node | null;
    } else if (isSeq(node)) {
      const item = node.items[Number(seg)] as Node | undefined;
      if (item === undefined || !Number.isInteger(Number(seg))) break;
      offset = item.range?.[0] ?? offset;
      node = item;
    } else {
      break;
    }
  }
  return offset === undefined ? null : lines.linePos(offset).line;
}

function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  return typeof key === "string" ? key : undefined;
}
