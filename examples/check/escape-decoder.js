// The decoder most copy-pasted chat pages use: bytes → a Latin-1 string → escape →
// decodeURIComponent, once per chunk. Fine while every chunk ends on a whole character
// (DevTools); on a phone a read that cuts a character throws "URIError: URI malformed".
const API_BASE_URL = 'http://localhost:8082';

function decodeChunk(buffer) {
  return decodeURIComponent(escape(String.fromCharCode(...new Uint8Array(buffer))));
}

Page({
  data: { messages: [] },

  onSend(text) {
    const replyIndex = this.data.messages.length + 1;
    this.setData({
      messages: [
        ...this.data.messages,
        { id: `u${replyIndex}`, role: 'user', content: text },
        { id: `a${replyIndex}`, role: 'assistant', content: '' },
      ],
    });
    let reply = '';
    let pending = '';
    return new Promise((resolve) => {
      const task = wx.request({
        url: `${API_BASE_URL}/api/chat/sse`,
        method: 'POST',
        data: { message: text, userId: 'check-demo' },
        enableChunked: true,
        responseType: 'arraybuffer',
        fail: (err) => this.setData({ [`messages[${replyIndex}].content`]: `${reply}\n[出错了：${err.errMsg}]` }),
        complete: () => resolve(),
      });
      task.onChunkReceived((res) => {
        pending += decodeChunk(res.data);
        const events = pending.split('\n\n');
        pending = events.pop();
        for (const block of events) {
          const data = block.split('\n').filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trim()).join('\n');
          if (block.startsWith('event: done') || data === '[DONE]') continue;
          reply += JSON.parse(data).text;
        }
        this.setData({ [`messages[${replyIndex}].content`]: reply });
      });
    });
  },
});
