const kept = [];
Page({
  data: { messages: [] },
  onSend() {
    this.setData({ messages: [{ id: 1, role: 'assistant', content: 'allocating' }] });
    setTimeout(() => { for (;;) kept.push(new Array(1e5).fill(kept.length)); }, 0);
  },
});
