// A fresh TextDecoder per chunk, without {stream: true}: each chunk is decoded on its own, so
// a character cut by a read becomes U+FFFD (or two). Phones have no TextDecoder, so the page
// brings the usual small fallback that decodes the same way (one chunk at a time).
const API_BASE_URL = 'http://localhost:8082';

class Utf8Fallback {
  decode(input) {
    const bytes = new Uint8Array(input);
    let out = '';
    for (let i = 0; i < bytes.length; ) {
      const b = bytes[i];
      const need = b < 0x80 ? 1 : b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 0;
      let ok = need > 0 && i + need <= bytes.length;
      for (let k = 1; ok && k < need; k++) ok = (bytes[i + k] & 0xc0) === 0x80;
      if (!ok) {
        out += '\uFFFD';
        i += 1;
        continue;
      }
      let cp = need === 1 ? b : b & (0xff >> (need + 1));
      for (let k = 1; k < need; k++) cp = (cp << 6) | (bytes[i + k] & 0x3f);
      out += String.fromCodePoint(cp);
      i += need;
    }
    return out;
  }
}

const Decoder = typeof TextDecoder !== 'undefined' ? TextDecoder : Utf8Fallback;

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
        pending += new Decoder('utf-8').decode(res.data);
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
