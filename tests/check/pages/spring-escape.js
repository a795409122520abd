// The Spring contract's page (tests): chunked text/plain from /api/chat/miniapp-stream, the
// message as a form parameter; the per-chunk escape/decodeURIComponent decoder.
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
    const path = `messages[${replyIndex}].content`;
    const decode = decodeChunk;
    let reply = '';
    return new Promise((resolve) => {
      const task = wx.request({
        url: `${API_BASE_URL}/api/chat/miniapp-stream`,
        method: 'POST',
        header: { 'content-type': 'application/x-www-form-urlencoded' },
        data: { message: text },
        enableChunked: true,
        responseType: 'arraybuffer',
        fail: (err) => this.setData({ [path]: `${reply}\n[error: ${err.errMsg}]` }),
        complete: () => resolve(),
      });
      task.onChunkReceived((res) => {
        reply += decode(res.data);
        this.setData({ [path]: reply });
      });
    });
  },
});
