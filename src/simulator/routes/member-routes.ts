import type { OperationHandlers, RouteRequest } from '../simulator-context.js';
import { boardUrl, requestUrl } from '../presenters.js';
import { offsetPage } from '../paging.js';
import { invalidParameters, notFound } from '../miro-errors.js';
import type { SimulatorBoardMember } from '../board-store.js';

/** Board members: list (offset paging), share (invite by email), get, change role, remove. */
export const memberRoutes: OperationHandlers = {
  'get-board-members': {
    handle(request) {
      const record = request.sim.store.boardOrThrow(request.params.board_id!);
      const self = requestUrl(request.sim, `/v2/boards/${encodeURIComponent(record.board.id)}/members`, request.query);
      return {
        status: 200,
        body: offsetPage([...record.members.values()], request.query, request.operation.pageSize, self, (member) => present(request, member)),
      };
    },
  },
  'share-board': {
    handle(request) {
      const record = request.sim.store.boardOrThrow(request.params.board_id!);
      const { emails, role } = request.body as { emails: string[]; role?: string };
      const invalid = emails.filter((email) => !/^[^@\s]+@[^@\s]+$/.test(email));
      if (invalid.length === emails.length) throw invalidParameters('no valid email address to invite', 'emails');
      const successful: number[] = [];
      for (const email of emails) {
        if (invalid.includes(email)) continue;
        const existing = [...record.members.values()].find((member) => member.email === email);
        const member: SimulatorBoardMember = existing ?? {
          id: request.sim.store.ids.member(),
          type: 'board_member',
          name: email.split('@')[0]!,
          role: role ?? 'commenter',
          email,
        };
        if (!existing) record.members.set(member.id, member);
        successful.push(Number(member.id));
      }
      return { status: 201, body: { successful, failed: invalid.map((email) => ({ email, reason: 'invalid email address' })) } };
    },
  },
  'get-specific-board-member': { handle: (request) => ({ status: 200, body: present(request, memberOrThrow(request)) }) },
  'update-board-member': {
    handle(request) {
      const member = memberOrThrow(request);
      if (member.role === 'owner') throw invalidParameters("the board owner's role cannot be changed", 'role');
      const { role } = (request.body ?? {}) as { role?: string };
      if (role !== undefined) member.role = role;
      return { status: 200, body: present(request, member) };
    },
  },
  'remove-board-member': {
    handle(request) {
      const member = memberOrThrow(request);
      if (member.role === 'owner') throw invalidParameters('the board owner cannot be removed', 'board_member_id');
      request.sim.store.boardOrThrow(request.params.board_id!).members.delete(member.id);
      return { status: 204 };
    },
  },
};

function memberOrThrow(request: RouteRequest): SimulatorBoardMember {
  const record = request.sim.store.boardOrThrow(request.params.board_id!);
  const member = record.members.get(request.params.board_member_id!);
  if (!member) throw notFound('Board member', request.params.board_member_id!);
  return member;
}

function present(request: RouteRequest, member: SimulatorBoardMember) {
  const { email: _email, ...fields } = member;
  return { ...fields, links: { self: `${boardUrl(request.sim, request.params.board_id!)}/members/${member.id}` } };
}
