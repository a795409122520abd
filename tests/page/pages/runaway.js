Page({
  data: { messages: [] },
  onSend() {
    this.setData({ messages: [{ id: 1, role: 'assistant', content: 'spinning' }] });
    setTimeout(() => { for (;;) {} }, 0);
  },
});
