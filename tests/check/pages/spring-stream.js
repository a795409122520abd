// The Spring contract's page (tests): chunked text/plain from /api/chat/miniapp-stream, the
// message as a form parameter; a streaming UTF-8 decoder without TextDecoder.
const API_BASE_URL = 'http://localhost:8082';
function utf8Stream() {
  let carry = [];
  return (buffer) => {
    const bytes = carry.concat(Array.from(new Uint8Array(buffer)));
    // the last complete character ends before an unfinished multi-byte sequence
    let end = bytes.length;
    for (let back = 1; back <= 3 && back <= bytes.length; back++) {
      const b = bytes[bytes.length - back];
      if ((b & 0xc0) === 0x80) continue; // continuation byte: look further back
      const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
      if (need > back) end = bytes.length - back;
      break;
    }
    carry = bytes.slice(end);
    let out = '';
    for (let i = 0; i < end; ) {
      const b = bytes[i];
      let cp;
      if (b < 0x80) { cp = b; i += 1; }
      else if (b < 0xe0) { cp = ((b & 0x1f) << 6) | (bytes[i + 1] & 0x3f); i += 2; }
      else if (b < 0xf0) { cp = ((b & 0x0f) << 12) | ((bytes[i + 1] & 0x3f) << 6) | (bytes[i + 2] & 0x3f); i += 3; }
      else { cp = ((b & 0x07) << 18) | ((bytes[i + 1] & 0x3f) << 12) | ((bytes[i + 2] & 0x3f) << 6) | (bytes[i + 3] & 0x3f); i += 4; }
      out += String.fromCodePoint(cp);
    }
    return out;
  };
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
    const decode = utf8Stream();
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
