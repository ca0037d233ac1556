import type { SimulatorBoard, SimulatorItem } from './types.js';
import type { IdSource } from './id-source.js';
import { notFound } from './miro-errors.js';

/** A tag of a board, in Miro's shape. */
export interface SimulatorTag {
  id: string;
  type: 'tag';
  title: string;
  fillColor: string;
}

/** A connector between two items. */
export interface SimulatorConnector {
  id: string;
  type: 'connector';
  startItem: { id: string; [field: string]: unknown };
  endItem: { id: string; [field: string]: unknown };
  shape: string;
  captions?: unknown[];
  style?: Record<string, unknown>;
  createdAt: string;
  modifiedAt: string;
  [field: string]: unknown;
}

export interface SimulatorGroup {
  id: string;
  type: 'group';
  data: { items: string[] };
}

export interface SimulatorBoardMember {
  id: string;
  type: 'board_member';
  name: string;
  role: string;
  email?: string;
}

/** Something kept in creation order with a sequence number, which is what cursors point at. */
export interface Sequenced<T> {
  seq: number;
  value: T;
}

/** Everything one board holds. Maps keep insertion order, which is the order lists answer in. */
export interface BoardRecord {
  board: SimulatorBoard;
  items: Map<string, Sequenced<SimulatorItem>>;
  /** `items` as an array in creation order, kept until the next addition or deletion (paging reads it). */
  itemOrder?: Sequenced<SimulatorItem>[];
  /** Tag ids attached to each item. */
  itemTags: Map<string, Set<string>>;
  tags: Map<string, SimulatorTag>;
  connectors: Map<string, Sequenced<SimulatorConnector>>;
  groups: Map<string, Sequenced<SimulatorGroup>>;
  members: Map<string, SimulatorBoardMember>;
}

/** A board's items in creation order, from a copy that is rebuilt only after a change. */
export function itemsInOrder(record: BoardRecord): readonly Sequenced<SimulatorItem>[] {
  return (record.itemOrder ??= [...record.items.values()]);
}

/** The in-memory boards of one simulator. */
export class BoardStore {
  readonly boards = new Map<string, BoardRecord>();
  #seq = 0;

  constructor(
    readonly ids: IdSource,
    private readonly now: () => number,
  ) {}

  /** ISO time of now, as Miro writes `createdAt`. */
  timestamp(): string {
    return new Date(this.now()).toISOString().replace(/\.\d{3}Z$/, 'Z');
  }

  nextSeq(): number {
    return ++this.#seq;
  }

  createBoard(fields: { name?: string; description?: string; [field: string]: unknown }, userId: string, teamId = 'team-1'): BoardRecord {
    const id = this.ids.board();
    const at = this.timestamp();
    const user = { id: userId, type: 'user', name: userId };
    const board: SimulatorBoard = {
      ...fields,
      id,
      type: 'board',
      name: fields.name ?? 'Untitled',
      description: fields.description ?? '',
      createdAt: at,
      createdBy: user,
      modifiedAt: at,
      modifiedBy: user,
      owner: user,
      team: { id: teamId, type: 'team', name: 'Simulated team' },
      currentUserMembership: { id: userId, type: 'board_member', name: userId, role: 'owner' },
      viewLink: `https://miro.com/app/board/${id}`,
    };
    const record: BoardRecord = {
      board,
      items: new Map(),
      itemTags: new Map(),
      tags: new Map(),
      connectors: new Map(),
      groups: new Map(),
      members: new Map([[userId, { id: userId, type: 'board_member', name: userId, role: 'owner' }]]),
    };
    this.boards.set(id, record);
    return record;
  }

  /** The board or a 404 in Miro's shape. */
  boardOrThrow(boardId: string): BoardRecord {
    const record = this.boards.get(boardId);
    if (!record) throw notFound('Board', boardId);
    return record;
  }

  itemOrThrow(record: BoardRecord, itemId: string, type?: string): SimulatorItem {
    const stored = record.items.get(itemId);
    if (!stored || (type !== undefined && stored.value.type !== type)) throw notFound(type ? `Item of type ${type}` : 'Item', itemId);
    return stored.value;
  }

  addItem(record: BoardRecord, item: SimulatorItem): SimulatorItem {
    record.items.set(item.id, { seq: this.nextSeq(), value: item });
    record.itemOrder = undefined;
    return item;
  }

  /** Deletes an item with what refers to it: tags attached, group membership, connectors. */
  deleteItem(record: BoardRecord, itemId: string): void {
    record.items.delete(itemId);
    record.itemOrder = undefined;
    record.itemTags.delete(itemId);
    for (const [id, connector] of record.connectors) {
      if (connector.value.startItem.id === itemId || connector.value.endItem.id === itemId) record.connectors.delete(id);
    }
    for (const [id, group] of record.groups) {
      group.value.data.items = group.value.data.items.filter((member) => member !== itemId);
      if (group.value.data.items.length === 0) record.groups.delete(id);
    }
    for (const { value } of record.items.values()) {
      if (value.parent?.id === itemId) delete value.parent;
    }
  }
}
