// The emulators themselves: they record what they receive, answer other paths with 404, and the
// Aichat site page sets its session cookie.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAichatMock, SESSION_COOKIE, type AichatMock } from './aichat';
import { end, live, startOpchatgptsMock, type OpchatgptsMock } from './opchatgpts';

let aichat: AichatMock;
let opchatgpts: OpchatgptsMock;
beforeAll(async () => {
  [aichat, opchatgpts] = await Promise.all([startAichatMock(), startOpchatgptsMock()]);
});
afterAll(() => Promise.all([aichat.close(), opchatgpts.close()]));

describe('emulators', () => {
  it('record every request and answer unknown paths with 404', async () => {
    const response = await fetch(`${aichat.url}/nope`, { method: 'POST', body: 'x' });
    expect(response.status).toBe(404);
    expect(aichat.requests.at(-1)).toMatchObject({ method: 'POST', path: '/nope', body: 'x' });
  });

  it('Aichat: GET /chat sets a session cookie; with requireCookie a POST without it gets 403', async () => {
    const page = await fetch(`${aichat.url}/chat`);
    expect(page.headers.get('set-cookie')).toMatch(
      new RegExp(`^${SESSION_COOKIE}=mock-\\d+; Path=/`),
    );
    aichat.requireCookie = true;
    const refused = await fetch(`${aichat.url}/api/text`, { method: 'POST', body: '{}' });
    expect(refused.status).toBe(403);
    const allowed = await fetch(`${aichat.url}/api/text`, {
      method: 'POST',
      body: '{}',
      headers: { cookie: `${SESSION_COOKIE}=mock-1` },
    });
    expect(await allowed.json()).toMatchObject({ response: true });
    aichat.requireCookie = false;
  });

  it('Opchatgpts: live events then `end` whose data is a JSON string', async () => {
    const body = opchatgpts.framedBody('Hi there');
    expect(body).toBe(live('Hi ') + live('there') + end('Hi there'));
    const endLine = body.split('\n\n').at(-2)!;
    const event = JSON.parse(endLine.slice('data: '.length)) as { type: string; data: string };
    expect(event.type).toBe('end');
    expect(JSON.parse(event.data)).toMatchObject({ success: true, reply: 'Hi there' });
  });
});
