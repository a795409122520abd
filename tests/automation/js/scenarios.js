// What tests/automation run with the real miniprogram-automator client against
// `python -m simulator auto`. Usage: node scenarios.js <name> <port> [json arg]; prints one JSON
// line (the scenario's findings) on stdout, exits 1 with the error on stderr.
'use strict';
const automator = require('miniprogram-automator');

const [name, port, rawArg] = process.argv.slice(2);
const arg = rawArg ? JSON.parse(rawArg) : {};
const connect = () => automator.connect({ wsEndpoint: `ws://localhost:${port}` });

const SCENARIOS = {
  // type into the input, tap send, wait for the reply, read it back
  async chat(mp) {
    const page = await mp.currentPage();
    const input = await page.$('input');
    await input.input(arg.message);
    const typed = await page.data('inputValue');
    const before = (await page.data('chatList')).length;
    const began = Date.now();
    await (await page.$('button')).tap();
    await page.waitFor(async () => {
      const data = await page.data();
      return data.chatList.length === before + 2 && !data.loading;
    });
    const tapToReplyMs = Date.now() - began;
    const bubbles = await page.$$('.bubble');
    const rows = await page.$$('.row');
    return {
      path: page.path,
      typed,
      tapToReplyMs,
      bubbleTexts: await Promise.all(bubbles.map((b) => b.text())),
      rowClass: await rows[rows.length - 1].attribute('class'),
      wxml: await bubbles[bubbles.length - 1].wxml(),
      data: await page.data(),
      inputValue: await input.value(),
      stack: (await mp.pageStack()).map((p) => p.path),
    };
  },

  async mock(mp) {
    const before = await mp.callWxMethod('getStorageSync', 'automation-key');
    await mp.mockWxMethod('showModal', { confirm: true, cancel: false, content: 'mocked' });
    const mocked = await mp.callWxMethod('showModal', { title: 'Delete?', content: 'really' });
    // the page's own code sees the mock too (callback style)
    const fromPage = await mp.evaluate(() => new Promise((resolve) => {
      wx.showModal({ title: 't', success: (res) => resolve(res) });
    }));
    await mp.restoreWxMethod('showModal');
    const restored = await mp.evaluate(() => typeof wx.showModal === 'function');
    await mp.mockWxMethod('getStorageSync', function (key, fallback) {
      return key === 'name' ? 'redhood' : fallback + ':' + this.origin(key);
    }, 'unknown');
    const byFunction = [await mp.callWxMethod('getStorageSync', 'name'), await mp.callWxMethod('getStorageSync', 'other')];
    await mp.restoreWxMethod('getStorageSync');
    const after = await mp.callWxMethod('getStorageSync', 'name');
    return { before, mocked, fromPage, restored, byFunction, after };
  },

  async screenshot(mp) {
    const base64 = await mp.screenshot();
    await mp.screenshot({ path: arg.path });
    const { screenWidth, screenHeight } = await mp.systemInfo();
    return { base64Prefix: base64.slice(0, 16), length: base64.length, screenWidth, screenHeight };
  },

  // a page exception (thrown from the page's timer) arrives as an `exception` event
  async exception(mp) {
    const got = new Promise((resolve) => mp.on('exception', resolve));
    const logs = [];
    mp.on('console', (msg) => logs.push(msg));
    await mp.evaluate(() => {
      console.log('from the page');
      setTimeout(() => { throw new Error('boom from a timer'); }, 0);
    });
    const event = await got;
    await new Promise((resolve) => setTimeout(resolve, 0));
    return { event, logs };
  },

  async elements(mp) {
    const page = await mp.currentPage();
    const none = await page.$('.no-such-thing');
    const noneAll = await page.$$('.no-such-thing');
    let waited = 'no';
    try {
      await page.waitFor(120);
      waited = 'yes';
    } catch (err) {
      waited = String(err);
    }
    const composer = await page.$('.composer');
    const inner = await composer.$('button');
    let evalError = null;
    try {
      await mp.evaluate(() => { throw new Error('bad evaluate'); });
    } catch (err) {
      evalError = err.message;
    }
    let callError = null;
    try {
      await page.callMethod('noSuchMethod');
    } catch (err) {
      callError = err.message;
    }
    await page.setData({ inputValue: 'set by a test' });
    const input = await page.$('input');
    await input.trigger('input', { value: 'via trigger' }); // the page's bindinput handles it
    const triggered = await page.data('inputValue');
    await input.touchstart({ touches: [{ identifier: 0, pageX: 1, pageY: 2 }] });
    await input.touchend();
    const bound = new Promise((resolve) => mp.exposeFunction('reportToTest', (...args) => resolve(args)));
    await new Promise((resolve) => setTimeout(resolve, 50)); // exposeFunction sends App.addBinding
    await mp.evaluate(() => { reportToTest('from', 'the page'); });
    const bindingArgs = await bound;
    await page.setData({ inputValue: 'set by a test' });
    return {
      none,
      noneAll,
      waited,
      innerTag: inner.tagName,
      innerText: await inner.text(),
      offset: await inner.offset(),
      size: await inner.size(),
      evalError,
      callError,
      shownValue: await input.value(),
      triggered,
      bindingArgs,
      scrollTop: await page.scrollTop(),
      property: await input.property('placeholder'),
      window: await page.size(),
    };
  },

  // the simulator's helpers: network profile and a measured send with figures and verdict
  async streaming(mp) {
    const info = await mp.callWxMethod('sim.info');
    const scenario = await mp.callWxMethod('sim.setScenario', 'ttft_ms=0,tps=300');
    let badScenario = null;
    try {
      await mp.callWxMethod('sim.setScenario', 'tps=fast');
    } catch (err) {
      badScenario = err.message;
    }
    await mp.callWxMethod('sim.setNetwork', '3g');
    const run = await mp.callWxMethod('sim.send', arg.message);
    const last = await mp.callWxMethod('sim.lastRun');
    const page = await mp.currentPage();
    const data = await page.data();
    let unknownHelper = null;
    try {
      await mp.callWxMethod('sim.noSuchHelper');
    } catch (err) {
      unknownHelper = err.message;
    }
    await mp.callWxMethod('sim.setNetwork', info.network);
    await mp.callWxMethod('sim.setScenario', '');
    return { info, scenario, badScenario, run, lastVerdict: last.verdict, data, unknownHelper };
  },

  // custom components (examples/projects/component-chat): the SDK's CustomElement
  async components(mp) {
    const page = await mp.currentPage();
    const composer = await page.$('chat-input');
    const kind = composer.constructor.name;
    const props = await composer.data();
    await (await composer.$('input')).input('先清空');
    const typed = await composer.data('value');
    await composer.callMethod('clear');
    const cleared = await composer.data('value');
    await composer.setData({ value: 'set on the component' });
    const shown = await (await composer.$('input')).value();
    await (await page.$('input')).input(arg.message); // found inside the component from the page
    await (await composer.$('button')).tap();
    await page.waitFor('chat-bubble');
    await mp.callWxMethod('sim.waitForReply', { timeoutMs: 30000 });
    const bubbles = await page.$$('chat-bubble');
    return {
      kind,
      props,
      typed,
      cleared,
      shown,
      bubbles: await Promise.all(bubbles.map((b) => b.data())),
      pageData: await page.data(),
    };
  },

  // a client that goes away in the middle of a tap and its reply
  async leave(mp) {
    const page = await mp.currentPage();
    await (await page.$('input')).input(arg.message);
    const btn = await page.$('button');
    btn.tap().catch(() => {}); // not awaited: the socket closes while it runs
    mp.disconnect();
    return { left: true };
  },

  async state(mp) {
    if (arg.wait) await mp.callWxMethod('sim.waitForReply', { timeoutMs: 30000 });
    const page = await mp.currentPage();
    return { path: page.path, data: await page.data(), info: await mp.callWxMethod('sim.info') };
  },

  // automator.launch with the shim as DevTools' cli (scripts/wx-devtools-cli)
  async launch() {
    const mp = await automator.launch({ cliPath: arg.cliPath, projectPath: arg.projectPath, port: Number(port), args: arg.args || [] });
    const page = await mp.currentPage();
    const result = { path: page.path };
    await mp.close();
    return result;
  },

  async close(mp) {
    await mp.close();
    return { closed: true };
  },
};

(async () => {
  const mp = name === 'launch' ? null : await connect();
  const result = await SCENARIOS[name](mp);
  if (mp !== null && name !== 'leave' && name !== 'close') mp.disconnect();
  // exit now: after launch() the SDK keeps a 15 s timer from its child's exit alive
  process.stdout.write(JSON.stringify(result) + '\n', () => process.exit(0));
})().catch((err) => {
  process.stderr.write(String(err && err.stack ? err.stack : err) + '\n');
  process.exit(1);
});
