// Tree nodes are models: each knows its id, its TreeItem, its children and its parent. The
// TreeDataProvider only delegates to them. A node whose children fail to load returns a
// NoticeNode saying why (with Retry), never an empty list or a lone toast.
import * as vscode from 'vscode';
import { DEFAULT_TOPIC, type SubscriptionCounts } from '../core/servicebus/types';
import type { ConnectionClients } from './clients';
import type { ConnectionProfile, ConnectionStore } from './connections';
import { describeServiceBusError } from '../core/servicebus';
import { presentConnection } from './connectionState';

export const CONTEXT = {
  connection: 'ctEvents.connection',
  sandboxConnection: 'ctEvents.connection.sandbox',
  topic: 'ctEvents.topic',
  subscription: 'ctEvents.subscription',
  deadLetter: 'ctEvents.deadLetter',
  error: 'ctEvents.error',
  info: 'ctEvents.info',
} as const;

export interface ExplorerNode {
  readonly id: string;
  getTreeItem(): vscode.TreeItem;
  getChildren(): Promise<ExplorerNode[]>;
  getParent(): ExplorerNode | undefined;
}

/** What a node needs to load its children. */
export interface ExplorerServices {
  store: ConnectionStore;
  clients: ConnectionClients;
}

/** The invisible root: one ConnectionNode per profile, kept across refreshes so refresh(node) works. */
export class ExplorerRoot {
  private nodes = new Map<string, ConnectionNode>();

  constructor(private readonly services: ExplorerServices) {}

  getChildren(): ExplorerNode[] {
    const next = new Map<string, ConnectionNode>();
    for (const profile of this.services.store.list()) {
      next.set(profile.id, this.nodes.get(profile.id) ?? new ConnectionNode(profile, this.services));
    }
    this.nodes = next;
    return [...next.values()];
  }

  /** The node of a connection the tree shows, to refresh just that one. */
  connectionNode(connectionId: string): ConnectionNode | undefined {
    return this.nodes.get(connectionId);
  }
}

export class ConnectionNode implements ExplorerNode {
  readonly id: string;

  constructor(
    readonly profile: ConnectionProfile,
    private readonly services: ExplorerServices,
  ) {
    this.id = `connection/${profile.id}`;
  }

  getTreeItem(): vscode.TreeItem {
    // The stored profile, not the one this node was made with: a rename keeps the node.
    const profile = this.services.store.get(this.profile.id) ?? this.profile;
    const item = new vscode.TreeItem(profile.label, vscode.TreeItemCollapsibleState.Expanded);
    item.id = this.id;
    item.contextValue = profile.kind === 'sandbox' ? CONTEXT.sandboxConnection : CONTEXT.connection;
    const shown = presentConnection(profile, this.services.clients.state(profile.id));
    item.iconPath = new vscode.ThemeIcon(shown.icon, shown.problem ? new vscode.ThemeColor('errorForeground') : undefined);
    item.description = shown.description;
    item.tooltip = shown.tooltip;
    return item;
  }

  async getChildren(): Promise<ExplorerNode[]> {
    return [new TopicNode(this, DEFAULT_TOPIC, this.services)];
  }

  getParent(): ExplorerNode | undefined {
    return undefined;
  }
}

export class TopicNode implements ExplorerNode {
  readonly id: string;

  constructor(
    readonly connection: ConnectionNode,
    readonly topic: string,
    private readonly services: ExplorerServices,
  ) {
    this.id = `${connection.id}/topic/${topic}`;
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.topic, vscode.TreeItemCollapsibleState.Expanded);
    item.id = this.id;
    item.contextValue = CONTEXT.topic;
    item.iconPath = new vscode.ThemeIcon('broadcast');
    item.tooltip = `Topic ${this.topic}: Community Training publishes learner events here`;
    return item;
  }

  async getChildren(): Promise<ExplorerNode[]> {
    let subscriptions: SubscriptionCounts[];
    try {
      subscriptions = await this.services.clients.listSubscriptions(this.connection.profile.id, this.topic);
    } catch (error) {
      return [NoticeNode.error(this, 'Could not load subscriptions', describeServiceBusError(error))];
    }
    if (subscriptions.length === 0) {
      return [NoticeNode.info(this, 'No subscriptions', `Topic ${this.topic} has no subscriptions yet.`)];
    }
    return subscriptions.map((counts) => new SubscriptionNode(this, counts));
  }

  getParent(): ExplorerNode {
    return this.connection;
  }
}

export class SubscriptionNode implements ExplorerNode {
  readonly id: string;

  constructor(
    readonly topicNode: TopicNode,
    readonly counts: SubscriptionCounts,
  ) {
    this.id = `${topicNode.id}/subscription/${counts.name}`;
  }

  get connectionId(): string {
    return this.topicNode.connection.profile.id;
  }

  getTreeItem(): vscode.TreeItem {
    const c = this.counts;
    const item = new vscode.TreeItem(c.name, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.contextValue = CONTEXT.subscription;
    item.iconPath = new vscode.ThemeIcon('inbox');
    item.description = `${c.activeMessageCount} active · ${c.deadLetterMessageCount} dead-letter`;
    item.tooltip = [
      `Subscription ${c.name} on ${this.topicNode.topic}`,
      `Active: ${c.activeMessageCount}`,
      `Dead-letter: ${c.deadLetterMessageCount}`,
      `Scheduled: ${c.scheduledMessageCount}`,
      `Transfer: ${c.transferMessageCount}`,
      `Transfer dead-letter: ${c.transferDeadLetterMessageCount}`,
    ].join('\n');
    return item;
  }

  async getChildren(): Promise<ExplorerNode[]> {
    return [new DeadLetterNode(this)];
  }

  getParent(): ExplorerNode {
    return this.topicNode;
  }
}

export class DeadLetterNode implements ExplorerNode {
  readonly id: string;

  constructor(readonly subscription: SubscriptionNode) {
    this.id = `${subscription.id}/deadLetter`;
  }

  getTreeItem(): vscode.TreeItem {
    const count = this.subscription.counts.deadLetterMessageCount;
    const item = new vscode.TreeItem('Dead-letter queue', vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.contextValue = CONTEXT.deadLetter;
    item.iconPath = new vscode.ThemeIcon(count > 0 ? 'warning' : 'archive');
    item.description = `${count}`;
    item.tooltip = `${count} message${count === 1 ? '' : 's'} in the dead-letter queue of ${this.subscription.counts.name}`;
    return item;
  }

  async getChildren(): Promise<ExplorerNode[]> {
    return [];
  }

  getParent(): ExplorerNode {
    return this.subscription;
  }
}

/** A leaf that says why its parent has nothing to show; error notices offer Retry (re-load the parent). */
export class NoticeNode implements ExplorerNode {
  readonly id: string;

  constructor(
    readonly parent: ExplorerNode,
    private readonly severity: 'error' | 'info',
    private readonly label: string,
    readonly reason: string,
  ) {
    this.id = `${parent.id}/${severity}`;
  }

  static error(parent: ExplorerNode, label: string, reason: string): NoticeNode {
    return new NoticeNode(parent, 'error', label, reason);
  }

  static info(parent: ExplorerNode, label: string, reason: string): NoticeNode {
    return new NoticeNode(parent, 'info', label, reason);
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.label, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.description = this.reason;
    item.tooltip = this.reason;
    if (this.severity === 'error') {
      item.contextValue = CONTEXT.error;
      item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'));
      item.command = { command: 'ctEvents.retry', title: 'Retry', arguments: [this] };
    } else {
      item.contextValue = CONTEXT.info;
      item.iconPath = new vscode.ThemeIcon('info');
    }
    return item;
  }

  async getChildren(): Promise<ExplorerNode[]> {
    return [];
  }

  getParent(): ExplorerNode {
    return this.parent;
  }
}
