// The explorer's TreeDataProvider: it only delegates to the node models.
import * as vscode from 'vscode';
import type { ExplorerNode, ExplorerRoot } from './nodes';

export class ExplorerTreeProvider implements vscode.TreeDataProvider<ExplorerNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ExplorerNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly root: ExplorerRoot) {}

  getTreeItem(node: ExplorerNode): vscode.TreeItem | Promise<vscode.TreeItem> {
    return node.getTreeItem();
  }

  async getChildren(node?: ExplorerNode): Promise<ExplorerNode[]> {
    return node ? node.getChildren() : this.root.getChildren();
  }

  getParent(node: ExplorerNode): ExplorerNode | undefined {
    return node.getParent();
  }

  /** Re-loads one node's children, or the whole tree. */
  refresh(node?: ExplorerNode): void {
    this.changed.fire(node);
  }

  dispose(): void {
    this.changed.dispose();
  }
}
