// The explorer's TreeDataProvider: it only delegates to the node models, and keeps refreshes
// from overlapping the loads they would restart.
import * as vscode from 'vscode';
import type { ExplorerNode, ExplorerRoot } from './nodes';

export class ExplorerTreeProvider implements vscode.TreeDataProvider<ExplorerNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ExplorerNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private loading = 0;
  /** Refreshes asked for while children were loading; `undefined` stands for the whole tree. */
  private readonly queued = new Set<ExplorerNode | undefined>();

  constructor(private readonly root: ExplorerRoot) {}

  getTreeItem(node: ExplorerNode): vscode.TreeItem {
    return node.getTreeItem();
  }

  async getChildren(node?: ExplorerNode): Promise<ExplorerNode[]> {
    this.loading += 1;
    try {
      return await (node ? node.getChildren() : this.root.getChildren());
    } finally {
      this.loading -= 1;
      if (this.loading === 0) {
        this.flushQueued();
      }
    }
  }

  getParent(node: ExplorerNode): ExplorerNode | undefined {
    return node.getParent();
  }

  /**
   * Re-loads one node's children, or the whole tree. A refresh that arrives while children are
   * loading (a load itself changes a connection's state, which its node shows) waits until the
   * loads settle: VS Code refuses a subtree registered twice ("Element with id … is already
   * registered") and would leave it empty.
   */
  refresh(node?: ExplorerNode): void {
    if (this.loading > 0) {
      this.queued.add(node);
      return;
    }
    this.changed.fire(node);
  }

  private flushQueued(): void {
    if (this.queued.size === 0) {
      return;
    }
    const nodes = this.queued.has(undefined) ? [undefined] : [...this.queued];
    this.queued.clear();
    // On a later turn, so VS Code has taken in the children this load has just returned.
    setTimeout(() => nodes.forEach((n) => this.refresh(n)), 0);
  }

  dispose(): void {
    this.changed.dispose();
  }
}
