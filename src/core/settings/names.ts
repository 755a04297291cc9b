// Setting names as .NET compares them, held one segment at a time: a nested section and a flat
// `a:b` name meet at the same node. The reader files each entry under its node while it reads,
// so repeated settings are found with small per-section maps instead of a map of every whole name.

/** One segment of a normalized name (lower case, `__` already read as `:`). */
export class NameNode<T> {
  private children: Map<string, NameNode<T>> | undefined;
  private first: T | undefined;
  private more: T[] | undefined;

  /** The node of `key`, a normalized name relative to this node that may hold `:`. */
  descend(key: string): NameNode<T> {
    if (!key.includes(':')) {
      return this.child(key);
    }
    return key.split(':').reduce<NameNode<T>>((node, segment) => node.child(segment), this);
  }

  /** Files an item under this node; returns every item filed here when this one repeats a name. */
  add(item: T): T[] | undefined {
    if (this.first === undefined) {
      this.first = item;
      return undefined;
    }
    if (this.more === undefined) {
      this.more = [this.first];
    }
    this.more.push(item);
    return this.more;
  }

  private child(segment: string): NameNode<T> {
    this.children ??= new Map();
    let node = this.children.get(segment);
    if (node === undefined) {
      node = new NameNode<T>();
      this.children.set(segment, node);
    }
    return node;
  }
}

/** Groups of items that share a normalized name, each in the order given; for small lists. */
export function repeatedNames<T extends { key: string }>(items: readonly T[]): T[][] {
  const root = new NameNode<T>();
  const groups: T[][] = [];
  for (const item of items) {
    const group = root.descend(item.key).add(item);
    if (group?.length === 2) {
      groups.push(group);
    }
  }
  return groups;
}
