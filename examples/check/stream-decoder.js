// A page that survives every phone: a streaming UTF-8 decoder without TextDecoder (keeps a
// character's first bytes until the rest arrive), an SSE parser with a carry-over buffer, the
// whole body in `success` where no chunk came (PC), and its own timeout for a silent network.
const API_BASE_URL = 'http://localhost:8082';
const IDLE_TIMEOUT_MS = 3000;

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
  data: { messages: [], streaming: false },

  onSend(text) {
    const replyIndex = this.data.messages.length + 1;
    this.setData({
      messages: [
        ...this.data.messages,
        { id: `u${replyIndex}`, role: 'user', content: text },
        { id: `a${replyIndex}`, role: 'assistant', content: '' },
      ],
      streaming: true,
    });
    const path = `messages[${replyIndex}].content`;
    const decode = utf8Stream();
    let reply = '';
    let pending = '';
    let chunks = 0;
    let finished = false;
    const feed = (buffer) => {
      pending += decode(buffer);
      const events = pending.split('\n\n');
      pending = events.pop(); // an event not yet complete waits for the next chunk
      for (const block of events) {
        const lines = block.split('\n');
        const name = (lines.find((l) => l.startsWith('event:')) || 'event: message').slice(6).trim();
        const data = lines.filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trim()).join('\n');
        if (name === 'done' || name === 'error') continue;
        reply += JSON.parse(data).text;
      }
      this.setData({ [path]: reply });
    };
    return new Promise((resolve) => {
      let timer = null;
      const finish = (error) => {
        if (finished) return;
        finished = true;
        clearTimeout(timer);
        const patch = { streaming: false };
        if (error) patch[path] = `${reply}\n[连接中断：${error}]`;
        this.setData(patch);
        resolve();
      };
      const task = wx.request({
        url: `${API_BASE_URL}/api/chat/sse`,
        method: 'POST',
        data: { message: text, userId: 'check-demo' },
        enableChunked: true,
        responseType: 'arraybuffer',
        success: (res) => {
          if (chunks === 0 && res.data) feed(res.data); // PC: no chunks, the whole body here
          finish(null);
        },
        fail: (err) => finish(err.errMsg),
      });
      const arm = () => {
        clearTimeout(timer);
        timer = setTimeout(() => {
          task.abort();
          finish('timeout');
        }, IDLE_TIMEOUT_MS);
      };
      arm();
      task.onChunkReceived((res) => {
        chunks += 1;
        arm();
        feed(res.data);
      });
    });
  },
});
