// A native mini-program page: wx.request + enableChunked, an SSE parser, this.setData.
// The server address is hard-coded as a real page does; the simulator maps it to its backend.
const API_BASE_URL = 'http://localhost:8082';

function utf8Decoder() {
  // chunks may split a character: keep the incomplete tail for the next chunk
  const decoder = new TextDecoder('utf-8');
  return (buffer) => decoder.decode(new Uint8Array(buffer), { stream: true });
}

Page({
  data: { messages: [], streaming: false },

  onSend(text) {
    const messages = this.data.messages;
    const replyIndex = messages.length + 1;
    this.setData({
      messages: [
        ...messages,
        { id: `u${replyIndex}`, role: 'user', content: text },
        { id: `a${replyIndex}`, role: 'assistant', content: '' },
      ],
      streaming: true,
    });
    let reply = '';
    let pending = '';
    const decode = utf8Decoder();
    return new Promise((resolve) => {
      const task = wx.request({
        url: `${API_BASE_URL}/api/chat/sse`,
        method: 'POST',
        data: { message: text, userId: 'page-demo' },
        enableChunked: true,
        responseType: 'arraybuffer',
        success: () => {},
        fail: (err) => console.error('request failed', err.errMsg),
        complete: () => {
          this.setData({ streaming: false });
          resolve();
        },
      });
      task.onChunkReceived((res) => {
        pending += decode(res.data);
        const events = pending.split('\n\n');
        pending = events.pop();
        for (const block of events) {
          const lines = block.split('\n');
          const name = (lines.find((l) => l.startsWith('event:')) || 'event: message').slice(6).trim();
          const data = lines.filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trim()).join('\n');
          if (name === 'done') return;
          if (name === 'error') throw new Error(`backend error ${data}`);
          reply += JSON.parse(data).text;
          this.setData({ [`messages[${replyIndex}].content`]: reply });
        }
      });
    });
  },
});
