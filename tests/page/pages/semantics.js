// The platform's call styles, reported as one line per check
Page({
  data: { messages: [] },
  async onSend() {
    const out = [];
    const task = wx.request({ url: `${wxsim.backendUrl}/api/health` });
    out.push(`wx.request returns a task: ${typeof task.abort}/${typeof task.then}`);
    const res = await new Promise((resolve) => wx.request({ url: 'ftp://example.com/x', fail: resolve }));
    out.push(`bad url: ${res.errMsg}`);
    try {
      await wx.closeSocket();
      out.push('closeSocket resolved');
    } catch (err) {
      out.push(`closeSocket rejects: ${err.errMsg}`);
    }
    const fs = wx.getFileSystemManager();
    try {
      fs.readFileSync(`${wx.env.USER_DATA_PATH}/missing.txt`, 'utf8');
    } catch (err) {
      out.push(`readFileSync throws: ${err.message}`);
    }
    fs.writeFileSync(`${wx.env.USER_DATA_PATH}/a.bin`, new Uint8Array([1, 2, 250]).buffer);
    const back = fs.readFileSync(`${wx.env.USER_DATA_PATH}/a.bin`);
    out.push(`binary: ${back instanceof ArrayBuffer} ${wx.arrayBufferToBase64(back)}`);
    const health = await uni.request({ url: `${wxsim.backendUrl}/api/health` });
    out.push(`uni.request resolves: ${health.statusCode}`);
    this.setData({ messages: [{ id: 1, role: 'assistant', content: out.join('\n') }] });
  },
});
