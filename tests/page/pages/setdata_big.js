// One setData over the guidance's 256 KB (and under the 1 MB limit): a whole history resent.
Page({
  data: { messages: [] },
  onSend(text) {
    const history = '历史消息'.repeat(30000); // 120,000 characters: 360,000 bytes of UTF-8
    this.setData({
      messages: [
        { id: 1, role: 'user', content: text },
        { id: 2, role: 'assistant', content: history },
      ],
    });
  },
});
