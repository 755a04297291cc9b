// Tree nodes are models: each knows its id, its TreeItem, its children and its parent. The
// TreeDataProvider only delegates to them. A node whose children fail to load returns a
// NoticeNode saying why (with Retry), never an empty list or a lone toast.
import * as vscode from 'vscode';
import { DEFAULT_TOPIC, type SubQueue, type SubscriptionCounts } from '../core/servicebus/types';
import type { ConnectionClients } from './clients';
import type { ConnectionProfile, ConnectionStore } from './connections';
import { describeServiceBusError } from '../core/servicebus';
import { type ConnectionState, presentConnection, sameState } from './connectionState';
import { scheduledNodeText, scheduledTooltipLine, subscriptionDescription } from './countsPresentation';

export const CONTEXT = {
  connection: 'ctEvents.connection',
  sandboxConnection: 'ctEvents.connection.sandbox',
  topic: 'ctEvents.topic',
  subscription: 'ctEvents.subscription',
  deadLetter: 'ctEvents.deadLetter',
  transferDeadLetter: 'ctEvents.transferDeadLetter',
  scheduled: 'ctEvents.scheduled',
  error: 'ctEvents.error',
  info: 'ctEvents.info',
} as const;

export interface ExplorerNode {
  readonly id: string;
  getTreeItem(): vscode.TreeItem | Promise<vscode.TreeItem>;
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

  /** The topic nodes the tree has loaded (for the interval refresh of counts). */
  loadedTopics(): TopicNode[] {
    return [...this.nodes.values()].flatMap((c) => c.loadedTopic ?? []);
  }

  /** The node of a connection the tree shows, to refresh just that one. */
  connectionNode(connectionId: string): ConnectionNode | undefined {
    return this.nodes.get(connectionId);
  }
}

export class ConnectionNode implements ExplorerNode {
  readonly id: string;
  /** Kept so a counts refresh can update its subscription nodes in place. */
  loadedTopic: TopicNode | undefined;
  private rendering = false;
  private renderedState: ConnectionState | undefined;

  constructor(
    readonly profile: ConnectionProfile,
    private readonly services: ExplorerServices,
  ) {
    this.id = `connection/${profile.id}`;
  }

  /**
   * The first time, the item waits for the topic's first load, so it is drawn with the state that
   * load found: a refresh to show a state change would reload the subtree while it is still
   * loading, which VS Code refuses ("Element with id … is already registered", an empty tree).
   */
  async getTreeItem(): Promise<vscode.TreeItem> {
    this.rendering = true;
    try {
      if (this.services.clients.state(this.profile.id).kind === 'unknown') {
        await this.topicNode().preload();
      }
      return this.buildItem();
    } finally {
      this.rendering = false;
    }
  }

  /** False when the node must be refreshed to show this connection state. */
  shows(state: ConnectionState): boolean {
    return this.rendering || (this.renderedState !== undefined && sameState(this.renderedState, state));
  }

  private buildItem(): vscode.TreeItem {
    // The stored profile, not the one this node was made with: a rename keeps the node.
    const profile = this.services.store.get(this.profile.id) ?? this.profile;
    const item = new vscode.TreeItem(profile.label, vscode.TreeItemCollapsibleState.Expanded);
    item.id = this.id;
    item.contextValue = profile.kind === 'sandbox' ? CONTEXT.sandboxConnection : CONTEXT.connection;
    this.renderedState = this.services.clients.state(profile.id);
    const shown = presentConnection(profile, this.renderedState);
    item.iconPath = new vscode.ThemeIcon(shown.icon, shown.problem ? new vscode.ThemeColor('errorForeground') : undefined);
    item.description = shown.description;
    item.tooltip = shown.tooltip;
    return item;
  }

  async getChildren(): Promise<ExplorerNode[]> {
    return [this.topicNode()];
  }

  private topicNode(): TopicNode {
    this.loadedTopic ??= new TopicNode(this, DEFAULT_TOPIC, this.services);
    return this.loadedTopic;
  }

  getParent(): ExplorerNode | undefined {
    return undefined;
  }
}

export class TopicNode implements ExplorerNode {
  readonly id: string;
  /** The subscription nodes last shown, by name: kept so refresh(node) and in-place count updates work. */
  private subscriptions = new Map<string, SubscriptionNode>();
  /** The topic's scheduled messages, shown above its subscriptions (they wait here, in no subscription yet). */
  private readonly scheduled: ScheduledNode;
  private preloaded: Promise<SubscriptionCounts[]> | undefined;

  constructor(
    readonly connection: ConnectionNode,
    readonly topic: string,
    private readonly services: ExplorerServices,
  ) {
    this.id = `${connection.id}/topic/${topic}`;
    this.scheduled = new ScheduledNode(this);
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.topic, vscode.TreeItemCollapsibleState.Expanded);
    item.id = this.id;
    item.contextValue = CONTEXT.topic;
    item.iconPath = new vscode.ThemeIcon('broadcast');
    item.tooltip = `Topic ${this.topic}: Community Training publishes learner events here`;
    return item;
  }

  /** Starts the first load early (for the connection's state); the next getChildren takes its result. */
  async preload(): Promise<void> {
    this.preloaded ??= this.services.clients.listSubscriptions(this.connection.profile.id, this.topic);
    await this.preloaded.catch(() => undefined);
  }

  async getChildren(): Promise<ExplorerNode[]> {
    const load = this.preloaded ?? this.services.clients.listSubscriptions(this.connection.profile.id, this.topic);
    this.preloaded = undefined;
    let subscriptions: SubscriptionCounts[];
    try {
      subscriptions = await load;
    } catch (error) {
      return [NoticeNode.error(this, 'Could not load subscriptions', describeServiceBusError(error))];
    }
    if (subscriptions.length === 0) {
      return [NoticeNode.info(this, 'No subscriptions', `Topic ${this.topic} has no subscriptions yet.`)];
    }
    this.scheduled.counts = subscriptions;
    return [this.scheduled, ...this.adopt(subscriptions)];
  }

  get connectionId(): string {
    return this.connection.profile.id;
  }

  /**
   * Takes fresh counts into the existing nodes and returns them (each shows when its counts were
   * read, so all are re-drawn, the Scheduled node too), or undefined when subscriptions came or
   * went: then the topic must be re-loaded.
   */
  updateCounts(fresh: readonly SubscriptionCounts[]): ExplorerNode[] | undefined {
    const sameSet = fresh.length === this.subscriptions.size && fresh.every((c) => this.subscriptions.has(c.name));
    if (!sameSet) {
      return undefined;
    }
    this.scheduled.counts = fresh;
    const updated = fresh.map((counts) => {
      const node = this.subscriptions.get(counts.name) as SubscriptionNode;
      node.counts = counts;
      return node;
    });
    return [this.scheduled, ...updated];
  }

  private adopt(fresh: readonly SubscriptionCounts[]): SubscriptionNode[] {
    const next = new Map<string, SubscriptionNode>();
    for (const counts of fresh) {
      const node = this.subscriptions.get(counts.name) ?? new SubscriptionNode(this, counts);
      node.counts = counts;
      next.set(counts.name, node);
    }
    this.subscriptions = next;
    return [...next.values()];
  }

  getParent(): ExplorerNode {
    return this.connection;
  }
}

export class SubscriptionNode implements ExplorerNode {
  readonly id: string;

  constructor(
    readonly topicNode: TopicNode,
    public counts: SubscriptionCounts,
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
    item.description = subscriptionDescription(c);
    item.tooltip = [
      `Subscription ${c.name} on ${this.topicNode.topic}`,
      ...(c.requiresSession ? ['Sessions: required (peek asks for a session id; Service Bus cannot list sessions)'] : []),
      `Active: ${c.activeMessageCount}`,
      `Dead-letter: ${c.deadLetterMessageCount}`,
      scheduledTooltipLine(c, this.topicNode.topic),
      `Transfer: ${c.transferMessageCount}`,
      `Transfer dead-letter: ${c.transferDeadLetterMessageCount}`,
      ...readAtLine(c),
    ].join('\n');
    return item;
  }

  /** The dead-letter queue always; the transfer dead-letter queue only while it holds messages (it is rarely used). */
  async getChildren(): Promise<ExplorerNode[]> {
    const queues: ExplorerNode[] = [new DeadLetterNode(this, 'deadLetter')];
    if (this.counts.transferDeadLetterMessageCount > 0) {
      queues.push(new DeadLetterNode(this, 'transferDeadLetter'));
    }
    return queues;
  }

  getParent(): ExplorerNode {
    return this.topicNode;
  }
}

/**
 * The scheduled messages a topic holds: Service Bus keeps them in the topic until their time, so
 * they are in no subscription yet and only a peek of the topic shows them. Its count is the
 * topic's, which comes with every subscription's counts.
 */
export class ScheduledNode implements ExplorerNode {
  readonly id: string;
  counts: readonly SubscriptionCounts[] = [];

  constructor(readonly topicNode: TopicNode) {
    this.id = `${topicNode.id}/scheduled`;
  }

  get connectionId(): string {
    return this.topicNode.connectionId;
  }

  getTreeItem(): vscode.TreeItem {
    const text = scheduledNodeText(this.topicNode.topic, this.counts);
    const item = new vscode.TreeItem('Scheduled', vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.contextValue = CONTEXT.scheduled;
    item.iconPath = new vscode.ThemeIcon('watch');
    item.description = text.description;
    item.tooltip = [text.tooltip, ...(this.counts[0] ? readAtLine(this.counts[0]) : [])].join('\n');
    return item;
  }

  async getChildren(): Promise<ExplorerNode[]> {
    return [];
  }

  getParent(): ExplorerNode {
    return this.topicNode;
  }
}

/** A dead-letter queue of a subscription: its own, or the transfer dead-letter queue. */
export class DeadLetterNode implements ExplorerNode {
  readonly id: string;

  constructor(
    readonly subscription: SubscriptionNode,
    readonly queue: Exclude<SubQueue, 'active'> = 'deadLetter',
  ) {
    this.id = `${subscription.id}/${queue}`;
  }

  get count(): number {
    const c = this.subscription.counts;
    return this.queue === 'deadLetter' ? c.deadLetterMessageCount : c.transferDeadLetterMessageCount;
  }

  getTreeItem(): vscode.TreeItem {
    const count = this.count;
    const label = this.queue === 'deadLetter' ? 'Dead-letter queue' : 'Transfer dead-letter queue';
    const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.contextValue = this.queue === 'deadLetter' ? CONTEXT.deadLetter : CONTEXT.transferDeadLetter;
    item.iconPath = new vscode.ThemeIcon(count > 0 ? 'warning' : 'archive');
    item.description = `${count}`;
    item.tooltip = [`${count} message${count === 1 ? '' : 's'} in the ${label.toLowerCase()} of ${this.subscription.counts.name}`, ...readAtLine(this.subscription.counts)].join('\n');
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

/** "Counts read at 14:02:31" in the user's local time, when the namespace said when. */
function readAtLine(c: SubscriptionCounts): string[] {
  return c.readAt === undefined ? [] : [`Counts read at ${new Date(c.readAt).toLocaleTimeString()}`];
}
