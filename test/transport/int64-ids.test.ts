import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstValueFrom } from 'rxjs';
import { MiroApi, MiroValidationError } from '../../src/index.js';
import { parseWithInt64, stringifyWithInt64 } from '../../src/http/int64-json.js';
import { startRecordingServer, type Reply } from '../support/recording-server.js';
import { TRANSPORTS } from '../support/transports.js';

const LABEL = '3000457366756290996'; // beyond 2^53: a double would make it 3000457366756291000
let reply: Reply = { body: {} };
let server: Awaited<ReturnType<typeof startRecordingServer>>;
let api: MiroApi;

beforeAll(async () => {
  server = await startRecordingServer(() => reply);
});
afterAll(() => server.close());

const sentText = () => server.requests.at(-1)!.body.toString('utf8');

// Every transport reads and sends the same digits: parsing is the shared answer reader's.
describe.each(TRANSPORTS)('int64 under the %s', (_name, sendingWith) => {
  beforeAll(() => {
    api = new MiroApi('token-for-tests', { baseUrl: server.url, scimBaseUrl: `${server.url}/scim`, rateLimit: false, retry: false, ...sendingWith() });
  });
  describe('int64 input is sent digit for digit', () => {
    it('a digit string for an int64 field goes out as that JSON number', async () => {
      reply = { body: { numberUpdatedBoards: 1 } };
      await firstValueFrom(api.enterpriseDataclassificationTeamBoardsBulk('o1', 't1', { labelId: LABEL, notClassifiedOnly: true }));
      expect(sentText()).toBe(`{"labelId":${LABEL},"notClassifiedOnly":true}`);
    });

    it('a bigint goes out as the same JSON number', async () => {
      await firstValueFrom(api.enterpriseDataclassificationTeamSettingsSet('o1', 't1', { defaultLabelId: BigInt(LABEL) }));
      expect(sentText()).toBe(`{"defaultLabelId":${LABEL}}`);
    });

    it('a safe number still goes out as it is', async () => {
      await firstValueFrom(api.enterpriseDataclassificationTeamSettingsSet('o1', 't1', { defaultLabelId: 42 }));
      expect(sentText()).toBe('{"defaultLabelId":42}');
    });

    it('int64 query values take bigints and digit strings exactly', async () => {
      reply = { body: { data: [] } };
      await firstValueFrom(api.enterpriseBoardExportJobs('o1', { creatorId: [BigInt(LABEL), '3458764517517852417'] }));
      expect(server.requests.at(-1)!.url).toContain(`creatorId=${LABEL}&creatorId=3458764517517852417`);
    });

    it('refuses a string that is not digits, naming the field', async () => {
      const error = await firstValueFrom(api.enterpriseDataclassificationTeamSettingsSet('o1', 't1', { defaultLabelId: '12ab' })).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MiroValidationError);
      expect((error as MiroValidationError).issues.map((issue) => issue.field)).toContain('body.defaultLabelId');
    });

    it('a digit string in a field that is not int64 stays a string', () => {
      expect(stringifyWithInt64({ name: '123', labelId: '456' }, ['labelId'])).toBe('{"name":"123","labelId":456}');
      // A caller's string that looks like the marker is not turned into a number.
      expect(JSON.parse(stringifyWithInt64({ note: '\u0001int64-x:5' }))).toEqual({ note: '\u0001int64-x:5' });
    });
  });

  describe('int64 in answers is parsed exactly', () => {
    it('a team default label sent as a number comes back as its exact digits', async () => {
      reply = {
        headers: { 'content-type': 'application/json' },
        body: `{"defaultLabelId": ${LABEL}, "enabled": true, "type": "team-data-classification-settings"}`,
      };
      const settings = await firstValueFrom(api.enterpriseDataclassificationTeamSettingsGet('o1', 't1'));
      expect(settings.defaultLabelId).toBe(LABEL);
    });

    it('read and written back, the label is the same label', async () => {
      reply = { body: `{"defaultLabelId":${LABEL}}` };
      const settings = await firstValueFrom(api.enterpriseDataclassificationTeamSettingsGet('o1', 't1'));
      reply = { body: {} };
      await firstValueFrom(api.enterpriseDataclassificationTeamSettingsSet('o1', 't1', { defaultLabelId: settings.defaultLabelId! }));
      expect(sentText()).toBe(`{"defaultLabelId":${LABEL}}`);
    });

    it('keeps safe numbers as numbers and leaves strings, escapes and decimals alone', () => {
      const text = `{"a":[${LABEL},-${LABEL},1,9007199254740991,9007199254740993],"s":"x\\": 12345678901234567890","n":12345678901234567.5,"e":1e400,"id":"3458764517517852417"}`;
      expect(parseWithInt64(text)).toEqual({
        a: [LABEL, `-${LABEL}`, 1, 9007199254740991, '9007199254740993'],
        s: 'x": 12345678901234567890',
        n: 12345678901234567.5,
        e: Infinity,
        id: '3458764517517852417',
      });
    });

    it('still reports broken JSON on the slow path', () => {
      expect(() => parseWithInt64(`{"a": ${LABEL},`)).toThrow(SyntaxError);
    });
  });

  describe('exact parsing on odd answers', () => {
    it('an answer nested deeper than the walk still parses, exactly', () => {
      const deep = `${'['.repeat(2000)}${LABEL}${']'.repeat(2000)}`;
      let value = parseWithInt64(deep);
      for (let i = 0; i < 2000; i += 1) value = (value as unknown[])[0];
      expect(value).toBe(LABEL);
    });

    it('a number beyond 2^53 with a fraction or exponent stays a number', () => {
      expect(parseWithInt64('{"a":12345678901234567.5,"b":1.2345678901234567e+30,"c":-12345678901234567e2}')).toEqual({
        a: 12345678901234567.5,
        b: 1.2345678901234567e30,
        c: -12345678901234567e2,
      });
    });
  });
});
