// import every name the test passes (Node's builtinModules): each must be refused
Page({
  data: { messages: [] },
  onLoad(query) {
    this.names = query.names;
  },
  async onSend() {
    const refused = {};
    for (const name of this.names.split(',')) {
      try {
        await import(name);
        refused[name] = 'LOADED';
      } catch (err) {
        refused[name] = err.message;
      }
    }
    this.setData({ messages: [{ id: 1, role: 'assistant', content: JSON.stringify(refused) }] });
  },
});
