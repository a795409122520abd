// An automator test for the native chat project (examples/projects/native-chat), unchanged from
// what runs against WeChat DevTools apart from how it connects, plus the simulator's streaming
// helpers (sim.*). Run it with Node's own test runner against `python -m simulator auto`:
//
//   python -m simulator auto --project examples/projects/native-chat --auto-port 9420 --headless &
//   node --test examples/automation/chat.test.js
//
// WX_AUTO_WS overrides the endpoint (default ws://localhost:9420).
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const automator = require('miniprogram-automator');

const wsEndpoint = process.env.WX_AUTO_WS || 'ws://localhost:9420';
let miniProgram;
let page;

before(async () => {
  miniProgram = await automator.connect({ wsEndpoint });
  page = await miniProgram.currentPage();
});

after(() => miniProgram.disconnect());

test('typing and tapping send streams the reply into the last bubble', async () => {
  const before = (await page.data('chatList')).length;
  await (await page.$('input')).input('你好');
  assert.equal(await page.data('inputValue'), '你好'); // bindinput ran, as for a person
  await (await page.$('button')).tap();
  await page.waitFor(async () => {
    const data = await page.data();
    return data.chatList.length === before + 2 && !data.loading;
  });
  const bubbles = await page.$$('.bubble');
  const reply = await bubbles[bubbles.length - 1].text();
  assert.ok(reply.length > 0);
  assert.equal((await page.data('chatList')).at(-1).text, reply);
});

test('a modal the page opens can be mocked', async () => {
  await miniProgram.mockWxMethod('showModal', { confirm: true, cancel: false });
  const res = await miniProgram.callWxMethod('showModal', { title: '删除这条对话？' });
  assert.equal(res.confirm, true);
  await miniProgram.restoreWxMethod('showModal');
});

test('on 3G the first character shows within 2 s and the text is exact', async () => {
  await miniProgram.callWxMethod('sim.setNetwork', '3g');
  try {
    const run = await miniProgram.callWxMethod('sim.send', '介绍一下流式输出');
    assert.equal(run.completed, true);
    assert.ok(run.firstPaintMs < 2000, `first character after ${run.firstPaintMs} ms`);
    assert.equal(run.verdict, 'exact'); // checked against the stub's own record of what it sent
    const last = (await page.data('chatList')).at(-1).text;
    assert.equal(last, run.text);
  } finally {
    await miniProgram.callWxMethod('sim.setNetwork', 'none');
  }
});

test('a screenshot is a PNG', async () => {
  const base64 = await miniProgram.screenshot();
  assert.equal(Buffer.from(base64, 'base64').subarray(1, 4).toString(), 'PNG');
});
