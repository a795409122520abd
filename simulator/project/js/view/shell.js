// The browser side of the window's view: the renderer on the real document, its messages to the
// host over QWebChannel (object `wxview`, slot `post(text)`), the host's through
// `WxHost.receive(msg)` (runJavaScript). A person's clicks become the platform's tap sequence.
(function () {
  'use strict';
  const pending = [];
  let bridge = null;
  function send(msg) {
    const text = JSON.stringify(msg);
    if (bridge) bridge.post(text); else pending.push(text);
  }
  for (const level of ['log', 'info', 'warn', 'error', 'debug']) {
    const orig = console[level].bind(console);
    console[level] = (...args) => {
      orig(...args);
      send({ t: 'log', level, message: args.map((a) => (typeof a === 'string' ? a : String(a))).join(' ') });
    };
  }
  const view = new WxView.View({ doc: document, send, mount: document.body, live: true });
  window.WxHost = {
    view,
    receive(msg) { view.handle(msg); },
  };
  // press → touchstart now; held 350 ms → longpress/longtap; click → touchend, tap (unless a
  // longpress handler ran)
  let press = null;
  document.addEventListener('pointerdown', (e) => {
    const r = view.recordOf(e.target);
    if (!r) return;
    const p = { x: e.pageX, y: e.pageY };
    const touch = { identifier: 0, pageX: p.x, pageY: p.y, clientX: p.x, clientY: p.y, force: 1 };
    view.fire(r, 'touchstart', {}, { touches: [touch], changedTouches: [touch] });
    press = { r, long: false, timer: setTimeout(() => {
      press.long = view.fire(r, 'longpress', p, { touches: [touch], changedTouches: [touch] }) ? 'held' : 'none';
      view.fire(r, 'longtap', p, { touches: [touch], changedTouches: [touch] });
    }, 350) };
  });
  document.addEventListener('click', (e) => {
    const r = view.recordOf(e.target);
    const p = press;
    press = null;
    if (p) clearTimeout(p.timer);
    if (r) view.activate(r, { x: e.pageX, y: e.pageY }, p && p.long === 'held' ? 'held' : false, !!p);
  });
  window.addEventListener('error', (e) => send({ t: 'error', message: 'view: ' + e.message, file: e.filename, line: e.lineno }));
  new QWebChannel(qt.webChannelTransport, (channel) => {
    bridge = channel.objects.wxview;
    for (const text of pending.splice(0)) bridge.post(text);
    send({ t: 'ready' });
  });
})();
