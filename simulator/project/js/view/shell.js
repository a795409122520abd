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
  document.addEventListener('click', (e) => {
    const r = view.recordOf(e.target);
    if (r) view.activate(r, { x: e.pageX, y: e.pageY });
  });
  window.addEventListener('error', (e) => send({ t: 'error', message: 'view: ' + e.message, file: e.filename, line: e.lineno }));
  new QWebChannel(qt.webChannelTransport, (channel) => {
    bridge = channel.objects.wxview;
    for (const text of pending.splice(0)) bridge.post(text);
    send({ t: 'ready' });
  });
})();
