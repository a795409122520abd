// what a page can see: mini-program globals, not Node's
Page({
  data: { messages: [] },
  async onSend() {
    const seen = ['process', 'Buffer', 'require', 'global', 'fetch'].map((n) => `${n}:${typeof globalThis[n]}`);
    let imported = 'ok';
    try { await import('node:fs'); } catch (err) { imported = err.message; }
    this.setData({
      'messages[0]': { id: 'a', role: 'assistant', content: [...seen, imported, `backend:${wxsim.backendUrl}`].join('|') },
      'meta.deep[2].x': 1,
    });
    this.setData({ 'messages[0].content': this.data.messages[0].content + `|deep:${JSON.stringify(this.data.meta)}` });
  },
});
